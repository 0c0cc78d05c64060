"""The authority's own evidence data: a tidy CSV `urn,indicator,period,value[,national]`.

`indicator` is a catalogue code (e.g. persistent_absence_pct); `period` an academic year like 2025/26.
Upsert by (school, indicator, period). All or nothing; unknown schools and indicators are errors, because the
file is the authority's own.
"""

import re

from django.db import transaction

from qa_portal.data_versions import authority_data_changed

from ..models import Indicator, IndicatorValue, School
from .base import (
    CellError,
    Columns,
    CsvText,
    ImportFileError,
    ImportResult,
    parse_decimal,
    parse_urn,
    read_rows,
    readable_rows,
)

COLUMNS = {
    "urn": ("urn",),
    "indicator": ("indicator", "indicator code", "code"),
    "period": ("period", "academic year", "year"),
    "value": ("value",),
    "national": ("national", "national value", "national comparator"),
}
REQUIRED = ("urn", "indicator", "period", "value")

_PERIOD = re.compile(r"^(\d{4})/(\d{2})$")


def parse_period(value):
    match = _PERIOD.match(value.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise CellError(f"‘{value}’ is not an academic year: write it like 2025/26")
    return value.strip()


def import_indicators(data, *, authority=None, dry_run=False, progress=None, source="import"):
    """Import indicator values for schools on the register (or only `authority`'s) from a file (a binary file
    object, or bytes), read a row at a time. Returns an ImportResult."""
    result = ImportResult(kind="indicators", dry_run=dry_run)
    schools = School.objects.all() if authority is None else School.objects.filter(authority=authority)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    parsed = []
    try:
        with CsvText(data) as csv_text:
            result.encoding, total = csv_text.encoding, csv_text.lines
            header, rows = read_rows(csv_text.text)
            columns = Columns(header, COLUMNS, required=REQUIRED)
            result.recognised_columns, result.ignored_columns = columns.recognised, columns.ignored
            for line, row in readable_rows(rows, columns, result, progress=progress, total=total):
                values, ok = {}, True
                for key, func in (
                    ("urn", parse_urn),
                    ("period", parse_period),
                    ("value", parse_decimal),
                    ("national", parse_decimal),
                ):
                    try:
                        values[key] = func(columns.get(row, key))
                    except CellError as exc:
                        result.add_error(line, columns.label[key], str(exc))
                        ok = False
                if ok and values["value"] is None:
                    result.add_error(line, columns.label["value"], "The value is missing")
                    ok = False
                code = columns.get(row, "indicator").lower()
                if code not in indicators:
                    result.add_error(line, columns.label["indicator"], f"‘{code}’ is not an indicator in the catalogue")
                    ok = False
                else:
                    values["indicator"] = indicators[code]
                if ok:
                    parsed.append((line, values))
    except ImportFileError as exc:
        result.add_error(1, exc.column, exc.reason)
        parsed = []
    school_ids = dict(schools.filter(urn__in={v["urn"] for _, v in parsed}).values_list("urn", "pk"))
    planned, seen = [], {}
    for line, values in parsed:
        if values["urn"] not in school_ids:
            result.add_error(line, columns.label["urn"], f"No school with URN {values['urn']} on the register")
            continue
        key = (school_ids[values["urn"]], values["indicator"].pk, values["period"])
        if key in seen:
            result.add_error(
                line,
                columns.label["indicator"],
                f"{values['indicator'].code} {values['period']} is also on line {seen[key]}",
            )
            continue
        seen[key] = line
        planned.append((key, values))
    if not result.ok:
        result.zero_counts()
        return result

    existing = {
        (v.school_id, v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(
            school_id__in={key[0] for key, _ in planned}, indicator_id__in={key[1] for key, _ in planned}
        )
    }
    creates, updates = [], []
    for key, values in planned:
        current = existing.get(key)
        if current is None:
            creates.append(
                IndicatorValue(
                    school_id=key[0],
                    indicator=values["indicator"],
                    period=values["period"],
                    value=values["value"],
                    national=values["national"],
                    source=source,
                )
            )
            result.created += 1
        elif current.value != values["value"] or current.national != values["national"]:
            current.value, current.national, current.source = values["value"], values["national"], source
            updates.append(current)
            result.updated += 1
        else:
            result.unchanged += 1
    if not dry_run and (creates or updates):
        with transaction.atomic():
            IndicatorValue.objects.bulk_create(creates, batch_size=1000)
            IndicatorValue.objects.bulk_update(updates, ["value", "national", "source"], batch_size=1000)
            authority_data_changed(None)  # bulk writes send no signals: cached pages are made afresh
        result.written = True
    if progress:
        progress(result.rows_read, result.rows_read)
    return result
