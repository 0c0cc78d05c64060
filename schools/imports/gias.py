"""The DfE "Get Information About Schools" establishment file (edubasealldataYYYYMMDD.csv).

Columns are matched by header name, never position; unknown columns are ignored. Only state-funded schools of
the chosen authority are in scope: a local authority's rows are those with its `LA (code)`, a trust's those with
its GIAS group id in `Trusts (code)` (SCOPE_COLUMN); everything else is counted as skipped. Upsert by URN; a
closed school is marked closed, never deleted; a changed headteacher becomes a dated HeadteacherEvent; a school
on another authority's register moves when that authority is of the same kind (GIAS says where it is now), and is
left alone, with a warning, when it is of the other kind (an academy on its LA's register and its trust's).

A fault in a key column (URN, LA (code), EstablishmentName, TypeOfEstablishment, EstablishmentStatus; for a
trust also Trusts (code), which chooses its rows) fails the whole file, naming the line: nothing is written. A
value of any other column that cannot be used (out of range, not a date, not a web address, too long) is left out
of its row, which is imported without it (a new school has it empty, a known school keeps what it had), and is
recorded as a warning naming the line and column.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from ..models import Authority, HeadteacherEvent, School
from ..signals import headteacher_changed
from .base import (
    CellError,
    Columns,
    CsvText,
    ImportFileError,
    ImportResult,
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
# Which column chooses an authority's rows: its code is the LA code, or the trust's GIAS group id.
SCOPE_COLUMN = {Authority.Kind.LOCAL_AUTHORITY: "la_code", Authority.Kind.ACADEMY_TRUST: "trust_code"}
_OUT_OF_SCOPE = {"la_code": "Another local authority", "trust_code": "Another trust or none"}

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
    "academy secure 16 to 19": False,
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

# What a new school holds for a field whose value was left out, where that is not the model's blank.
_EMPTY = {"phase": School.Phase.NOT_APPLICABLE}

_MAX_LENGTHS = {f.name: f.max_length for f in School._meta.get_fields() if getattr(f, "max_length", None)}
_url = URLValidator(schemes=["http", "https"])


def required_columns(kind):
    """The columns a GIAS file must have to be imported for an authority of this kind."""
    scope = SCOPE_COLUMN[kind]
    return REQUIRED if scope in REQUIRED else (*REQUIRED, scope)


def _descriptive(value):
    return "" if value.strip().lower() in _NOT_APPLICABLE else value.strip()


def _website(value):
    value = value.strip()
    if not value:
        return ""
    address = value if value.lower().startswith(("http://", "https://")) else "https://" + value
    try:
        _url(address)
    except ValidationError:
        raise CellError(f"‘{value}’ is not a web address") from None
    if len(address) > _MAX_LENGTHS["website"]:
        raise CellError(f"Longer than {_MAX_LENGTHS['website']} characters")
    return address


def _whole_number(value, *, maximum):
    number = parse_int(value, minimum=-(10**9))
    if number is not None and not 0 <= number <= maximum:
        raise CellError(f"‘{value.strip()}’ is out of range")
    return number


def _percentage(value):
    number = parse_decimal(value, places=1)
    if number is not None and not 0 <= number <= 100:
        raise CellError(f"‘{value.strip()}’ is out of range")
    return number


@dataclass(frozen=True)
class _Fault:
    """A non-key value left out of its row: the column, why, and the School fields it would have set."""

    column: str
    reason: str
    fields: tuple


def _row_values(columns, row, *, scope):
    """The School field values one GIAS row gives, its key errors [(column, reason)] and its non-key faults
    [_Fault] (whose fields are left out of the values). Only columns present are returned."""
    values = {}
    errors = []
    faults = []

    def cell(key):
        return columns.get(row, key)

    def fault(key, reason, *fields):
        faults.append(_Fault(columns.label.get(key, key), reason, fields or (key,)))

    def soft(key, field_name, parse):
        """Set a non-key field from its column, or leave it out with a fault when the value cannot be used."""
        if columns.has(key):
            try:
                values[field_name] = parse(cell(key))
            except CellError as exc:
                fault(key, str(exc), field_name)

    try:
        values["urn"] = parse_urn(cell("urn"))
    except CellError as exc:
        errors.append((columns.label["urn"], str(exc)))
    name = cell("name")
    if not name:
        errors.append((columns.label["name"], "The school name is missing"))
    elif len(name) > _MAX_LENGTHS["name"]:
        errors.append((columns.label["name"], f"Longer than {_MAX_LENGTHS['name']} characters"))
    values["name"] = name
    la_code = cell("la_code")
    if scope != "la_code" and not la_code.isdigit():  # an LA's rows were chosen by their LA code already
        errors.append((columns.label["la_code"], f"‘{la_code}’ is not an LA code" if la_code else "No LA code"))
    if columns.has("establishment_number"):
        number = cell("establishment_number")
        if number:
            if not number.isdigit() or len(number) > 4:
                fault("establishment_number", f"‘{number}’ is not an establishment number", "laestab")
            elif len(laestab := f"{la_code}{int(number):04d}") > _MAX_LENGTHS["laestab"]:
                fault("establishment_number", f"‘{laestab}’ is not a LAESTAB", "laestab")
            else:
                values["laestab"] = laestab
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
            fault("phase", f"‘{cell('phase')}’ is not a GIAS phase of education")
        else:
            values["phase"] = School.Phase.NOT_APPLICABLE
    soft("open_date", "open_date", parse_date)
    soft("close_date", "close_date", parse_date)
    soft("last_changed", "gias_last_changed", parse_date)
    soft("low_age", "statutory_low_age", lambda value: _whole_number(value, maximum=25))
    soft("high_age", "statutory_high_age", lambda value: _whole_number(value, maximum=25))
    soft("number_on_roll", "number_on_roll", lambda value: _whole_number(value, maximum=100000))
    soft("percent_fsm", "percent_fsm", _percentage)
    for key in ("religious_character", "diocese", "trust_code", "trust_name", "county"):
        if columns.has(key):
            values[key] = _descriptive(cell(key))
    for key in ("street", "locality", "town", "telephone"):
        if columns.has(key):
            values[key] = cell(key)
    if columns.has("postcode"):
        values["postcode"] = cell("postcode").upper()
    soft("website", "website", _website)
    if columns.has("head_first") or columns.has("head_last"):
        title = _descriptive(cell("head_title"))
        values["head_name"] = " ".join(part for part in (title, cell("head_first"), cell("head_last")) if part)
    if columns.has("head_job_title"):
        values["head_job_title"] = _descriptive(cell("head_job_title"))
    for field_name, value in list(values.items()):
        limit = _MAX_LENGTHS.get(field_name)
        if field_name != "name" and limit and isinstance(value, str) and len(value) > limit:
            if field_name == "trust_code" and scope == "trust_code":  # equal to the trust's code: never longer
                continue
            fault(FIELD_COLUMN.get(field_name, field_name), f"Longer than {limit} characters", field_name)
            del values[field_name]
    if values.get("open_date") and values.get("close_date") and values["close_date"] < values["open_date"]:
        fault("close_date", "The close date is before the open date", "close_date")
        del values["close_date"]
    return values, errors, faults


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


def import_gias(data, *, la_code=None, dry_run=False, authority=None, user=None, progress=None, on_date=None):
    """Import one authority's state-funded schools from a GIAS establishment file (a binary file object, or
    bytes), read a row at a time. Returns an ImportResult.

    `authority` is the register the schools join: a local authority (rows by `LA (code)`) or an academy trust
    (rows by `Trusts (code)`, its GIAS group id). Without it, `la_code` names a local authority, which is created
    from the file's LA name if it does not exist yet.
    """
    if authority is None:
        if not la_code:
            raise ValueError("import_gias needs an authority or an LA code")
        code = str(la_code).strip()
        authority = Authority.objects.filter(kind=Authority.Kind.LOCAL_AUTHORITY, code=code).first()
        kind = Authority.Kind.LOCAL_AUTHORITY
    else:
        code, kind = authority.code, authority.kind
        if la_code is not None and str(la_code).strip() != code:
            raise ValueError(f"The LA code {la_code!r} is not the code of {authority}")
    scope = SCOPE_COLUMN[kind]
    result = ImportResult(kind="gias", dry_run=dry_run)
    on_date = on_date or today()
    planned = []  # (line, values, faults)
    total = 1
    try:
        # The file is read a row at a time: only the authority's rows are kept (a national file is ~60 MB).
        with CsvText(data) as csv_text:
            result.encoding, total = csv_text.encoding, csv_text.lines
            header, rows = read_rows(csv_text.text)
            columns = Columns(header, COLUMNS, required=required_columns(kind))
            result.recognised_columns, result.ignored_columns = columns.recognised, columns.ignored
            seen = {}
            la_name = ""
            for count, (line, row) in enumerate(rows, start=1):
                result.rows_read += 1
                if progress and count % 250 == 0:
                    progress(min(count, total), total)
                if columns.get(row, scope) != code:
                    result.skip(_OUT_OF_SCOPE[scope])
                    continue
                refused = columns.control_problems(row)
                for column, reason in refused:
                    result.add_error(line, column, reason)
                if refused:
                    continue
                type_name = columns.get(row, "type")
                if type_name.lower() not in STATE_FUNDED_TYPES:
                    result.skip(f"Not a state-funded school ({type_name or 'no type'})")
                    continue
                la_name = la_name or columns.get(row, "la_name")
                values, errors, faults = _row_values(columns, row, scope=scope)
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
                planned.append((line, values, faults))
    except ImportFileError as exc:
        result.add_error(1, exc.column, exc.reason)

    existing = School.objects.select_related("authority").in_bulk(
        [values["urn"] for _, values, _ in planned], field_name="urn"
    )
    creates, updates = [], []
    for line, values, faults in planned:
        school = existing.get(values["urn"])
        # GIAS moves a school between authorities of one kind (an LA boundary, an academy joining another trust);
        # an academy on its local authority's register is not taken by its trust's import, nor the other way.
        if school is not None and authority is not None and school.authority.kind != authority.kind:
            result.skip("On another authority’s register")
            result.add_warning(
                line,
                columns.label["urn"],
                f"URN {values['urn']} is on the register of {school.authority} (left unchanged)",
            )
            continue
        if school is None and values.get("status") == School.Status.CLOSED:
            result.skip("Closed and not on the register")
            continue
        kept = "kept empty" if school is None else "kept as stored"
        for fault in faults:
            result.add_warning(line, fault.column, f"{fault.reason} ({kept})")
        if school is None:
            for fault in faults:
                values.update({name: _EMPTY[name] for name in fault.fields if name in _EMPTY})
            creates.append(values)
            result.created += 1
        else:
            changed = _changes(school, values)
            if authority is None or school.authority_id != authority.pk:
                changed["authority"] = None  # set to the register once it exists, below
            if changed:
                updates.append((school, changed))
                result.updated += 1
            else:
                result.unchanged += 1
    if not result.ok:
        result.zero_counts()
        return result
    if dry_run or not (creates or updates):
        if progress:
            progress(total, total)
        return result

    with transaction.atomic():
        if authority is None:
            authority = Authority(kind=Authority.Kind.LOCAL_AUTHORITY, code=code, name=la_name or f"LA {code}")
            authority.full_clean()
            authority.save()
        for values in creates:
            school = School(authority=authority, **values)
            school._history_user = user
            school.save()
        new_heads = []
        for school, changed in updates:
            if "authority" in changed:
                changed["authority"] = authority
            old_head = school.head_name
            for key, value in changed.items():
                setattr(school, key, value)
            school._history_user = user
            school.save(update_fields=list(changed))
            if "head_name" in changed and school.head_name:
                event, created = HeadteacherEvent.objects.get_or_create(
                    school=school,
                    started_on=on_date,
                    name=school.head_name,
                    defaults={"job_title": school.head_job_title, "previous_name": old_head, "source": "gias"},
                )
                if created:
                    new_heads.append(event)
        if new_heads:  # once for the whole import (classification fires its reassessment triggers)
            headteacher_changed.send(sender=HeadteacherEvent, events=new_heads)
        result.written = True
    if progress:
        progress(total, total)
    return result
