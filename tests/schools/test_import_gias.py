"""GIAS establishment import: scope, upsert, idempotency, all-or-nothing, encodings (issue 3, points 1-3)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schools.models import Authority, HeadteacherEvent, School
from tests import factories as f

from .gias_data import GIAS_HEADER, gias_csv, gias_row

pytestmark = pytest.mark.django_db


def _file(tmp_path, data, name="edubasealldata20261120.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _run(capsys, path, *args):
    call_command("import_gias", path, *args)
    out = capsys.readouterr()
    return out.out, out.err


def _realistic_rows():
    return [
        gias_row(
            990123,
            "St Mary’s C of E Primary School",
            **{
                "TypeOfEstablishment (name)": "Voluntary aided school",
                "ReligiousCharacter (name)": "Church of England",
                "Diocese (name)": "Diocese of Lichfield",
                "HeadTitle (name)": "Mr",
                "HeadFirstName": "Andrew",
                "HeadLastName": "Okonjo",
                "HeadPreferredJobTitle": "Executive Headteacher",
                "Trusts (code)": "5012",
                "Trusts (name)": "Lichfield Diocesan Foundation Trust",
                "NumberOfPupils": "412",
                "PercentageFSM": "23.4",
                "OpenDate": "01-09-1998",
                "Street": "Church Lane",
                "Postcode": "de2 3ab",
            },
        ),
        gias_row(
            990124,
            "Highfield Independent School",
            **{
                "TypeOfEstablishment (name)": "Other independent school",
                "EstablishmentTypeGroup (name)": "Independent schools",
            },
        ),
        gias_row(
            990125,
            "Castleton Academy",
            **{
                "TypeOfEstablishment (name)": "Academy converter",
                "EstablishmentTypeGroup (name)": "Academies",
                "PhaseOfEducation (name)": "Secondary",
                "StatutoryLowAge": "11",
                "StatutoryHighAge": "18",
                "Trusts (code)": "16473",
                "Trusts (name)": "Severn Learning Trust",
            },
        ),
        gias_row(890001, "Faraway Primary School", **{"LA (code)": "891", "LA (name)": "Elsewhere"}),
        gias_row(
            990126,
            "Ysgol Gymraeg",
            **{"TypeOfEstablishment (name)": "Welsh establishment", "EstablishmentTypeGroup (name)": "Welsh schools"},
        ),
        gias_row(
            990127,
            "Demoton College",
            **{"TypeOfEstablishment (name)": "Further education", "EstablishmentTypeGroup (name)": "Colleges"},
        ),
    ]


def test_the_fixture_has_the_real_139_column_gias_header():
    assert len(GIAS_HEADER) == 139
    assert len(set(GIAS_HEADER)) == 139


def test_real_header_file_imports_one_la_with_head_and_trust_and_skips_independents(tmp_path, capsys):
    path = _file(tmp_path, gias_csv(_realistic_rows(), shuffle_columns=True))

    out, err = _run(capsys, path, "--la", "990")

    assert "created 2, updated 0, unchanged 0, skipped 4, errors 0" in out
    assert "Skipped 1: Not a state-funded school (Other independent school)" in out
    assert err == ""
    va = School.objects.get(urn=990123)
    assert va.name == "St Mary’s C of E Primary School"
    assert va.establishment_type == "Voluntary aided school"
    assert va.type_group == School.TypeGroup.LA_MAINTAINED
    assert va.is_maintained is True
    assert va.head_name == "Mr Andrew Okonjo"
    assert va.head_job_title == "Executive Headteacher"
    assert (va.trust_code, va.trust_name) == ("5012", "Lichfield Diocesan Foundation Trust")
    assert (va.religious_character, va.diocese) == ("Church of England", "Diocese of Lichfield")
    assert va.number_on_roll == 412
    assert va.percent_fsm == Decimal("23.4")
    assert va.open_date == date(1998, 9, 1)
    assert va.laestab == "9900123"
    assert (va.street, va.postcode, va.website) == ("Church Lane", "DE2 3AB", "https://www.school.demo.sch.uk")
    assert va.authority == Authority.objects.get(kind="la", code="990")
    academy = School.objects.get(urn=990125)
    assert academy.is_maintained is False
    assert academy.type_group == School.TypeGroup.ACADEMIES
    assert academy.phase == School.Phase.SECONDARY
    assert academy.age_range == "11 to 18"
    assert not School.objects.filter(urn__in=[990124, 890001, 990126, 990127]).exists()

    out, _ = _run(capsys, path, "--la", "990")
    assert "created 0, updated 0, unchanged 2, skipped 4, errors 0" in out


def test_changes_update_and_a_new_head_becomes_a_dated_event(tmp_path, capsys):
    rows = _realistic_rows()
    _run(capsys, _file(tmp_path, gias_csv(rows)), "--la", "990")
    rows[0].update({"HeadFirstName": "Nadia", "HeadLastName": "Begum", "HeadTitle (name)": "Ms"})
    rows[2].update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"})

    out, _ = _run(capsys, _file(tmp_path, gias_csv(rows), "second.csv"), "--la", "990")

    assert "created 0, updated 2, unchanged 0" in out
    va = School.objects.get(urn=990123)
    assert va.head_name == "Ms Nadia Begum"
    event = HeadteacherEvent.objects.get(school=va)
    assert (event.name, event.previous_name) == ("Ms Nadia Begum", "Mr Andrew Okonjo")
    closed = School.objects.get(urn=990125)
    assert closed.status == School.Status.CLOSED
    assert closed.close_date == date(2026, 8, 31)


def test_dry_run_reports_but_saves_nothing(tmp_path, capsys):
    out, _ = _run(capsys, _file(tmp_path, gias_csv(_realistic_rows())), "--la", "990", "--dry-run")
    assert "Dry run: nothing was saved" in out
    assert "created 2, updated 0" in out
    assert not School.objects.exists()


def test_a_broken_row_changes_nothing_and_names_line_column_and_reason(tmp_path, capsys):
    existing = f.SchoolFactory(
        urn=990125, name="Castleton Academy (old name)", authority=f.AuthorityFactory(code="990")
    )
    rows = _realistic_rows()
    rows.insert(1, gias_row("99O12X", "Broken Primary School", EstablishmentNumber="2012"))
    rows.append(gias_row(990128, "Bad Date Primary", OpenDate="31-02-2019"))
    rows.append(gias_row(990129, ""))

    with pytest.raises(CommandError) as raised:
        call_command("import_gias", _file(tmp_path, gias_csv(rows)), "--la", "990")
    out = capsys.readouterr()

    assert raised.value.returncode == 1
    assert "Nothing was imported: 3 problems to correct" in str(raised.value)
    assert "Line 3, column URN: ‘99O12X’ is not a URN" in out.err
    assert "Line 9, column OpenDate: ‘31-02-2019’ is not a date" in out.err
    assert "Line 10, column EstablishmentName: The school name is missing" in out.err
    assert "errors 3" in out.out
    assert School.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Castleton Academy (old name)"


def test_broken_rows_outside_scope_do_not_block_the_import(tmp_path, capsys):
    rows = [*_realistic_rows(), gias_row("bad", "Other LA school", **{"LA (code)": "891"})]
    out, _ = _run(capsys, _file(tmp_path, gias_csv(rows)), "--la", "990")
    assert "created 2" in out and "errors 0" in out


def test_missing_required_column_is_reported(tmp_path, capsys):
    header = [column for column in GIAS_HEADER if column != "EstablishmentName"]
    with pytest.raises(CommandError):
        call_command("import_gias", _file(tmp_path, gias_csv(_realistic_rows(), header=header)), "--la", "990")
    assert "Line 1, column EstablishmentName: The file has no ‘EstablishmentName’ column" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp1252", False), ("utf-8", False), ("utf-8", True)],
    ids=["windows-1252", "utf-8", "utf-8-bom"],
)
def test_encodings_keep_accents_and_curly_apostrophes(tmp_path, capsys, encoding, bom):
    rows = [gias_row(990200, "École St Chad’s Primary School"), gias_row(990201, "Renée Café Nursery School")]
    data = gias_csv(rows, encoding=encoding, bom=bom)
    if encoding == "cp1252":
        assert "’".encode("cp1252") in data  # really Windows-1252 bytes, not UTF-8
    out, _ = _run(capsys, _file(tmp_path, data), "--la", "990")
    assert "created 2" in out
    assert School.objects.get(urn=990200).name == "École St Chad’s Primary School"
    assert School.objects.get(urn=990201).name == "Renée Café Nursery School"


def test_a_file_that_is_not_text_is_refused(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_gias", _file(tmp_path, b"\x81\x8d\x00\xff" * 10), "--la", "990")
    assert not School.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_gias", str(tmp_path / "nope.csv"), "--la", "990")


@pytest.mark.parametrize(
    ("column", "written", "field", "stored"),
    [
        ("PhaseOfEducation (name)", "Middle deemed primary", "phase", School.Phase.MIDDLE),
        ("PhaseOfEducation (name)", "16 plus", "phase", School.Phase.SIXTEEN_PLUS),
        ("PhaseOfEducation (name)", "All-through", "phase", School.Phase.ALL_THROUGH),
        ("EstablishmentStatus (name)", "Open, but proposed to close", "status", School.Status.OPEN_PROPOSED_TO_CLOSE),
        ("EstablishmentStatus (name)", "Proposed to open", "status", School.Status.PROPOSED_TO_OPEN),
        ("TypeOfEstablishment (name)", "Pupil referral unit", "is_maintained", True),
        ("TypeOfEstablishment (name)", "Free schools", "is_maintained", False),
    ],
)
def test_gias_names_map_to_the_register(tmp_path, capsys, column, written, field, stored):
    _run(capsys, _file(tmp_path, gias_csv([gias_row(990500, "Mapped School", **{column: written})])), "--la", "990")
    assert getattr(School.objects.get(urn=990500), field) == stored


def test_closed_schools_not_on_the_register_are_not_created(tmp_path, capsys):
    rows = [gias_row(990501, "Long Gone School", **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2009"})]
    out, _ = _run(capsys, _file(tmp_path, gias_csv(rows)), "--la", "990")
    assert "created 0, updated 0, unchanged 0, skipped 1" in out
    assert not School.objects.filter(urn=990501).exists()
