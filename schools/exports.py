"""CSV and XLSX downloads of the register: exactly the rows the person filtered, in the order they sorted.

EXPORT_COLUMNS are the register's own (heading, function of the annotated school row); the columns other apps
register (schools.register) follow them.
"""

from qa_portal.exports import Export, Percent, export_response

from . import register
from .display import category_label, kind_label, register_outcome

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
    ("Open date", lambda s: s.open_date),
    ("Close date", lambda s: s.close_date),
    ("Trust", lambda s: s.trust_name),
    ("Trust code", lambda s: s.trust_code),
    ("Religious character", lambda s: s.religious_character),
    ("Diocese", lambda s: s.diocese),
    ("Number on roll", lambda s: s.number_on_roll),
    ("% FSM", lambda s: Percent(s.percent_fsm, sign=False) if s.percent_fsm is not None else None),
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
    ("Latest Ofsted inspection", lambda s: s.latest_ofsted_date),
    ("Current category of concern", lambda s: category_label(s.latest_ofsted_category)),
]


def _columns():
    return EXPORT_COLUMNS + [exported for column in register.columns() for exported in column.export]


def register_download(schools, file_format, *, authority):
    """The register as CSV or XLSX (dates read dd/mm/yyyy in the CSV)."""
    columns = _columns()
    export = Export(
        headers=[heading for heading, _ in columns],
        rows=([func(school) for _heading, func in columns] for school in schools),
        title="Schools",
        date_format="%d/%m/%Y",
    )
    return export_response(export, file_format, authority=authority, name="schools-register")
