"""Ofsted's management information on state-funded schools, "latest inspections", in either layout it has published.

Each row is one school and holds up to three inspections, each of which becomes an OfstedInspection (upsert by
inspection number, history kept):

- the layout published since November 2025: the report card ("latest full inspection"), the latest graded
  inspection under the previous framework ("OEIF") and the latest ungraded inspection;
- the layout to 31 August 2025: the latest graded inspection, the latest ungraded inspection since it, and the
  previous graded inspection.

Headers are matched whatever their case, spacing or punctuation. Empty cells hold the text NULL; dates are
dd/mm/yyyy. All or nothing: a fault in any row changes nothing and is reported with its line and column.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from qa_portal.data_versions import authority_data_changed

from ..models import OfstedInspection, School
from ..signals import inspections_imported
from .base import (
    CellError,
    Columns,
    CsvText,
    ImportFileError,
    ImportResult,
    normalise_header,
    parse_date,
    parse_urn,
    read_rows,
    readable_rows,
)

G = OfstedInspection.Grade
RC = OfstedInspection.ReportCardGrade
COC = OfstedInspection.CategoryOfConcern
FW = OfstedInspection.Framework

GRADED_FIELDS = (
    "overall_effectiveness",
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years",
    "sixth_form",
)


@dataclass(frozen=True)
class Block:
    """The columns of one inspection within a row. `columns` maps a field to its header; `grades` a graded field
    (or report-card area) to its header."""

    kind: str  # an OfstedInspection.Framework value
    number: str
    start_date: str
    columns: dict[str, str] = field(default_factory=dict)
    grades: dict[str, str] = field(default_factory=dict)
    default_type: str = ""


@dataclass(frozen=True)
class Layout:
    name: str
    marker: str  # a header only this layout has
    blocks: tuple[Block, ...]


_REPORT_CARD_HEADERS = {
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_well_being": "Personal development and wellbeing",
    "early_years": "Early years (where applicable)",
    "sixth_form": "Post-16 provision (where applicable)",
    "leadership_and_governance": "Leadership and governance",
}

REPORT_CARD_LAYOUT = Layout(
    name="Ofsted management information, latest inspections (layout since November 2025)",
    marker="Inspection number of latest full inspection",
    blocks=(
        Block(
            kind=FW.REPORT_CARD,
            number="Inspection number of latest full inspection",
            start_date="Inspection start date",
            columns={
                "inspection_type": "Inspection type",
                "publication_date": "Publication date",
                "safeguarding": "Safeguarding standards",
                "category_of_concern": "Most recent category of concern",
            },
            grades=_REPORT_CARD_HEADERS,
            default_type="Report card inspection",
        ),
        Block(
            kind=FW.GRADED,
            number="Inspection number of latest OEIF graded inspection",
            start_date="Inspection start date of latest OEIF graded inspection",
            columns={
                "inspection_type": "Inspection type of latest OEIF graded inspection",
                "publication_date": "Publication date of latest OEIF graded inspection",
                "category_of_concern": "Latest OEIF category of concern",
                "safeguarding": "Latest OEIF safeguarding is effective?",
            },
            grades={
                "overall_effectiveness": "Latest OEIF overall effectiveness",
                "quality_of_education": "Latest OEIF quality of education",
                "behaviour_and_attitudes": "Latest OEIF behaviour and attitudes",
                "personal_development": "Latest OEIF personal development",
                "leadership_and_management": "Latest OEIF effectiveness of leadership and management",
                "early_years": "Latest OEIF early years provision (where applicable)",
                "sixth_form": "Latest OEIF sixth form provision (where applicable)",
            },
            default_type="Graded inspection",
        ),
        Block(
            kind=FW.UNGRADED,
            number="Latest ungraded inspection number",
            start_date="Date of latest ungraded inspection",
            columns={
                "publication_date": "Ungraded inspection publication date",
                "ungraded_outcome": "Ungraded inspection overall outcome",
            },
            default_type="Ungraded inspection",
        ),
    ),
)

GRADED_LAYOUT = Layout(
    name="Ofsted management information, latest inspections (layout to August 2025)",
    marker="Inspection number of latest graded inspection",
    blocks=(
        Block(
            kind=FW.GRADED,
            number="Inspection number of latest graded inspection",
            start_date="Inspection start date",
            columns={
                "inspection_type": "Inspection type",
                "publication_date": "Publication date",
                "category_of_concern": "Category of concern",
                "safeguarding": "Safeguarding is effective?",
            },
            grades={
                "overall_effectiveness": "Overall effectiveness",
                "quality_of_education": "Quality of education",
                "behaviour_and_attitudes": "Behaviour and attitudes",
                "personal_development": "Personal development",
                "leadership_and_management": "Effectiveness of leadership and management",
                "early_years": "Early years provision (where applicable)",
                "sixth_form": "Sixth form provision (where applicable)",
            },
            default_type="Graded inspection",
        ),
        Block(
            kind=FW.UNGRADED,
            number="Latest ungraded inspection number since last graded inspection",
            start_date="Date of latest ungraded inspection",
            columns={
                "publication_date": "Ungraded inspection publication date",
                "ungraded_outcome": "Ungraded inspection overall outcome",
            },
            default_type="Ungraded inspection",
        ),
        Block(
            kind=FW.GRADED,
            number="Previous graded inspection number",
            start_date="Previous inspection start date",
            columns={
                "publication_date": "Previous publication date",
                "category_of_concern": "Previous category of concern",
                "safeguarding": "Previous safeguarding is effective?",
            },
            grades={
                "overall_effectiveness": "Previous graded inspection overall effectiveness",
                "quality_of_education": "Previous quality of education",
                "behaviour_and_attitudes": "Previous behaviour and attitudes",
                "personal_development": "Previous personal development",
                "leadership_and_management": "Previous effectiveness of leadership and management",
                "early_years": "Previous early years provision (where applicable)",
                "sixth_form": "Previous sixth form provision (where applicable)",
            },
            default_type="Graded inspection",
        ),
    ),
)

LAYOUTS = (REPORT_CARD_LAYOUT, GRADED_LAYOUT)

KIND_LABELS = {FW.REPORT_CARD: "report card", FW.GRADED: "graded", FW.UNGRADED: "ungraded"}

_EMPTY = {"", "null", "not judged", "9", "n/a", "na", "not applicable", "none", "-", "0"}
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
    "expected standard": RC.EXPECTED,
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
    "report_card_grade_dates",
    "ungraded_outcome",
    *GRADED_FIELDS,
]


def _key(value):
    return " ".join(value.strip().lower().split())


def _grade(value):
    key = _key(value)
    if key in _EMPTY:
        return None
    if key in _GRADES:
        return _GRADES[key]
    raise CellError(f"‘{value}’ is not a grade: use 1 to 4, or Outstanding, Good, Requires improvement, Inadequate")


def _report_card(value):
    key = _key(value)
    if key in _EMPTY:
        return None
    if key in _REPORT_CARD:
        return str(_REPORT_CARD[key])
    raise CellError(
        f"‘{value}’ is not a report card grade: use Exceptional, Strong standard, Expected standard, "
        "Needs attention, Urgent improvement or Not applicable"
    )


def _category(value):
    key = _key(value)
    if key in _CATEGORIES:
        return str(_CATEGORIES[key])
    raise CellError(
        f"‘{value}’ is not a category of concern: use Special measures, "
        "Serious weaknesses / Requires significant improvement, SM, SWK or RSI"
    )


def _safeguarding(value):
    key = _key(value)
    if key in _EMPTY:
        return None
    if key in _SAFEGUARDING:
        return _SAFEGUARDING[key]
    raise CellError(f"‘{value}’ is not Yes / No or Met / Not met")


def _wanted(layout):
    """Columns.wanted for a layout: block-qualified keys so that headers shared by blocks stay apart."""
    wanted = {"urn": ("URN",)}
    for index, block in enumerate(layout.blocks):
        wanted[f"{index}:number"] = (block.number,)
        wanted[f"{index}:start_date"] = (block.start_date,)
        for name, header in block.columns.items():
            wanted[f"{index}:{name}"] = (header,)
        for name, header in block.grades.items():
            wanted[f"{index}:grade:{name}"] = (header,)
            if block.kind == FW.REPORT_CARD:
                wanted[f"{index}:date:{name}"] = (f"{header} - date of grade",)
    return wanted


def _layout_of(header):
    names = {normalise_header(name) for name in header}
    for layout in LAYOUTS:
        if normalise_header(layout.marker) in names:
            return layout
    raise ImportFileError(
        "This is not a file of Ofsted's management information on state-funded schools' latest inspections: it "
        f"has no ‘{REPORT_CARD_LAYOUT.marker}’ column (the layout since November 2025) nor "
        f"‘{GRADED_LAYOUT.marker}’ (the layout to August 2025)",
        column="",
    )


class _Row:
    def __init__(self, columns, row, line):
        self.columns, self.row, self.line = columns, row, line
        self.errors = []

    def cell(self, key):
        value = self.columns.get(self.row, key)
        return "" if value.upper() == "NULL" else value

    def fail(self, key, reason):
        self.errors.append((self.columns.label.get(key, ""), reason))

    def parse(self, key, parser, default=None):
        try:
            return parser(self.cell(key))
        except CellError as exc:
            self.fail(key, str(exc))
            return default


def _block_values(reader, index, block):
    """The inspection one block of a row describes, or None when the row holds none of that kind."""
    number = reader.cell(f"{index}:number")
    start_raw = reader.cell(f"{index}:start_date")
    if not number and not start_raw:
        return None
    values = {
        "inspection_number": number,
        "framework": str(block.kind),
        "inspection_type": (reader.cell(f"{index}:inspection_type") or block.default_type)[:100],
        "category_of_concern": "",
        "safeguarding_effective": None,
        "report_card_grades": {},
        "report_card_grade_dates": {},
        "ungraded_outcome": reader.cell(f"{index}:ungraded_outcome")[:200],
        **dict.fromkeys(GRADED_FIELDS),
    }
    if not number:
        reader.fail(f"{index}:number", "The inspection number is missing")
    elif len(number) > 20:
        reader.fail(f"{index}:number", "The inspection number is longer than 20 characters")
    values["start_date"] = reader.parse(f"{index}:start_date", parse_date)
    if not start_raw:
        reader.fail(f"{index}:start_date", f"Inspection {number} has no start date")
    values["publication_date"] = reader.parse(f"{index}:publication_date", parse_date)
    values["safeguarding_effective"] = reader.parse(f"{index}:safeguarding", _safeguarding)
    values["category_of_concern"] = reader.parse(f"{index}:category_of_concern", _category, default="")
    for name in block.grades:
        key = f"{index}:grade:{name}"
        if block.kind == FW.REPORT_CARD:
            grade = reader.parse(key, _report_card)
            if grade:
                values["report_card_grades"][name] = grade
                graded_on = reader.parse(f"{index}:date:{name}", parse_date)
                if graded_on:
                    values["report_card_grade_dates"][name] = graded_on.isoformat()
        else:
            values[name] = reader.parse(key, _grade)
    return values


def _row_inspections(layout, reader):
    inspections = []
    for index, block in enumerate(layout.blocks):
        values = _block_values(reader, index, block)
        if values is not None:
            inspections.append(values)
    # An ungraded inspection that converted to a graded one is that graded inspection: keep it once, as graded.
    graded_numbers = {v["inspection_number"] for v in inspections if v["framework"] != FW.UNGRADED}
    inspections = [
        v for v in inspections if v["framework"] != FW.UNGRADED or v["inspection_number"] not in graded_numbers
    ]
    # "Most recent category of concern" describes the school now: it belongs to the report card only when that is
    # the newest graded or report-card inspection in the row.
    full = [v for v in inspections if v["framework"] != FW.UNGRADED and v.get("start_date")]
    newest = max(full, key=lambda v: v["start_date"], default=None)
    for values in inspections:
        if values["framework"] == FW.REPORT_CARD and values is not newest:
            values["category_of_concern"] = ""
    return inspections


@dataclass
class _Planned:
    line: int
    values: dict


def _plan_inspections(planned, errors, line, school_id, inspections):
    """Add a row's inspections to `planned` (inspection number -> _Planned); one also on an earlier line with
    other values is an error."""
    for values in inspections:
        values["school_id"] = school_id
        number = values.pop("inspection_number")
        earlier = planned.get(number)
        if earlier is not None and earlier.values != values:
            errors.append((line, "", f"Inspection {number} is also on line {earlier.line}, with other values"))
            continue
        planned[number] = _Planned(line, values)


def import_ofsted(data, *, authority=None, dry_run=False, progress=None):
    """Import inspection outcomes for schools on the register (or only `authority`'s) from a file (a binary file
    object, or bytes), read a row at a time: only rows of schools on the register are kept. Returns an
    ImportResult."""
    result = ImportResult(kind="ofsted", dry_run=dry_run)
    schools = School.objects.all() if authority is None else School.objects.filter(authority=authority)
    planned = {}  # inspection number -> _Planned
    skipped = Counter()  # reasons, in the order first met
    later_errors = []  # (line, column, reason) of inspections on two lines: reported after the rows' own errors
    try:
        with CsvText(data) as csv_text:
            result.encoding, total = csv_text.encoding, csv_text.lines
            header, rows = read_rows(csv_text.text)
            layout = _layout_of(header)
            result.layout = layout.name
            columns = Columns(header, _wanted(layout), required=("urn",))
            result.recognised_columns, result.ignored_columns = columns.recognised, columns.ignored
            school_ids = dict(schools.values_list("urn", "pk"))
            for line, row in readable_rows(rows, columns, result, progress=progress, total=total):
                reader = _Row(columns, row, line)
                urn = reader.parse("urn", parse_urn)
                inspections = _row_inspections(layout, reader)
                for column, reason in reader.errors:
                    result.add_error(line, column, reason)
                if reader.errors:
                    continue
                if urn not in school_ids:
                    skipped["School not on the register"] += 1
                    continue
                if not inspections:
                    skipped["Not inspected yet"] += 1
                    continue
                _plan_inspections(planned, later_errors, line, school_ids[urn], inspections)
    except ImportFileError as exc:
        result.add_error(1, exc.column, exc.reason)
        planned, skipped, later_errors = {}, Counter(), []
    for reason, count in skipped.items():
        result.skipped += count
        result.skipped_reasons[reason] += count
    for line, column, reason in later_errors:
        result.add_error(line, column, reason)
    if not result.ok:
        result.zero_counts()
        return result

    existing = OfstedInspection.objects.in_bulk(list(planned), field_name="inspection_number")
    creates, updates = [], []
    for number, plan in planned.items():
        values = plan.values
        result.inspections_by_kind[KIND_LABELS[values["framework"]]] += 1
        inspection = existing.get(number)
        if inspection is None:
            creates.append(OfstedInspection(inspection_number=number, **values))
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
            # Once for the whole import, in its transaction (classification fires its reassessment triggers).
            inspections_imported.send(
                sender=OfstedInspection,
                school_ids={inspection.school_id for inspection in [*creates, *updates]},
                created=creates,
                updated=updates,
            )
        result.written = True
    if progress:
        progress(result.rows_read, result.rows_read)
    return result


def check_header(header):
    """Raise ImportFileError unless the headings are those of a layout this importer reads (the upload form checks
    them before queueing an import)."""
    layout = _layout_of(header)
    Columns(header, _wanted(layout), required=("urn",))
    return layout
