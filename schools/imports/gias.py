"""The DfE "Get Information About Schools" establishment file (edubasealldataYYYYMMDD.csv).

Columns are matched by header name, never position; unknown columns are ignored. Only state-funded schools of
the chosen local authority are in scope; everything else is counted as skipped. Upsert by URN; a closed school
is marked closed, never deleted; a changed headteacher becomes a dated HeadteacherEvent. All or nothing.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from ..models import Authority, HeadteacherEvent, School
from .base import (
    CellError,
    Columns,
    ImportFileError,
    ImportResult,
    count_data_lines,
    decode,
    parse_date,
    parse_decimal,
    parse_int,
    parse_urn,
    read_rows,
    today,
)

COLUMNS = {
    "urn": "URN",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "establishment_number": "EstablishmentNumber",
    "name": "EstablishmentName",
    "type": "TypeOfEstablishment (name)",
    "type_group": "EstablishmentTypeGroup (name)",
    "status": "EstablishmentStatus (name)",
    "open_date": "OpenDate",
    "close_date": "CloseDate",
    "phase": "PhaseOfEducation (name)",
    "low_age": "StatutoryLowAge",
    "high_age": "StatutoryHighAge",
    "religious_character": "ReligiousCharacter (name)",
    "diocese": "Diocese (name)",
    "number_on_roll": "NumberOfPupils",
    "percent_fsm": "PercentageFSM",
    "trust_code": "Trusts (code)",
    "trust_name": "Trusts (name)",
    "street": "Street",
    "locality": "Locality",
    "town": "Town",
    "county": "County (name)",
    "postcode": "Postcode",
    "website": "SchoolWebsite",
    "telephone": "TelephoneNum",
    "head_title": "HeadTitle (name)",
    "head_first": "HeadFirstName",
    "head_last": "HeadLastName",
    "head_job_title": "HeadPreferredJobTitle",
    "last_changed": "LastChangedDate",
}
# School field -> column key, where they differ.
FIELD_COLUMN = {"establishment_type": "type", "laestab": "establishment_number", "head_name": "head_last"}
REQUIRED = ("urn", "la_code", "name", "type", "status")

# GIAS "TypeOfEstablishment (name)" of state-funded schools -> whether the authority has intervention powers.
STATE_FUNDED_TYPES = {
    "community school": True,
    "voluntary aided school": True,
    "voluntary controlled school": True,
    "foundation school": True,
    "local authority nursery school": True,
    "community special school": True,
    "foundation special school": True,
    "pupil referral unit": True,
    "academy converter": False,
    "academy sponsor led": False,
    "academy special converter": False,
    "academy special sponsor led": False,
    "academy alternative provision converter": False,
    "academy alternative provision sponsor led": False,
    "academy 16-19 converter": False,
    "academy 16-19 sponsor led": False,
    "academy 16 to 19 sponsor led": False,
    "free schools": False,
    "free schools special": False,
    "free schools alternative provision": False,
    "free schools 16 to 19": False,
    "university technical college": False,
    "studio schools": False,
    "city technology college": False,
}

TYPE_GROUPS = {
    "local authority maintained schools": School.TypeGroup.LA_MAINTAINED,
    "academies": School.TypeGroup.ACADEMIES,
    "free schools": School.TypeGroup.FREE_SCHOOLS,
    "special schools": School.TypeGroup.SPECIAL,
    "other types": School.TypeGroup.OTHER,
}

PHASES = {
    "nursery": School.Phase.NURSERY,
    "primary": School.Phase.PRIMARY,
    "middle deemed primary": School.Phase.MIDDLE,
    "middle deemed secondary": School.Phase.MIDDLE,
    "middle": School.Phase.MIDDLE,
    "secondary": School.Phase.SECONDARY,
    "all-through": School.Phase.ALL_THROUGH,
    "all through": School.Phase.ALL_THROUGH,
    "16 plus": School.Phase.SIXTEEN_PLUS,
    "not applicable": School.Phase.NOT_APPLICABLE,
}

STATUSES = {
    "open": School.Status.OPEN,
    "open, but proposed to close": School.Status.OPEN_PROPOSED_TO_CLOSE,
    "proposed to open": School.Status.PROPOSED_TO_OPEN,
    "closed": School.Status.CLOSED,
}

# Values GIAS uses for "nothing here" in descriptive columns.
_NOT_APPLICABLE = {"not applicable", "does not apply", "none", "unknown", "not recorded"}

# Fields a blank GIAS cell does not wipe (QA leads may have recorded them by hand).
_KEEP_WHEN_BLANK = {"telephone", "website"}

_MAX_LENGTHS = {f.name: f.max_length for f in School._meta.get_fields() if getattr(f, "max_length", None)}
_url = URLValidator(schemes=["http", "https"])


def _descriptive(value):
    return "" if value.strip().lower() in _NOT_APPLICABLE else value.strip()


def _website(value):
    value = value.strip()
    if not value:
        return ""
    if not value.lower().startswith(("http://", "https://")):
        value = "https://" + value
    try:
        _url(value)
    except ValidationError:
        return ""
    return value[:200]


def _row_values(columns, row):
    """The School field values one GIAS row gives, and per-column errors. Only columns present are returned."""
    values = {}
    errors = []

    def cell(key):
        return columns.get(row, key)

    try:
        values["urn"] = parse_urn(cell("urn"))
    except CellError as exc:
        errors.append((columns.label["urn"], str(exc)))
    name = cell("name")
    if not name:
        errors.append((columns.label["name"], "The school name is missing"))
    values["name"] = name
    if columns.has("establishment_number"):
        number = cell("establishment_number")
        if number:
            if not number.isdigit() or len(number) > 4:
                errors.append((columns.label["establishment_number"], f"‘{number}’ is not an establishment number"))
            else:
                values["laestab"] = f"{cell('la_code')}{int(number):04d}"
    type_name = cell("type")
    values["establishment_type"] = type_name
    values["is_maintained"] = STATE_FUNDED_TYPES[type_name.lower()]
    if columns.has("type_group"):
        values["type_group"] = TYPE_GROUPS.get(cell("type_group").lower(), School.TypeGroup.OTHER)
    status = cell("status").lower()
    if status not in STATUSES:
        errors.append((columns.label["status"], f"‘{cell('status')}’ is not a GIAS establishment status"))
    else:
        values["status"] = STATUSES[status]
    if columns.has("phase"):
        phase = cell("phase").lower()
        if phase in PHASES:
            values["phase"] = PHASES[phase]
        elif phase:
            errors.append((columns.label["phase"], f"‘{cell('phase')}’ is not a GIAS phase of education"))
        else:
            values["phase"] = School.Phase.NOT_APPLICABLE
    for key, field_name in (("open_date", "open_date"), ("close_date", "close_date")):
        if columns.has(key):
            try:
                values[field_name] = parse_date(cell(key))
            except CellError as exc:
                errors.append((columns.label[key], str(exc)))
    if columns.has("last_changed"):
        with contextlib.suppress(CellError):  # informative only: never reject a school for it
            values["gias_last_changed"] = parse_date(cell("last_changed"))
    for key, field_name in (("low_age", "statutory_low_age"), ("high_age", "statutory_high_age")):
        if columns.has(key):
            try:
                values[field_name] = parse_int(cell(key), maximum=25)
            except CellError as exc:
                errors.append((columns.label[key], str(exc)))
    if columns.has("number_on_roll"):
        try:
            values["number_on_roll"] = parse_int(cell("number_on_roll"), maximum=100000)
        except CellError as exc:
            errors.append((columns.label["number_on_roll"], str(exc)))
    if columns.has("percent_fsm"):
        try:
            fsm = parse_decimal(cell("percent_fsm"), places=1, maximum=100)
            if fsm is not None and fsm < 0:
                raise CellError("A percentage cannot be negative")
            values["percent_fsm"] = fsm
        except CellError as exc:
            errors.append((columns.label["percent_fsm"], str(exc)))
    for key in ("religious_character", "diocese", "trust_code", "trust_name", "county"):
        if columns.has(key):
            values[key] = _descriptive(cell(key))
    for key in ("street", "locality", "town", "postcode", "telephone"):
        if columns.has(key):
            values[key] = cell(key)
    if columns.has("postcode"):
        values["postcode"] = values["postcode"].upper()
    if columns.has("website"):
        values["website"] = _website(cell("website"))
    if columns.has("head_first") or columns.has("head_last"):
        title = _descriptive(cell("head_title"))
        values["head_name"] = " ".join(part for part in (title, cell("head_first"), cell("head_last")) if part)
    if columns.has("head_job_title"):
        values["head_job_title"] = _descriptive(cell("head_job_title"))
    labels = {FIELD_COLUMN.get(key, key): columns.label.get(FIELD_COLUMN.get(key, key), key) for key in values}
    for key, value in values.items():
        limit = _MAX_LENGTHS.get(key)
        if limit and isinstance(value, str) and len(value) > limit:
            errors.append((labels[FIELD_COLUMN.get(key, key)], f"Longer than {limit} characters"))
    if values.get("open_date") and values.get("close_date") and values["close_date"] < values["open_date"]:
        errors.append((columns.label["close_date"], "The close date is before the open date"))
    return values, errors


def _changes(school, values):
    changed = {}
    for key, value in values.items():
        if key == "urn":
            continue
        if key in _KEEP_WHEN_BLANK and not value:
            continue
        if getattr(school, key) != value:
            changed[key] = value
    return changed


def import_gias(data, *, la_code, dry_run=False, authority=None, user=None, progress=None, on_date=None):
    """Import one LA's state-funded schools from a GIAS establishment file. Returns an ImportResult.

    `authority` (optional) is the register the schools join; by default the local authority with `la_code`,
    created from the file's LA name if it does not exist yet.
    """
    result = ImportResult(kind="gias", dry_run=dry_run)
    la_code = str(la_code).strip()
    on_date = on_date or today()
    try:
        text, result.encoding = decode(data)
        header, rows = read_rows(text)
        columns = Columns(header, COLUMNS, required=REQUIRED)
        result.recognised_columns, result.ignored_columns = columns.recognised, columns.ignored
        total = count_data_lines(text)
        planned = []  # (line, values)
        seen = {}
        la_name = ""
        for count, (line, row) in enumerate(rows, start=1):
            result.rows_read += 1
            if progress and count % 250 == 0:
                progress(min(count, total), total)
            if columns.get(row, "la_code") != la_code:
                result.skip("Another local authority")
                continue
            type_name = columns.get(row, "type")
            if type_name.lower() not in STATE_FUNDED_TYPES:
                result.skip(f"Not a state-funded school ({type_name or 'no type'})")
                continue
            la_name = la_name or columns.get(row, "la_name")
            values, errors = _row_values(columns, row)
            for column, reason in errors:
                result.add_error(line, column, reason)
            if errors:
                continue
            if values["urn"] in seen:
                result.add_error(
                    line, columns.label["urn"], f"URN {values['urn']} is also on line {seen[values['urn']]}"
                )
                continue
            seen[values["urn"]] = line
            planned.append((line, values))
    except ImportFileError as exc:
        result.add_error(1, exc.column, exc.reason)
    if not result.ok:
        result.zero_counts()
        return result

    existing = School.objects.in_bulk([values["urn"] for _, values in planned], field_name="urn")
    creates, updates = [], []
    for _line, values in planned:
        school = existing.get(values["urn"])
        if school is None:
            if values.get("status") == School.Status.CLOSED:
                result.skip("Closed and not on the register")
                continue
            creates.append(values)
            result.created += 1
        else:
            changed = _changes(school, values)
            if changed:
                updates.append((school, changed))
                result.updated += 1
            else:
                result.unchanged += 1
    if dry_run or not (creates or updates):
        if progress:
            progress(total, total)
        return result

    with transaction.atomic():
        if authority is None:
            authority = Authority.objects.filter(kind=Authority.Kind.LOCAL_AUTHORITY, code=la_code).first()
            if authority is None:
                authority = Authority(
                    kind=Authority.Kind.LOCAL_AUTHORITY, code=la_code, name=la_name or f"LA {la_code}"
                )
                authority.full_clean()
                authority.save()
        for values in creates:
            school = School(authority=authority, **values)
            school._history_user = user
            school.save()
        for school, changed in updates:
            old_head = school.head_name
            for key, value in changed.items():
                setattr(school, key, value)
            school._history_user = user
            school.save(update_fields=list(changed))
            if "head_name" in changed and school.head_name:
                HeadteacherEvent.objects.get_or_create(
                    school=school,
                    started_on=on_date,
                    name=school.head_name,
                    defaults={"job_title": school.head_job_title, "previous_name": old_head, "source": "gias"},
                )
        result.written = True
    if progress:
        progress(total, total)
    return result
