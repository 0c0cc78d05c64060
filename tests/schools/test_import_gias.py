"""GIAS establishment import: scope, upsert, idempotency, all-or-nothing, encodings (issue 3, points 1-3); an
academy trust's schools by Trusts (code), every state-funded type, and warnings for unusable non-key values
(issue 14)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from qa_portal.jobs.models import Job
from schools.models import Authority, HeadteacherEvent, School
from tests import factories as f
from tests.base import main_content, url_in

from .gias_data import GIAS_HEADER, OTHER_GIAS_TYPES, STATE_FUNDED_GIAS_TYPES, gias_csv, gias_row

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
    rows.append(gias_row(990130, "Bad Status Primary", **{"EstablishmentStatus (name)": "Ajar"}))

    with pytest.raises(CommandError) as raised:
        call_command("import_gias", _file(tmp_path, gias_csv(rows)), "--la", "990")
    out = capsys.readouterr()

    assert raised.value.returncode == 1
    assert "Nothing was imported: 3 problems to correct" in str(raised.value)
    assert "Line 3, column URN: ‘99O12X’ is not a URN" in out.err
    assert "Line 10, column EstablishmentName: The school name is missing" in out.err
    assert "Line 11, column EstablishmentStatus (name): ‘Ajar’ is not a GIAS establishment status" in out.err
    # A bad date is not a key fault: it is a warning, and it would not have stopped the file by itself.
    assert "Line 9, column OpenDate" not in out.err
    assert "Warning: Line 9, column OpenDate: ‘31-02-2019’ is not a date" in out.out
    assert "errors 3, warnings 1" in out.out
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
        ("TypeOfEstablishment (name)", "Academy secure 16 to 19", "is_maintained", False),
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


def test_every_state_funded_type_is_in_scope_and_nothing_else(tmp_path, capsys):
    rows = [
        gias_row(
            990700 + i, f"{name} 1", **{"TypeOfEstablishment (name)": name, "EstablishmentTypeGroup (name)": group}
        )
        for i, (name, group, _maintained) in enumerate(STATE_FUNDED_GIAS_TYPES)
    ] + [
        gias_row(
            990800 + i, f"{name} 2", **{"TypeOfEstablishment (name)": name, "EstablishmentTypeGroup (name)": group}
        )
        for i, (name, group) in enumerate(OTHER_GIAS_TYPES)
    ]

    out, err = _run(capsys, _file(tmp_path, gias_csv(rows)), "--la", "990")

    assert f"created {len(STATE_FUNDED_GIAS_TYPES)}, updated 0, unchanged 0, skipped {len(OTHER_GIAS_TYPES)}" in out
    assert err == ""
    stored = dict(School.objects.values_list("establishment_type", "is_maintained"))
    assert stored == {name: maintained for name, _group, maintained in STATE_FUNDED_GIAS_TYPES}


# An academy trust: Authority.code is its GIAS group id, the value of the Trusts (code) column.
TRUST_CODE = "16473"
IN_TRUST = {
    "Trusts (code)": TRUST_CODE,
    "Trusts (name)": "Severn Learning Trust",
    "TrustSchoolFlag (name)": "Supported by a multi-academy trust",
    "EstablishmentTypeGroup (name)": "Academies",
}


def _trust():
    return f.AuthorityFactory(kind=Authority.Kind.ACADEMY_TRUST, code=TRUST_CODE, name="Severn Learning Trust")


def _trust_rows():
    """The trust's three schools in two LAs (one a secure 16 to 19 academy), another trust's and an LA's."""
    return [
        gias_row(
            990125,
            "Castleton Academy",
            **IN_TRUST,
            **{
                "TypeOfEstablishment (name)": "Academy converter",
                "PhaseOfEducation (name)": "Secondary",
                "StatutoryLowAge": "11",
                "StatutoryHighAge": "18",
            },
        ),
        gias_row(
            891301,
            "Riverside Secure Academy",
            **IN_TRUST,
            **{
                "LA (code)": "891",
                "LA (name)": "Elsewhere",
                "EstablishmentNumber": "6001",
                "TypeOfEstablishment (name)": "Academy secure 16 to 19",
                "PhaseOfEducation (name)": "16 plus",
                "StatutoryLowAge": "16",
                "StatutoryHighAge": "19",
            },
        ),
        gias_row(
            990130,
            "Meadow Free School",
            **{
                **IN_TRUST,
                "TypeOfEstablishment (name)": "Free schools",
                "EstablishmentTypeGroup (name)": "Free Schools",
            },
        ),
        gias_row(
            990131,
            "Other Trust Academy",
            **{
                "TypeOfEstablishment (name)": "Academy sponsor led",
                "EstablishmentTypeGroup (name)": "Academies",
                "Trusts (code)": "5099",
                "Trusts (name)": "Another Learning Trust",
            },
        ),
        gias_row(990132, "Brook Community Primary School"),
    ]


TRUST_URNS = {990125, 891301, 990130}


def test_a_trust_imports_its_schools_chosen_by_trusts_code(tmp_path, capsys):
    trust = _trust()
    path = _file(tmp_path, gias_csv(_trust_rows(), shuffle_columns=True))

    out, err = _run(capsys, path, "--authority", f"trust/{TRUST_CODE}")

    assert "created 3, updated 0, unchanged 0, skipped 2, errors 0" in out
    assert "Skipped 2: Another trust or none" in out
    assert err == ""
    assert set(School.objects.values_list("urn", flat=True)) == TRUST_URNS
    assert set(School.objects.filter(authority=trust).values_list("urn", flat=True)) == TRUST_URNS
    secure = School.objects.get(urn=891301)
    assert secure.establishment_type == "Academy secure 16 to 19"
    assert secure.is_maintained is False
    assert secure.type_group == School.TypeGroup.ACADEMIES
    assert (secure.phase, secure.age_range) == (School.Phase.SIXTEEN_PLUS, "16 to 19")
    assert secure.laestab == "8916001"  # the school keeps its own LA in its LAESTAB
    assert (secure.trust_code, secure.trust_name) == (TRUST_CODE, "Severn Learning Trust")
    assert School.objects.get(urn=990125).laestab == "9900125"
    assert not Authority.objects.filter(kind=Authority.Kind.LOCAL_AUTHORITY).exists()

    out, err = _run(capsys, path, "--authority", TRUST_CODE)
    assert "created 0, updated 0, unchanged 3, skipped 2, errors 0" in out
    assert err == ""


def test_a_trusts_import_leaves_a_school_on_another_authoritys_register_alone(tmp_path, capsys):
    trust = _trust()
    la_school = f.SchoolFactory(urn=990130, name="Meadow Free School (LA's)", authority=f.AuthorityFactory(code="990"))

    out, _ = _run(capsys, _file(tmp_path, gias_csv(_trust_rows())), "--authority", f"trust/{TRUST_CODE}")

    assert "created 2, updated 0, unchanged 0, skipped 3, errors 0, warnings 1" in out
    assert "Skipped 1: On another authority’s register" in out
    assert (
        f"Warning: Line 4, column URN: URN 990130 is on the register of {la_school.authority} (left unchanged)" in out
    )
    la_school.refresh_from_db()
    assert (la_school.authority.code, la_school.name) == ("990", "Meadow Free School (LA's)")
    assert set(School.objects.filter(authority=trust).values_list("urn", flat=True)) == {990125, 891301}


def test_a_school_gias_places_in_another_local_authority_moves_to_it(tmp_path, capsys):
    """A boundary change: GIAS now gives the school LA 990, so LA 990's import takes it from LA 991."""
    f.AuthorityFactory(code="990")
    moved = f.SchoolFactory(urn=990140, name="Boundary Primary School", authority=f.AuthorityFactory(code="991"))

    out, _ = _run(
        capsys, _file(tmp_path, gias_csv([gias_row(990140, "Boundary Primary School")])), "--authority", "990"
    )

    assert "created 0, updated 1, unchanged 0, skipped 0, errors 0" in out
    moved.refresh_from_db()
    assert moved.authority.code == "990"


def test_a_trusts_file_needs_the_trusts_code_column_and_names_the_trust(tmp_path, capsys):
    _trust()
    header = [column for column in GIAS_HEADER if column != "Trusts (code)"]
    with pytest.raises(CommandError):
        call_command("import_gias", _file(tmp_path, gias_csv(_trust_rows(), header=header)), "--authority", TRUST_CODE)
    assert "The file has no ‘Trusts (code)’ column" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No authority with code 'trust/99999'"):
        call_command("import_gias", _file(tmp_path, gias_csv(_trust_rows())), "--authority", "trust/99999")
    assert not School.objects.exists()


def test_a_key_fault_in_a_trusts_file_changes_nothing_and_names_the_line(tmp_path, capsys):
    trust = _trust()
    kept = f.SchoolFactory(urn=990125, name="Castleton Academy (old name)", authority=trust, academy=True)
    rows = _trust_rows()
    rows[2]["URN"] = "9901X0"
    rows[1]["LA (code)"] = ""

    with pytest.raises(CommandError, match="Nothing was imported: 2 problems to correct"):
        call_command("import_gias", _file(tmp_path, gias_csv(rows)), "--authority", TRUST_CODE)
    out = capsys.readouterr()

    assert "Line 3, column LA (code): No LA code" in out.err
    assert "Line 4, column URN: ‘9901X0’ is not a URN" in out.err
    assert list(School.objects.values_list("urn", flat=True)) == [990125]
    kept.refresh_from_db()
    assert kept.name == "Castleton Academy (old name)"


def _high_age_rows():
    return [
        gias_row(990601, "Alder Primary School"),
        gias_row(990602, "Birch Primary School", StatutoryHighAge="99", NumberOfPupils="187"),
        gias_row(990603, "Cedar Primary School"),
    ]


def test_a_high_age_of_99_is_left_empty_with_a_warning_and_every_other_row_imports(tmp_path, capsys):
    path = _file(tmp_path, gias_csv(_high_age_rows()))

    out, err = _run(capsys, path, "--la", "990")

    assert "created 3, updated 0, unchanged 0, skipped 0, errors 0, warnings 1" in out
    assert "Warning: Line 3, column StatutoryHighAge: ‘99’ is out of range (kept empty)" in out
    assert out.count("Warning:") == 1
    assert err == ""
    birch = School.objects.get(urn=990602)
    assert birch.statutory_high_age is None
    assert (birch.statutory_low_age, birch.number_on_roll, birch.head_name) == (4, 187, "Mrs Jane Smith")
    assert set(School.objects.values_list("statutory_high_age", flat=True)) == {None, 11}

    out, err = _run(capsys, path, "--la", "990")
    assert "created 0, updated 0, unchanged 3, skipped 0, errors 0, warnings 1" in out
    assert "Warning: Line 3, column StatutoryHighAge: ‘99’ is out of range (kept as stored)" in out
    assert err == ""


@pytest.mark.parametrize(
    ("column", "written", "field", "reason"),
    [
        ("StatutoryHighAge", "99", "statutory_high_age", "‘99’ is out of range"),
        ("StatutoryLowAge", "-1", "statutory_low_age", "‘-1’ is out of range"),
        ("NumberOfPupils", "250000", "number_on_roll", "‘250000’ is out of range"),
        ("NumberOfPupils", "about 200", "number_on_roll", "‘about 200’ is not a whole number"),
        ("PercentageFSM", "112.5", "percent_fsm", "‘112.5’ is out of range"),
        ("SchoolWebsite", "www.birch school.sch.uk", "website", "‘www.birch school.sch.uk’ is not a web address"),
        ("OpenDate", "31-02-2019", "open_date", "‘31-02-2019’ is not a date"),
        ("LastChangedDate", "yesterday", "gias_last_changed", "‘yesterday’ is not a date"),
        ("PhaseOfEducation (name)", "Upper", "phase", "‘Upper’ is not a GIAS phase of education"),
        ("EstablishmentNumber", "12A4", "laestab", "‘12A4’ is not an establishment number"),
    ],
)
def test_an_unusable_non_key_value_keeps_what_the_register_had(tmp_path, capsys, column, written, field, reason):
    school = f.SchoolFactory(
        urn=990602,
        name="Birch Primary (old name)",
        authority=f.AuthorityFactory(code="990"),
        laestab="9900602",
        statutory_low_age=4,
        statutory_high_age=11,
        number_on_roll=190,
        percent_fsm=Decimal("12.5"),
        website="https://birch.example.sch.uk",
        open_date=date(1990, 9, 1),
        gias_last_changed=date(2026, 11, 2),
        phase=School.Phase.PRIMARY,
        head_name="Mrs Jane Smith",
        head_job_title="Headteacher",
    )
    stored = getattr(school, field)

    out, err = _run(
        capsys,
        _file(tmp_path, gias_csv([gias_row(990602, "Birch Primary School", **{column: written})])),
        "--la",
        "990",
    )

    assert "created 0, updated 1, unchanged 0, skipped 0, errors 0, warnings 1" in out
    assert f"Warning: Line 2, column {column}: {reason}" in out
    assert "(kept as stored)" in out
    assert err == ""
    school.refresh_from_db()
    assert school.name == "Birch Primary School"
    assert getattr(school, field) == stored


def _upload(client, authority, data, name="edubasealldata20261120.csv", **extra):
    return client.post(
        url_in(authority, "schools:imports"),
        {"kind": "gias", "file": SimpleUploadedFile(name, data, "text/csv"), **extra},
        follow=True,
    )


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response)))


def test_a_trusts_admin_imports_the_trusts_schools_on_the_import_page(client_for, django_capture_on_commit_callbacks):
    trust = _trust()
    admin = f.authority_admin(trust)
    client = client_for(admin)
    page = _text(client.get(url_in(trust, "schools:imports")))
    assert f"Only state-funded schools with trust code {TRUST_CODE} are imported" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, trust, gias_csv(_trust_rows()))

    job = Job.objects.get(kind="schools_import_gias")
    assert response.redirect_chain[-1][0] == f"/trust/{TRUST_CODE}/jobs/{job.pk}/"
    assert (job.authority, job.created_by) == (trust, admin)
    text = _text(client.get(f"/trust/{TRUST_CODE}/jobs/{job.pk}/"))
    assert "Import finished" in text
    assert "created 3, updated 0, unchanged 0, skipped 2, errors 0" in text
    assert "Skipped 2: Another trust or none" in text
    assert "Values left out" not in text
    assert set(School.objects.filter(authority=trust).values_list("urn", flat=True)) == TRUST_URNS
    assert School.objects.get(urn=891301).history.first().history_user == admin

    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, trust, gias_csv(_trust_rows()))
    second = Job.objects.exclude(pk=job.pk).get()
    assert second.result["summary"] == "created 0, updated 0, unchanged 3, skipped 2, errors 0"


def test_a_trusts_upload_without_the_trusts_code_column_is_refused(client_for):
    trust = _trust()
    header = [column for column in GIAS_HEADER if column != "Trusts (code)"]
    response = _upload(client_for(f.authority_admin(trust)), trust, gias_csv(_trust_rows(), header=header))
    assert response.status_code == 200
    assert "The file has no ‘Trusts (code)’ column" in _text(response)
    assert not Job.objects.exists()


def test_the_result_page_shows_the_warning_and_the_other_rows_import(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world.authority, gias_csv(_high_age_rows()))
    job = Job.objects.get(kind="schools_import_gias")
    text = _text(client.get(response.redirect_chain[-1][0]))
    assert "Import finished" in text
    assert "created 3, updated 0, unchanged 0, skipped 0, errors 0, warnings 1" in text
    assert "Values left out" in text
    assert "3 StatutoryHighAge ‘99’ is out of range (kept empty)" in text
    assert job.result["warnings"] == [
        {"line": 3, "column": "StatutoryHighAge", "reason": "‘99’ is out of range (kept empty)"}
    ]
    assert set(School.objects.filter(authority=world.authority, urn__gte=990601).values_list("urn", flat=True)) == {
        990601,
        990602,
        990603,
    }


def test_a_key_fault_on_the_import_page_saves_nothing_and_names_the_line(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    rows = [*_high_age_rows(), gias_row("99O12X", "Broken Primary School", EstablishmentNumber="2012")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, world.authority, gias_csv(rows, encoding="utf-8", bom=True))
    text = _text(client.get(response.redirect_chain[-1][0]))
    assert "Nothing was imported" in text
    assert "errors 1, warnings 1" in text
    assert "5 URN ‘99O12X’ is not a URN" in text
    assert not School.objects.filter(urn__gte=990601).exists()
