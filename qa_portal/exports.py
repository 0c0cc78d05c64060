"""The one writer of every CSV and XLSX file the service makes: each download and each management command.

An `Export` is a header row and rows of typed values: text, numbers (int, float, Decimal), dates, datetimes,
`Percent` and None (an empty cell). Whatever the rows hold:
- the CSV is UTF-8 with a byte-order mark, so Excel reads accented names right;
- the XLSX keeps each type: numbers are numbers, dates are dates and percentages are numbers, each with its number
  format, the rest is text; the header row is bold and each column is as wide as its longest value (up to a limit);
- text that a spreadsheet would run as a formula (its first character `=`, `+`, `-`, `@`, tab or carriage return:
  OWASP's CSV injection) gets a leading apostrophe, in both formats; numbers are never touched;
- characters that XLSX cannot hold (the C0 controls but tab, newline and carriage return, U+FFFE, U+FFFF, lone
  surrogates) are removed, in both formats, so no file fails on them.

Downloads are named after the authority and today's date (`export_filename`).
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 (so XLSX) cannot hold: the C0 controls except tab, newline and carriage return, the non-characters
# U+FFFE and U+FFFF, and lone surrogates (which UTF-8 cannot encode either).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
XLSX_DATE_FORMAT = "d mmmm yyyy"
XLSX_DATETIME_FORMAT = "d mmmm yyyy hh:mm"
MAX_COLUMN_WIDTH = 60
# Sheet names: at most 31 characters, none of these.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*:\[\]]")


@dataclass(frozen=True)
class Percent:
    """A percentage, `value` in per cent (33 is 33%). The CSV shows `33%` (or `33` with sign=False, for a column
    whose heading already says %); the XLSX holds 0.33 formatted as a percentage."""

    value: int | float | Decimal
    sign: bool = True

    def __str__(self):
        return f"{self.value}%"


def safe_text(value):
    """Text as it may go into a spreadsheet: no control characters, and never read as a formula."""
    value = CONTROL_CHARACTERS.sub("", str(value))
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _local(value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


@dataclass
class Export:
    headers: Sequence[str]
    rows: Iterable[Sequence]
    # The XLSX sheet's name.
    title: str = "Export"
    # How dates read in the CSV (in the XLSX they are dates).
    date_format: str = "%Y-%m-%d"

    def _csv_value(self, value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, int | float | Decimal):
            return value
        if isinstance(value, Percent):
            return str(value) if value.sign else value.value
        if isinstance(value, dt.datetime):
            return _local(value).strftime(f"{self.date_format} %H:%M")
        if isinstance(value, dt.date):
            return value.strftime(self.date_format)
        return safe_text(value)

    def write_csv(self, handle):
        """Write the CSV to an open text file (or an HttpResponse): the byte-order mark, the header, every row."""
        handle.write("\ufeff")
        writer = csv.writer(handle)
        writer.writerow([safe_text(heading) for heading in self.headers])
        for row in self.rows:
            writer.writerow([self._csv_value(value) for value in row])

    def _xlsx_cell(self, sheet, value):
        """(cell or plain value, the width its text needs)."""
        if value is None:
            return None, 0
        if isinstance(value, bool):
            return value, 5
        if isinstance(value, int | float | Decimal):
            return value, len(str(value))
        if isinstance(value, Percent):
            cell = WriteOnlyCell(sheet, value=Decimal(str(value.value)) / 100)
            cell.number_format = "0%" if Decimal(str(value.value)) % 1 == 0 else "0.0%"
            return cell, len(str(value))
        if isinstance(value, dt.datetime):
            cell = WriteOnlyCell(sheet, value=_local(value))
            cell.number_format = XLSX_DATETIME_FORMAT
            return cell, 23
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = XLSX_DATE_FORMAT
            return cell, 17
        text = safe_text(value)
        return text, max((len(line) for line in text.splitlines()), default=0)

    def xlsx_bytes(self):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", self.title)[:31] or "Export")
        bold = Font(bold=True)
        header = []
        widths = []
        for heading in self.headers:
            cell = WriteOnlyCell(sheet, value=safe_text(heading))
            cell.font = bold
            header.append(cell)
            widths.append(len(cell.value))
        # Widths must be set before the first row is written, so the rows are made first.
        body = []
        for row in self.rows:
            cells = []
            for index, value in enumerate(row):
                cell, width = self._xlsx_cell(sheet, value)
                cells.append(cell)
                if index >= len(widths):
                    widths.append(0)
                widths[index] = max(widths[index], width)
            body.append(cells)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
        sheet.append(header)
        for cells in body:
            sheet.append(cells)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    def write(self, path):
        """Write to `path`: XLSX for a name ending .xlsx, CSV otherwise."""
        path = str(path)
        if path.lower().endswith(".xlsx"):
            with open(path, "wb") as handle:
                handle.write(self.xlsx_bytes())
        else:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                self.write_csv(handle)

    def response(self, file_format, filename):
        """The download: `file_format` "csv" or "xlsx", `filename` without its extension."""
        if file_format == "xlsx":
            response = HttpResponse(self.xlsx_bytes(), content_type=XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(content_type=CSV_CONTENT_TYPE)
            self.write_csv(response)
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{file_format}")
        return response


def export_filename(authority, name, today=None):
    """`<authority's name>-<name>-<today>`, e.g. demo-borough-visit-plan-2026-12-02 (today in the service's time
    zone, Europe/London)."""
    today = today or timezone.localdate()
    return f"{slugify(authority.name)}-{slugify(name)}-{today:%Y-%m-%d}"


def export_response(export, file_format, *, authority, name):
    """The download of `export` named after the authority, `name` and today."""
    return export.response(file_format, export_filename(authority, name))
