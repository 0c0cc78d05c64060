"""Shared machinery for CSV imports: decoding, header matching by name, row errors and the summary."""

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from qa_portal.text_hygiene import CONTROL_CHARACTERS, cell_problem

MAX_ERRORS_KEPT = 500
INSPECTION_KINDS = ("report card", "graded", "ungraded")  # the order imports report them in
PROGRESS_EVERY = 250
CHUNK_BYTES = 1 << 16  # files are read this much at a time, never whole
_UTF8_BOM = codecs.BOM_UTF8
_NOT_TEXT = "The file is not text in UTF-8 or Windows-1252: save it as CSV and try again"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong encoding, no header, a required column missing)."""

    def __init__(self, reason, column=""):
        super().__init__(reason)
        self.reason = reason
        self.column = column


class CellError(ValueError):
    """A cell's value cannot be used; the message is the reason shown to the person."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self):
        where = f"Line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"

    def as_dict(self):
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    skipped_reasons: Counter = field(default_factory=Counter)
    recognised_columns: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    encoding: str = ""
    rows_read: int = 0
    dry_run: bool = False
    written: bool = False
    layout: str = ""  # the file layout recognised, when a kind of file has several
    inspections_by_kind: Counter = field(default_factory=Counter)  # Ofsted: inspections read, by kind

    def add_error(self, line, column, reason):
        self.errors.append(RowError(line, column, reason))

    def add_warning(self, line, column, reason):
        """A value left out of an otherwise good row: the row is imported without it."""
        self.warnings.append(RowError(line, column, reason))

    def skip(self, reason):
        self.skipped += 1
        self.skipped_reasons[reason] += 1

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        text = (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {self.skipped}, errors {len(self.errors)}"
        )
        if self.warnings:
            text += f", warnings {len(self.warnings)}"
        return text

    def as_dict(self):
        return {
            "kind": self.kind,
            "summary": self.summary(),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "error_count": len(self.errors),
            "errors": [error.as_dict() for error in self.errors[:MAX_ERRORS_KEPT]],
            "warning_count": len(self.warnings),
            "warnings": [warning.as_dict() for warning in self.warnings[:MAX_ERRORS_KEPT]],
            "skipped_reasons": dict(self.skipped_reasons.most_common()),
            "recognised_columns": self.recognised_columns,
            "layout": self.layout,
            # Pairs in a fixed order: a JSON object's key order is not kept by PostgreSQL's jsonb.
            "inspections_by_kind": [
                [kind, self.inspections_by_kind[kind]]
                for kind in INSPECTION_KINDS
                if self.inspections_by_kind.get(kind)
            ],
            "ignored_column_count": len(self.ignored_columns),
            "encoding": self.encoding,
            "rows_read": self.rows_read,
            "dry_run": self.dry_run,
            "written": self.written,
        }

    def zero_counts(self):
        """Nothing was written: report no creations or updates (the errors say why)."""
        self.created = self.updated = self.unchanged = 0


def decode(data):
    """Text of a CSV file sent as UTF-8 (with or without a byte order mark) or Windows-1252.

    Returns (text, encoding name).
    """
    if isinstance(data, str):
        return data.lstrip("\ufeff"), "text"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ImportFileError(_NOT_TEXT) from None


class CsvText:
    """A CSV file as a stream of text, read in chunks: the whole file is never in memory, as bytes or as text.

    `data` is a binary file object (read from its start, and left open), bytes, or text. Opening it reads it once
    to choose the encoding by decode()'s rules (UTF-8 with or without a byte order mark, else Windows-1252; else
    ImportFileError) and to count its lines; `text` then reads it again, decoded. Use it in a `with` block.
    """

    def __init__(self, data):
        self._wrapper = None
        if isinstance(data, str):
            self.text = io.StringIO(data.lstrip("\ufeff"), newline="")
            self.encoding, self.newlines = "text", data.count("\n")
            return
        if isinstance(data, (bytes, bytearray, memoryview)):
            data = io.BytesIO(data)
        elif not data.seekable():
            data = io.BytesIO(data.read())
        data.seek(0)
        codec, skip, self.encoding, self.newlines = _detect_encoding(data)
        data.seek(skip)
        # newline="": csv sees the line endings as they are, as with decode() and io.StringIO(newline="").
        self._wrapper = self.text = io.TextIOWrapper(data, encoding=codec, newline="")

    @property
    def lines(self):
        """A quick upper bound on the number of data rows, for progress (as count_data_lines)."""
        return max(1, self.newlines)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._wrapper is not None:
            self._wrapper.detach()  # a closed (or collected) wrapper would close the caller's file
            self._wrapper = None


def _detect_encoding(fileobj):
    """(codec, bytes to skip, encoding name, newline count) of a binary file, read once in chunks. The same
    choice as decode(): UTF-8 after a byte order mark, else UTF-8, else Windows-1252 of every byte (a byte order
    mark included, as decode() does when what follows it is not UTF-8)."""
    chunk = fileobj.read(CHUNK_BYTES)
    while 0 < len(chunk) < len(_UTF8_BOM) and (more := fileobj.read(CHUNK_BYTES)):  # a raw stream may give less
        chunk += more
    bom = chunk.startswith(_UTF8_BOM)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = is_cp1252 = True
    newlines = 0
    first = True
    while chunk:
        newlines += chunk.count(b"\n")
        if is_utf8:
            try:
                utf8.decode(chunk[len(_UTF8_BOM) :] if bom and first else chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_cp1252:
            try:
                chunk.decode("cp1252")  # one byte a character: chunks decode alone
            except UnicodeDecodeError:
                is_cp1252 = False
        if not (is_utf8 or is_cp1252):
            raise ImportFileError(_NOT_TEXT)
        first = False
        chunk = fileobj.read(CHUNK_BYTES)
    if is_utf8:
        try:
            utf8.decode(b"", final=True)  # a character cut off at the end of the file
        except UnicodeDecodeError:
            is_utf8 = False
    if is_utf8:
        return ("utf-8", len(_UTF8_BOM), "UTF-8 with BOM", newlines) if bom else ("utf-8", 0, "UTF-8", newlines)
    if is_cp1252:
        return "cp1252", 0, "Windows-1252", newlines
    raise ImportFileError(_NOT_TEXT)


def normalise_header(name):
    """Header names match regardless of case, spacing and punctuation: 'LA (code)' == 'la code'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.replace("\ufeff", "").lower()).split())


class Columns:
    """Finds columns by name. `wanted` maps a field key to one or more accepted header names."""

    def __init__(self, header, wanted, required=()):
        self.header = header
        positions = {}
        for position, name in enumerate(header):
            positions.setdefault(normalise_header(name), position)
        self.index = {}
        self.label = {}
        for key, names in wanted.items():
            for name in (names,) if isinstance(names, str) else names:
                position = positions.get(normalise_header(name))
                if position is not None:
                    self.index[key] = position
                    self.label[key] = header[position].strip()
                    break
        missing = [key for key in required if key not in self.index]
        if missing:
            names = [wanted[key] if isinstance(wanted[key], str) else wanted[key][0] for key in missing]
            raise ImportFileError(
                "The file has no " + ", ".join(f"‘{name}’" for name in names) + " column", column=", ".join(names)
            )
        used = set(self.index.values())
        self.recognised = [header[i].strip() for i in sorted(used)]
        self.ignored = [header[i].strip() for i in range(len(header)) if i not in used and header[i].strip()]

    def has(self, key):
        return key in self.index

    def control_problems(self, row):
        """(column, reason) for each cell of a column read that holds a control character (checked before anything
        else reads the row: nothing of it may be stored or quoted in a message)."""
        problems = []
        for key, position in self.index.items():
            if position < len(row) and (problem := cell_problem(row[position])):
                problems.append((self.label[key], problem))
        return problems

    def get(self, row, key):
        position = self.index.get(key)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()


def read_rows(text):
    """(header, iterator of (line number, row)) for CSV text, or a text stream (CsvText.text) read as the rows
    are; blank rows are left out."""
    reader = csv.reader(io.StringIO(text, newline="") if isinstance(text, str) else text)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty") from None
    except csv.Error as exc:
        raise ImportFileError(f"The file is not a readable CSV file ({exc})") from None
    if not any(cell.strip() for cell in header):
        raise ImportFileError("The first line of the file must be the column headings")
    for cell in header:
        if problem := cell_problem(cell):
            column = CONTROL_CHARACTERS.sub("", cell).strip()
            raise ImportFileError(f"The column heading ‘{column}’ {problem}", column=column)

    def rows():
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFileError(f"Line {reader.line_num} is not valid CSV ({exc})") from None
            if any(cell.strip() for cell in row):
                yield reader.line_num, row

    return header, rows()


def readable_rows(rows, columns, result, *, progress=None, total=0):
    """The (line, row) pairs of `rows` fit to read: each is counted in `result.rows_read` (and progress is told every
    250 rows); a row with a control character is refused, each such cell an error on `result`, and not given."""
    for count, (line, row) in enumerate(rows, start=1):
        result.rows_read += 1
        if progress and count % 250 == 0:
            progress(min(count, total), total)
        refused = columns.control_problems(row)
        for column, reason in refused:
            result.add_error(line, column, reason)
        if not refused:
            yield line, row


def count_data_lines(text):
    """A quick upper bound on the number of data rows, for progress."""
    return max(1, text.count("\n"))


EMPTY_VALUES = {"", "null", "n/a", "na", "not applicable", "supp", "x", ".."}


def is_empty(value):
    return value.strip().lower() in EMPTY_VALUES


_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y")


def parse_date(value):
    value = value.strip()
    if not value or value.lower() in EMPTY_VALUES:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(f"‘{value}’ is not a date: use dd-mm-yyyy, like 01-09-2025")


def parse_int(value, *, minimum=0, maximum=None):
    value = value.strip().replace(",", "")
    if is_empty(value):
        return None
    try:
        number = int(Decimal(value))
        if Decimal(value) != number:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise CellError(f"‘{value}’ is not a whole number") from None
    if number < minimum or (maximum is not None and number > maximum):
        raise CellError(f"{number} is out of range")
    return number


def parse_decimal(value, *, places=2, maximum=Decimal("9999999999")):
    value = value.strip().replace(",", "").replace("£", "").rstrip("%").strip()
    if is_empty(value):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(f"‘{value}’ is not a number") from None
    if not number.is_finite() or abs(number) > maximum:
        raise CellError(f"‘{value}’ is not a usable number")
    return number.quantize(Decimal(1).scaleb(-places))


def parse_urn(value):
    value = value.strip()
    if not value:
        raise CellError("The URN is missing")
    if not value.isdigit() or not 100000 <= int(value) <= 9999999:
        raise CellError(f"‘{value}’ is not a URN: a URN is a 6 or 7 digit number")
    return int(value)


def today():
    return timezone.localdate()
