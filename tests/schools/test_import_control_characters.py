"""A control character in any imported cell (GIAS, Ofsted, indicators): the line and column are named, nothing is
stored, the command exits non-zero with the message (issue 18, part 7)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from qa_portal.jobs.models import Job
from qa_portal.uploads import CSV, upload_problem
from schools.models import Authority, IndicatorValue, OfstedInspection, School
from schools.services import indicator_catalogue_ensure
from tests import factories as f

from .gias_data import GIAS_HEADER, gias_csv, gias_row
from .ofsted_data import REPORT_CARD_LAYOUT, ofsted_file, report_card, school

pytestmark = pytest.mark.django_db

NUL_REFUSED = "contains a control character (NUL) at position {}: remove it and try again"


def _write(tmp_path, data, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _refused(capsys, command, path, *args):
    with pytest.raises(CommandError) as refused:
        call_command(command, path, *args)
    out = capsys.readouterr()
    return str(refused.value), out.err


def test_gias_with_a_nul_in_a_school_name_names_line_and_column_and_stores_nothing(tmp_path, capsys):
    rows = [
        gias_row(990401, "Sandy Lane Primary School"),
        gias_row(990402, "Brook\x00mead Primary School"),
    ]
    message, err = _refused(capsys, "import_gias", _write(tmp_path, gias_csv(rows)), "--la", "990")
    assert message == "Nothing was imported: 1 problem to correct"
    assert err.splitlines() == [f"Line 3, column EstablishmentName: {NUL_REFUSED.format(6)}"]
    assert not School.objects.exists()
    assert not Authority.objects.exists()


def test_gias_with_an_escape_in_the_head_name_is_refused(tmp_path, capsys):
    authority = f.AuthorityFactory(code="990")
    rows = [gias_row(990401, "Sandy Lane Primary School", HeadLastName="Smith\x1b[0m")]
    _message, err = _refused(capsys, "import_gias", _write(tmp_path, gias_csv(rows)), "--authority", "990")
    assert err.splitlines() == [
        "Line 2, column HeadLastName: contains a control character (ESC) at position 6: remove it and try again"
    ]
    assert not School.objects.filter(authority=authority).exists()


def test_gias_with_a_nul_in_a_heading_is_refused(tmp_path, capsys):
    header = ["EstablishmentName\x00" if name == "EstablishmentName" else name for name in GIAS_HEADER]
    row = gias_row(990401, "Sandy Lane Primary School")
    row["EstablishmentName\x00"] = row.pop("EstablishmentName")
    _message, err = _refused(capsys, "import_gias", _write(tmp_path, gias_csv([row], header=header)), "--la", "990")
    assert err.splitlines() == [
        f"Line 1, column EstablishmentName: The column heading ‘EstablishmentName’ {NUL_REFUSED.format(18)}"
    ]
    assert not School.objects.exists()


def test_gias_ignores_control_characters_of_other_authorities_and_of_columns_it_does_not_read(tmp_path, capsys):
    rows = [
        gias_row(990401, "Sandy Lane Primary School", **{"SEN1 (name)": "\x00"}),
        gias_row(894401, "Elsewhere\x00 School", **{"LA (code)": "894"}),
    ]
    call_command("import_gias", _write(tmp_path, gias_csv(rows)), "--la", "990")
    assert "created 1, updated 0, unchanged 0, skipped 1, errors 0" in capsys.readouterr().out
    assert School.objects.get().name == "Sandy Lane Primary School"


def test_ofsted_with_a_nul_in_a_cell_names_line_and_column_and_stores_nothing(tmp_path, capsys):
    authority = f.AuthorityFactory(code="990")
    f.SchoolFactory(urn=990401, authority=authority)
    f.SchoolFactory(urn=990402, authority=authority)
    rows = [
        school(990401, "Sandy Lane Primary School", **report_card("10390001", "11/02/2026")),
        school(990402, "Brookmead", **report_card("10390002", "11/02/2026", safeguarding="Met\x00")),
    ]
    message, err = _refused(capsys, "import_ofsted", _write(tmp_path, ofsted_file(REPORT_CARD_LAYOUT, rows)))
    assert message == "Nothing was imported: 1 problem to correct"
    assert err.splitlines() == [f"Line 3, column Safeguarding standards: {NUL_REFUSED.format(4)}"]
    assert not OfstedInspection.objects.exists()


def test_indicators_with_a_nul_in_a_cell_names_line_and_column_and_stores_nothing(tmp_path, capsys):
    indicator_catalogue_ensure()
    f.SchoolFactory(urn=990301, authority=f.AuthorityFactory(code="990"))
    lines = [
        "URN,Indicator,Period,Value,National",
        "990301,attendance_pct,2024/25,94.1,",
        "990301,persistent_absence_pct,2024/25\x00,16.4,17.8",
    ]
    data = b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8")
    message, err = _refused(capsys, "import_indicators", _write(tmp_path, data))
    assert message == "Nothing was imported: 1 problem to correct"
    assert err.splitlines() == [f"Line 3, column Period: {NUL_REFUSED.format(8)}"]
    assert not IndicatorValue.objects.exists()


def test_a_gias_upload_with_an_escape_lists_the_cell_on_the_job_page(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    """An escape character: the upload form itself refuses a NUL in the first 64 KB, as a spreadsheet's bytes."""
    rows = [gias_row(990401, "Sandy Lane Primary School"), gias_row(990402, "Brook\x1bmead Primary School")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/schools/imports/",
            {"kind": "gias", "file": SimpleUploadedFile("edubasealldata.csv", gias_csv(rows), "text/csv")},
        )
    job = Job.objects.get(kind="schools_import_gias")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(f"/jobs/{job.pk}/").content.decode()))
    assert "Nothing was imported" in text
    assert "3 EstablishmentName contains a control character (ESC) at position 6: remove it and try again" in text
    assert not School.objects.filter(urn__in=[990401, 990402]).exists()


def test_an_upload_whose_file_name_holds_a_control_character_is_refused():
    """Django's request parser keeps a NUL out of a file's name; the checker refuses any other control character."""
    upload = SimpleUploadedFile("edubase\x1b.csv", gias_csv([]), "text/csv")
    assert upload_problem(upload, allowed={CSV}) == (
        "‘edubase.csv’ has a control character in its name. Rename the file and try again."
    )
