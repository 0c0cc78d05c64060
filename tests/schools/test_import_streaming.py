"""Issue 20: imports read their file as a stream, in chunks, never whole; the result is that of the bytes."""

import io

import pytest

from schools.imports.base import CHUNK_BYTES, CsvText, ImportFileError, decode, read_rows
from schools.imports.gias import import_gias
from schools.imports.indicators import import_indicators
from schools.imports.ofsted import import_ofsted
from schools.models import OfstedInspection, School
from tests import factories as f

from .gias_data import gias_csv, gias_row
from .ofsted_data import REPORT_CARD_LAYOUT, ofsted_file, report_card, school

pytestmark = pytest.mark.django_db

NAME = "St Mary’s Église Primary School"  # ’ and É are one byte each in Windows-1252, not UTF-8


def _rows_of(csv_text):
    """The header and rows of the file, or why it cannot be read."""
    with csv_text:
        try:
            header, rows = read_rows(csv_text.text)
            return [header, *(row for _line, row in rows)]
        except ImportFileError as exc:
            return exc.reason


def _gias_rows():
    return [
        gias_row(990501, NAME),
        gias_row(990502, "Northgate Academy", **{"TypeOfEstablishment (name)": "Academy converter"}),
        gias_row(990503, "Brook Lane Primary School", NumberOfPupils="many"),  # a warning
        gias_row(990504, "Highfield School", **{"TypeOfEstablishment (name)": "Other independent school"}),
        gias_row(890001, "Faraway Primary School", **{"LA (code)": "891"}),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a",
        b"URN,Name\r\n1,Caf\xc3\xa9\r\n",
        b"\xef\xbb\xbfURN,Name\r\n1,Caf\xc3\xa9\r\n",
        b"\xef\xbb\xbfURN,Name\r\n1,Caf\xe9\r\n",  # a byte order mark, then Windows-1252: all of it Windows-1252
        b"URN,Name\r\n1,Caf\xe9\r\n",
        b"URN,Name\n" + b"1,Plain\n" * (CHUNK_BYTES // 8) + b"2,Caf\xe9\n",  # Windows-1252 only after a chunk
        b"x" * (CHUNK_BYTES - 1) + "é".encode() + b"\n1,2\n",  # a UTF-8 character across two chunks
        b"URN\r\n1\r2\n3\r\n",
        "URN,Name\n1,Café\n".encode("utf-16"),
    ],
    ids=[
        "empty",
        "one-byte",
        "utf-8",
        "utf-8-bom",
        "bom-then-cp1252",
        "cp1252",
        "cp1252-late",
        "utf-8-split",
        "mixed-line-ends",
        "utf-16",
    ],
)
def test_the_stream_chooses_the_encoding_and_gives_the_text_decode_gives(data):
    try:
        text, encoding = decode(data)
    except ImportFileError as exc:
        with pytest.raises(ImportFileError, match=exc.reason):
            CsvText(io.BytesIO(data))
        return
    csv_text = CsvText(io.BytesIO(data))
    assert (csv_text.encoding, csv_text.lines) == (encoding, max(1, text.count("\n")))
    if text.strip():
        assert _rows_of(csv_text) == _rows_of(CsvText(text)) == _rows_of(CsvText(data))


def test_a_file_that_is_not_text_after_the_first_chunk_is_refused_with_decodes_reason():
    data = b"URN,Name\n" + b"1,Plain\n" * (CHUNK_BYTES // 4) + b"2,\xc3\x81\x9d\n"  # neither UTF-8 nor Windows-1252
    with pytest.raises(ImportFileError) as refused:
        CsvText(io.BytesIO(data))
    assert refused.value.reason == "The file is not text in UTF-8 or Windows-1252: save it as CSV and try again"


def test_a_gias_import_of_a_file_object_is_that_of_its_bytes_and_leaves_the_file_open(tmp_path):
    data = gias_csv(_gias_rows())
    authority = f.AuthorityFactory(code="990", name="Demo Borough")
    from_bytes = import_gias(data, authority=authority, dry_run=True).as_dict()
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(data)
    with path.open("rb") as file:
        from_file = import_gias(file, authority=authority, dry_run=True).as_dict()
        assert from_file == from_bytes
        result = import_gias(file, authority=authority)
        assert not file.closed
    assert result.summary() == "created 3, updated 0, unchanged 0, skipped 2, errors 0, warnings 1"
    assert (result.encoding, result.rows_read) == ("Windows-1252", 5)
    assert School.objects.get(urn=990501).name == NAME
    again = import_gias(data, authority=authority)
    assert again.summary() == "created 0, updated 0, unchanged 3, skipped 2, errors 0, warnings 1"


def test_a_windows_1252_name_after_the_first_100_kb_is_read_right(tmp_path):
    others = [gias_row(900000 + n, f"Elsewhere School {n}", **{"LA (code)": "999"}) for n in range(400)]
    data = gias_csv([*others, gias_row(990501, NAME)])
    assert data.index(NAME.encode("cp1252")) > 100_000
    assert NAME.encode("cp1252") not in data[:CHUNK_BYTES]  # only the end of the file is not UTF-8
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(data)
    authority = f.AuthorityFactory(code="990", name="Demo Borough")
    with path.open("rb") as file:
        result = import_gias(file, authority=authority)
    assert result.summary() == "created 1, updated 0, unchanged 0, skipped 400, errors 0"
    assert result.encoding == "Windows-1252"
    assert School.objects.get(urn=990501).name == NAME


def test_a_utf_8_name_across_two_chunks_is_read_right():
    authority = f.AuthorityFactory(code="990", name="Demo Borough")
    rows = [gias_row(990502, "Long Name School"), gias_row(990501, NAME)]
    shift = CHUNK_BYTES - 1 - gias_csv(rows, encoding="utf-8").index("É".encode())
    rows[0]["Address3"] = "x" * shift  # a column the import ignores
    data = gias_csv(rows, encoding="utf-8")
    assert data[CHUNK_BYTES - 1 : CHUNK_BYTES + 1] == "É".encode()  # its two bytes in two chunks
    result = import_gias(io.BytesIO(data), authority=authority)
    assert (result.encoding, result.summary()) == ("UTF-8", "created 2, updated 0, unchanged 0, skipped 0, errors 0")
    assert School.objects.get(urn=990501).name == NAME


def test_an_ofsted_import_of_a_file_object_is_that_of_its_bytes_with_errors_in_the_same_order():
    authority = f.AuthorityFactory(code="990")
    f.SchoolFactory(urn=990401, authority=authority)
    f.SchoolFactory(urn=990402, authority=authority)
    good = ofsted_file(
        REPORT_CARD_LAYOUT,
        [
            school(990401, "Ashfield", **report_card("10390001", "04/03/2026")),
            school(990402, "Brook Lane"),
            school(123456, "Elsewhere", **report_card("10390099", "11/02/2026")),
        ],
    )
    from_bytes = import_ofsted(good, authority=authority, dry_run=True)
    assert import_ofsted(io.BytesIO(good), authority=authority, dry_run=True).as_dict() == from_bytes.as_dict()
    assert dict(from_bytes.skipped_reasons) == {"Not inspected yet": 1, "School not on the register": 1}

    # An inspection on two lines with other values (line 3) is reported after the rows' own faults (line 4).
    broken = ofsted_file(
        REPORT_CARD_LAYOUT,
        [
            school(990401, "Ashfield", **report_card("10390001", "04/03/2026")),
            school(990402, "Brook Lane", **report_card("10390001", "05/03/2026")),
            school(990402, "Brook Lane", **report_card("10390003", "31/02/2026", graded_on="01/02/2026")),
        ],
    )
    result = import_ofsted(io.BytesIO(broken), authority=authority)
    assert [str(error) for error in result.errors] == [
        "Line 4, column Inspection start date: ‘31/02/2026’ is not a date: use dd-mm-yyyy, like 01-09-2025",
        "Line 3: Inspection 10390001 is also on line 2, with other values",
    ]
    assert result.summary() == "created 0, updated 0, unchanged 0, skipped 0, errors 2"
    assert not OfstedInspection.objects.exists()


def test_an_indicators_import_of_a_file_object_is_that_of_its_bytes():
    authority = f.AuthorityFactory(code="990")
    f.SchoolFactory(urn=990301, authority=authority)
    data = b"urn,indicator,period,value\r\n990301,persistent_absence_pct,2024/25,16.4\r\n"
    from_bytes = import_indicators(data, authority=authority, dry_run=True).as_dict()
    assert import_indicators(io.BytesIO(data), authority=authority, dry_run=True).as_dict() == from_bytes
    assert import_indicators(io.BytesIO(data), authority=authority).summary() == (
        "created 1, updated 0, unchanged 0, skipped 0, errors 0"
    )
