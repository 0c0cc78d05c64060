"""Ofsted's management information CSV of state-funded school inspection outcomes.

Headers are matched whatever their case, spacing or punctuation, and several names Ofsted has used for the same
column over the years are accepted. Each row is one inspection; the history is kept (upsert by inspection number).
Both the graded framework (1-4, category of concern) and the report-card framework in force since November 2025
(five-point evaluation areas, safeguarding met / not met) are read. All or nothing.
"""

from django.db import transaction

from qa_portal.data_versions import authority_data_changed

from ..models import OfstedInspection, School
from .base import (
    CellError,
    Columns,
    ImportFileError,
    ImportResult,
    count_data_lines,
    decode,
    parse_date,
    parse_urn,
    read_rows,
)

G = OfstedInspection.Grade
RC = OfstedInspection.ReportCardGrade
COC = OfstedInspection.CategoryOfConcern

# Graded-framework judgement fields -> accepted headers.
GRADE_COLUMNS = {
    "overall_effectiveness": ("Overall effectiveness", "Overall effectiveness grade"),
    "quality_of_education": ("Quality of education",),
    "behaviour_and_attitudes": ("Behaviour and attitudes",),
    "personal_development": ("Personal development",),
    "leadership_and_management": (
        "Effectiveness of leadership and management",
        "Leadership and management",
    ),
    "early_years": ("Early years provision (where applicable)", "Early years provision", "Early years"),
    "sixth_form": ("Sixth form provision (where applicable)", "Sixth form provision", "Sixth form"),
}

# Report-card evaluation areas -> accepted headers. Early years and sixth form share headers with the graded
# framework: a five-point value goes to the report card, a 1-4 grade to the graded field.
REPORT_CARD_COLUMNS = {
    "inclusion": ("Inclusion",),
    "curriculum_and_teaching": ("Curriculum and teaching",),
    "achievement": ("Achievement",),
    "attendance_and_behaviour": ("Attendance and behaviour",),
    "personal_development_and_well_being": (
        "Personal development and well-being",
        "Personal development and wellbeing",
    ),
    "leadership_and_governance": ("Leadership and governance",),
}
REPORT_CARD_AREA_LABELS = {
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_well_being": "Personal development and well-being",
    "leadership_and_governance": "Leadership and governance",
    "early_years": "Early years",
    "sixth_form": "Sixth form",
}

COLUMNS = {
    "urn": ("URN",),
    "inspection_number": (
        "Inspection number",
        "Inspection number of latest graded inspection",
        "Inspection number of latest full inspection",
        "Inspection ID",
    ),
    "inspection_type": (
        "Inspection type",
        "Inspection type of latest graded inspection",
        "Inspection type grouping",
    ),
    "start_date": (
        "Inspection start date",
        "Inspection start date of latest graded inspection",
        "Inspection date",
        "Start date",
        "Date of inspection",
    ),
    "publication_date": (
        "Publication date",
        "Publication date of latest graded inspection",
        "Date of publication",
        "First published date",
    ),
    "category_of_concern": ("Category of concern",),
    "safeguarding": (
        "Safeguarding is effective?",
        "Safeguarding is effective",
        "Safeguarding",
        "Safeguarding standards",
        "Is safeguarding effective",
    ),
    **GRADE_COLUMNS,
    **REPORT_CARD_COLUMNS,
}
REQUIRED = ("urn", "inspection_number", "start_date")

_NOT_JUDGED = {"", "null", "not judged", "9", "n/a", "na", "not applicable", "none", "-", "0"}
_GRADES = {
    "1": G.OUTSTANDING,
    "outstanding": G.OUTSTANDING,
    "2": G.GOOD,
    "good": G.GOOD,
    "3": G.REQUIRES_IMPROVEMENT,
    "requires improvement": G.REQUIRES_IMPROVEMENT,
    "4": G.INADEQUATE,
    "inadequate": G.INADEQUATE,
}
_REPORT_CARD = {
    "exceptional": RC.EXCEPTIONAL,
    "strong standard": RC.STRONG,
    "strong": RC.STRONG,
    "expected standard": RC.EXPECTED,
    "expected": RC.EXPECTED,
    "needs attention": RC.NEEDS_ATTENTION,
    "urgent improvement": RC.URGENT_IMPROVEMENT,
}
_CATEGORIES = {
    "": COC.NONE,
    "null": COC.NONE,
    "none": COC.NONE,
    "n/a": COC.NONE,
    "not applicable": COC.NONE,
    "no": COC.NONE,
    "sm": COC.SPECIAL_MEASURES,
    "special measures": COC.SPECIAL_MEASURES,
    "swk": COC.SERIOUS_WEAKNESSES,
    "serious weaknesses": COC.SERIOUS_WEAKNESSES,
    "serious weakness": COC.SERIOUS_WEAKNESSES,
    "rsi": COC.SERIOUS_WEAKNESSES,
    "requires significant improvement": COC.SERIOUS_WEAKNESSES,
}
_SAFEGUARDING = {"yes": True, "met": True, "effective": True, "no": False, "not met": False, "not effective": False}

FIELDS = [
    "school_id",
    "inspection_type",
    "framework",
    "start_date",
    "publication_date",
    "category_of_concern",
    "safeguarding_effective",
    "report_card_grades",
    *GRADE_COLUMNS,
]


def _key(value):
    return " ".join(value.strip().lower().split())


def _grade(value):
    key = _key(value)
    if key in _NOT_JUDGED:
        return None
    if key in _GRADES:
        return _GRADES[key]
    raise CellError(f"‘{value}’ is not a grade: use 1 to 4, or Outstanding, Good, Requires improvement, Inadequate")


def _report_card(value):
    key = _key(value)
    if key in _NOT_JUDGED:
        return None
    if key in _REPORT_CARD:
        return str(_REPORT_CARD[key])
    raise CellError(
        f"‘{value}’ is not a report card grade: use Exceptional, Strong standard, Expected standard, "
        "Needs attention or Urgent improvement"
    )


def _row_values(columns, row):
    values = {"report_card_grades": {}}
    errors = []

    def cell(key):
        return columns.get(row, key)

    def fail(key, reason):
        errors.append((columns.label[key], reason))

    try:
        values["urn"] = parse_urn(cell("urn"))
    except CellError as exc:
        fail("urn", str(exc))
    number = cell("inspection_number")
    if not number:
        fail("inspection_number", "The inspection number is missing")
    elif len(number) > 20:
        fail("inspection_number", "The inspection number is longer than 20 characters")
    values["inspection_number"] = number
    values["inspection_type"] = cell("inspection_type")[:100]
    for key in ("start_date", "publication_date"):
        try:
            values[key] = parse_date(cell(key))
        except CellError as exc:
            fail(key, str(exc))
    if "start_date" in values and values["start_date"] is None:
        fail("start_date", "The inspection start date is missing")
    for field_name in GRADE_COLUMNS:
        values[field_name] = None
        if not columns.has(field_name):
            continue
        raw = cell(field_name)
        if field_name in ("early_years", "sixth_form") and _key(raw) in _REPORT_CARD:
            values["report_card_grades"][field_name] = str(_REPORT_CARD[_key(raw)])
            continue
        try:
            values[field_name] = _grade(raw)
        except CellError as exc:
            fail(field_name, str(exc))
    for area in REPORT_CARD_COLUMNS:
        if columns.has(area):
            try:
                grade = _report_card(cell(area))
            except CellError as exc:
                fail(area, str(exc))
                continue
            if grade:
                values["report_card_grades"][area] = grade
    category = _key(cell("category_of_concern"))
    if category in _CATEGORIES:
        values["category_of_concern"] = str(_CATEGORIES[category])
    else:
        fail(
            "category_of_concern",
            f"‘{cell('category_of_concern')}’ is not a category of concern: use Special measures, "
            "Serious weaknesses / Requires significant improvement, SM, SWK or RSI",
        )
    safeguarding = _key(cell("safeguarding"))
    if safeguarding in _NOT_JUDGED:
        values["safeguarding_effective"] = None
    elif safeguarding in _SAFEGUARDING:
        values["safeguarding_effective"] = _SAFEGUARDING[safeguarding]
    else:
        fail("safeguarding", f"‘{cell('safeguarding')}’ is not Yes / No or Met / Not met")
    if values["report_card_grades"]:
        values["framework"] = OfstedInspection.Framework.REPORT_CARD
    elif values["overall_effectiveness"] is not None:
        values["framework"] = OfstedInspection.Framework.GRADED
    else:
        values["framework"] = OfstedInspection.Framework.UNGRADED
    return values, errors


def import_ofsted(data, *, authority=None, dry_run=False, progress=None):
    """Import inspection outcomes for schools on the register (or only `authority`'s). Returns an ImportResult."""
    result = ImportResult(kind="ofsted", dry_run=dry_run)
    schools = School.objects.all() if authority is None else School.objects.filter(authority=authority)
    planned = []
    try:
        text, result.encoding = decode(data)
        header, rows = read_rows(text)
        columns = Columns(header, COLUMNS, required=REQUIRED)
        result.recognised_columns, result.ignored_columns = columns.recognised, columns.ignored
        total = count_data_lines(text)
        parsed = []
        for count, (line, row) in enumerate(rows, start=1):
            result.rows_read += 1
            if progress and count % 250 == 0:
                progress(min(count, total), total)
            values, errors = _row_values(columns, row)
            for column, reason in errors:
                result.add_error(line, column, reason)
            if not errors:
                parsed.append((line, values))
    except ImportFileError as exc:
        result.add_error(1, exc.column, exc.reason)
        parsed = []
    school_ids = dict(schools.filter(urn__in={v["urn"] for _, v in parsed}).values_list("urn", "pk"))
    seen = {}
    for line, values in parsed:
        urn = values.pop("urn")
        if urn not in school_ids:
            result.skip("School not on the register")
            continue
        number = values["inspection_number"]
        if number in seen:
            result.add_error(
                line, columns.label["inspection_number"], f"Inspection {number} is also on line {seen[number]}"
            )
            continue
        seen[number] = line
        values["school_id"] = school_ids[urn]
        planned.append(values)
    if not result.ok:
        result.zero_counts()
        return result

    existing = OfstedInspection.objects.in_bulk(
        [v["inspection_number"] for v in planned], field_name="inspection_number"
    )
    creates, updates = [], []
    for values in planned:
        inspection = existing.get(values["inspection_number"])
        if inspection is None:
            creates.append(OfstedInspection(**values))
            result.created += 1
        elif any(getattr(inspection, name) != values[name] for name in FIELDS):
            for name in FIELDS:
                setattr(inspection, name, values[name])
            updates.append(inspection)
            result.updated += 1
        else:
            result.unchanged += 1
    if not dry_run and (creates or updates):
        with transaction.atomic():
            OfstedInspection.objects.bulk_create(creates, batch_size=500)
            OfstedInspection.objects.bulk_update(updates, FIELDS, batch_size=500)
            authority_data_changed(None)  # bulk writes send no signals: cached pages are made afresh
        result.written = True
    if progress:
        progress(result.rows_read, result.rows_read)
    return result
