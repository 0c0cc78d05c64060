"""CSV and XLSX downloads of the register: exactly the rows the person filtered, in the order they sorted.

EXPORT_COLUMNS are the register's own (heading, function of the annotated school row); the columns other apps
register (schools.register) follow them.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from . import register
from .display import category_label, kind_label, register_outcome


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


EXPORT_COLUMNS = [
    ("URN", lambda s: s.urn),
    ("LAESTAB", lambda s: s.laestab),
    ("School", lambda s: s.name),
    ("Authority", lambda s: s.authority.name),
    ("Phase", lambda s: s.get_phase_display()),
    ("Type", lambda s: s.establishment_type),
    ("Type group", lambda s: s.get_type_group_display()),
    ("Authority has intervention powers", lambda s: "Yes" if s.is_maintained else "No"),
    ("Status", lambda s: s.get_status_display()),
    ("Open date", lambda s: _date(s.open_date)),
    ("Close date", lambda s: _date(s.close_date)),
    ("Trust", lambda s: s.trust_name),
    ("Trust code", lambda s: s.trust_code),
    ("Religious character", lambda s: s.religious_character),
    ("Diocese", lambda s: s.diocese),
    ("Number on roll", lambda s: s.number_on_roll if s.number_on_roll is not None else ""),
    ("% FSM", lambda s: float(s.percent_fsm) if s.percent_fsm is not None else ""),
    ("Age range", lambda s: s.age_range),
    ("Headteacher", lambda s: s.head_name),
    ("Headteacher's job title", lambda s: s.head_job_title),
    ("Postcode", lambda s: s.postcode),
    ("Telephone", lambda s: s.telephone),
    ("Website", lambda s: s.website),
    ("QA lead", lambda s: s.qa_lead.get_full_name() if s.qa_lead else ""),
    # The latest graded or report-card inspection (what Ofsted currently says) and its category, which monitoring
    # inspections since leave in place.
    ("Latest Ofsted inspection kind", lambda s: kind_label(s.latest_ofsted_framework)),
    ("Latest Ofsted outcome", register_outcome),
    ("Latest Ofsted inspection", lambda s: _date(s.latest_ofsted_date)),
    ("Current category of concern", lambda s: category_label(s.latest_ofsted_category)),
]


def _safe(value):
    """Keep spreadsheet programs from running text as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _columns():
    return EXPORT_COLUMNS + [exported for column in register.columns() for exported in column.export]


def _rows(schools, columns):
    for school in schools:
        yield [_safe(func(school)) for _heading, func in columns]


def _filename(extension):
    return f"schools-register-{timezone.localdate():%Y-%m-%d}.{extension}"


def register_csv(schools):
    out = io.StringIO()
    writer = csv.writer(out)
    columns = _columns()
    writer.writerow([heading for heading, _ in columns])
    writer.writerows(_rows(schools, columns))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def register_xlsx(schools):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Schools")
    columns = _columns()
    sheet.append([heading for heading, _ in columns])
    for row in _rows(schools, columns):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
