"""Issue 14, acceptance 1: Ofsted's management information in both real layouts, each row up to three inspections,
NULL as empty, idempotent by inspection number, all or nothing with line and column."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schools.models import OfstedInspection
from schools.ofsted import OfstedPosition
from tests import factories as f

from .ofsted_data import (
    GRADED_LAYOUT,
    REPORT_CARD_LAYOUT,
    oeif_graded,
    ofsted_file,
    report_card,
    school,
    ungraded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    authority = f.AuthorityFactory(code="990")
    return {
        urn: f.SchoolFactory(urn=urn, name=name, authority=authority)
        for urn, name in [
            (990401, "Ashfield Primary School"),
            (990402, "Brook Lane Primary School"),
            (990403, "Castle Hill Junior School"),
            (990404, "Dale Street Primary School"),
            (990405, "Elm Grove Primary School"),
            (990406, "Fernside Primary School"),
        ]
    }


def _write(tmp_path, data, name="latest_inspections.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def report_card_rows():
    return [
        # A report card only, early years not applicable, post-16 NULL.
        school(
            990401,
            "Ashfield Primary School",
            **report_card(
                "10390001",
                "04/03/2026",
                published="15/04/2026",
                grades={
                    "Achievement": "Needs attention",
                    "Inclusion": "Strong standard",
                    "Early years (where applicable)": "Not applicable",
                    "Post-16 provision (where applicable)": "NULL",
                },
            ),
        ),
        # A report card, the previous framework's graded inspection and an ungraded one in between.
        school(
            990402,
            "Brook Lane Primary School",
            **report_card("10390002", "21/01/2026", grades={"Post-16 provision (where applicable)": "NULL"}),
            **oeif_graded("10260002", "12/05/2021", "2", published="20/06/2021"),
            **ungraded("10340002", "18/09/2024", "School remains Good", published="01/11/2024"),
        ),
        # Graded in November 2024: no overall grade, Requires improvement sub-judgements.
        school(
            990403,
            "Castle Hill Junior School",
            **oeif_graded(
                "10350003",
                "13/11/2024",
                "Not judged",
                judgements={"quality": "3", "behaviour": "2", "personal": "2", "leadership": "3"},
            ),
        ),
        # Special measures from October 2024, still so.
        school(
            990404,
            "Dale Street Primary School",
            **{"Most recent category of concern": "Special measures"},
            **oeif_graded(
                "10350004",
                "02/10/2024",
                "Not judged",
                category="Special measures",
                safeguarding="No",
                judgements={"quality": "4", "behaviour": "3", "personal": "3", "leadership": "4"},
            ),
        ),
        # Never inspected: every inspection NULL.
        school(990405, "Elm Grove Primary School"),
        # Placed in requires significant improvement by its report card.
        school(
            990406,
            "Fernside Primary School",
            **{"Most recent category of concern": "Requires significant improvement"},
            **report_card(
                "10390006",
                "11/02/2026",
                grades={
                    "Leadership and governance": "Urgent improvement",
                    "Post-16 provision (where applicable)": "NULL",
                },
            ),
        ),
        # Not on the register.
        school(123456, "Elsewhere School", **report_card("10390099", "11/02/2026")),
    ]


def test_the_report_card_layout_imports_up_to_three_inspections_a_row(tmp_path, capsys, register):
    path = _write(tmp_path, ofsted_file(REPORT_CARD_LAYOUT, report_card_rows()))
    call_command("import_ofsted", path)
    out = capsys.readouterr().out

    assert "Layout: Ofsted management information, latest inspections (layout since November 2025)" in out
    assert "created 7, updated 0, unchanged 0, skipped 2, errors 0" in out
    assert "Inspections: 3 report card, 3 graded, 1 ungraded" in out
    assert "Skipped 1: Not inspected yet" in out
    assert "Skipped 1: School not on the register" in out
    assert not OfstedInspection.objects.filter(inspection_number="NULL").exists()

    ashfield = OfstedInspection.objects.get(inspection_number="10390001")
    assert ashfield.framework == "report_card"
    assert ashfield.start_date == dt.date(2026, 3, 4)
    assert ashfield.publication_date == dt.date(2026, 4, 15)
    assert ashfield.safeguarding_effective is True
    assert ashfield.report_card_grades == {
        "inclusion": "strong",
        "curriculum_and_teaching": "expected",
        "achievement": "needs_attention",
        "attendance_and_behaviour": "expected",
        "personal_development_and_well_being": "expected",
        "leadership_and_governance": "expected",
    }
    assert ashfield.report_card_grade_dates["achievement"] == "2026-03-04"
    assert "early_years" not in ashfield.report_card_grades

    brook_lane = register[990402]
    assert [(i.framework, i.start_date) for i in brook_lane.inspections.all()] == [
        ("report_card", dt.date(2026, 1, 21)),
        ("ungraded", dt.date(2024, 9, 18)),
        ("graded", dt.date(2021, 5, 12)),
    ]
    assert brook_lane.inspections.get(framework="ungraded").ungraded_outcome == "School remains Good"
    assert brook_lane.inspections.get(framework="graded").overall_effectiveness == 2

    castle_hill = OfstedInspection.objects.get(inspection_number="10350003")
    assert castle_hill.framework == "graded"
    assert castle_hill.overall_effectiveness is None
    assert (castle_hill.quality_of_education, castle_hill.leadership_and_management) == (3, 3)

    dale_street = OfstedPosition.of(list(register[990404].inspections.all()))
    assert dale_street.current_category == "SM"
    assert dale_street.latest_full.safeguarding_effective is False
    fernside = OfstedInspection.objects.get(inspection_number="10390006")
    assert fernside.category_of_concern == "SWK"
    assert fernside.report_card_grades["leadership_and_governance"] == "urgent_improvement"

    call_command("import_ofsted", path)
    assert "created 0, updated 0, unchanged 7, skipped 2, errors 0" in capsys.readouterr().out


def graded_layout_rows():
    return [
        {
            "URN": "990401",
            "School name": "Ashfield Primary School",
            "Inspection number of latest graded inspection": "10240001",
            "Inspection type": "S5 Inspection",
            "Inspection type grouping": "Section 5",
            "Event type grouping": "Standard inspection",
            "Inspection start date": "08/07/2023",
            "Inspection end date": "09/07/2023",
            "Publication date": "30/08/2023",
            "Overall effectiveness": "3",
            "Category of concern": "NULL",
            "Quality of education": "3",
            "Behaviour and attitudes": "2",
            "Personal development": "2",
            "Effectiveness of leadership and management": "3",
            "Safeguarding is effective?": "Yes",
            "Early years provision (where applicable)": "2",
            "Sixth form provision (where applicable)": "NULL",
            "Previous graded inspection number": "10180001",
            "Previous inspection start date": "14/03/2019",
            "Previous publication date": "12/04/2019",
            "Previous graded inspection overall effectiveness": "3",
            "Previous category of concern": "NULL",
            "Latest ungraded inspection number since last graded inspection": "NULL",
            "Date of latest ungraded inspection": "NULL",
        },
        {
            "URN": "990402",
            "School name": "Brook Lane Primary School",
            "Inspection number of latest graded inspection": "10350002",
            "Inspection type": "S5 Inspection",
            "Inspection start date": "26/02/2025",
            "Publication date": "02/04/2025",
            "Overall effectiveness": "Not judged",
            "Category of concern": "NULL",
            "Quality of education": "2",
            "Behaviour and attitudes": "2",
            "Personal development": "1",
            "Effectiveness of leadership and management": "2",
            "Safeguarding is effective?": "Yes",
            # The ungraded inspection converted to this graded one: the same inspection, stored once.
            "Latest ungraded inspection number since last graded inspection": "10350002",
            "Date of latest ungraded inspection": "26/02/2025",
            "Did the latest ungraded inspection convert to a graded inspection?": "Yes",
            "Ungraded inspection overall outcome": "Converted to graded",
        },
        {
            "URN": "990403",
            "School name": "Castle Hill Junior School",
            "Inspection number of latest graded inspection": "10200003",
            "Inspection type": "S5 Inspection",
            "Inspection start date": "05/12/2018",
            "Overall effectiveness": "2",
            "Quality of education": "NULL",
            "Safeguarding is effective?": "Yes",
            "Latest ungraded inspection number since last graded inspection": "10300003",
            "Date of latest ungraded inspection": "17/01/2023",
            "Ungraded inspection publication date": "20/02/2023",
            "Ungraded inspection overall outcome": "School remains Good",
        },
    ]


def test_the_layout_to_august_2025_imports_graded_ungraded_and_previous(tmp_path, capsys, register):
    path = _write(tmp_path, ofsted_file(GRADED_LAYOUT, graded_layout_rows()))
    call_command("import_ofsted", path)
    out = capsys.readouterr().out

    assert "Layout: Ofsted management information, latest inspections (layout to August 2025)" in out
    assert "created 5, updated 0, unchanged 0, skipped 0, errors 0" in out
    assert "Inspections: 4 graded, 1 ungraded" in out
    ashfield = OfstedPosition.of(list(register[990401].inspections.all()))
    assert [i.inspection_number for i in ashfield.inspections] == ["10240001", "10180001"]
    assert ashfield.stuck  # Requires improvement twice running
    brook_lane = OfstedInspection.objects.get(inspection_number="10350002")
    assert (brook_lane.framework, brook_lane.overall_effectiveness, brook_lane.personal_development) == (
        "graded",
        None,
        1,
    )
    assert OfstedInspection.objects.get(inspection_number="10300003").ungraded_outcome == "School remains Good"

    call_command("import_ofsted", path)
    assert "created 0, updated 0, unchanged 5, skipped 0, errors 0" in capsys.readouterr().out


def test_a_file_with_one_broken_row_changes_nothing_and_names_the_line(tmp_path, capsys, register):
    call_command("import_ofsted", _write(tmp_path, ofsted_file(REPORT_CARD_LAYOUT, report_card_rows())))
    capsys.readouterr()
    before = list(OfstedInspection.objects.order_by("pk").values())
    rows = report_card_rows()
    rows[0]["Achievement"] = "Requires improvement"  # not on the five-point scale
    rows[0]["Curriculum and teaching"] = "Strong standard"  # a real change, which must not be written
    rows[3]["Inspection start date of latest OEIF graded inspection"] = "31/02/2024"
    with pytest.raises(CommandError):
        call_command("import_ofsted", _write(tmp_path, ofsted_file(REPORT_CARD_LAYOUT, rows), "broken.csv"))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Line 2, column Achievement: ‘Requires improvement’ is not a report card grade" in text
    assert "Line 5, column Inspection start date of latest OEIF graded inspection: ‘31/02/2024’ is not a date" in text
    assert list(OfstedInspection.objects.order_by("pk").values()) == before


def test_a_row_with_an_inspection_number_but_no_date_is_a_fault(tmp_path, capsys, register):
    rows = [school(990401, "Ashfield Primary School", **report_card("10390001", "NULL"))]
    with pytest.raises(CommandError):
        call_command("import_ofsted", _write(tmp_path, ofsted_file(REPORT_CARD_LAYOUT, rows)))
    out = capsys.readouterr()
    assert "Line 2, column Inspection start date: Inspection 10390001 has no start date" in out.out + out.err
    assert not OfstedInspection.objects.exists()


def test_a_file_in_no_known_layout_is_refused_with_the_reason(tmp_path, capsys, register):
    data = "URN,Inspection number,Inspection start date,Overall effectiveness\r\n990401,1,01/02/2024,2\r\n"
    with pytest.raises(CommandError):
        call_command("import_ofsted", _write(tmp_path, data.encode()))
    out = capsys.readouterr()
    assert "has no ‘Inspection number of latest full inspection’ column (the layout since November 2025)" in (
        out.out + out.err
    )
    assert not OfstedInspection.objects.exists()


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("SM", "SM"),
        ("Special measures", "SM"),
        ("SWK", "SWK"),
        ("Serious weaknesses", "SWK"),
        ("Requires significant improvement", "SWK"),
        ("RSI", "SWK"),
        ("NULL", ""),
    ],
)
def test_category_of_concern_accepts_full_names_and_abbreviations(tmp_path, register, written, stored):
    row = school(990401, "Ashfield Primary School", **oeif_graded("10350001", "01/02/2024", "4", category=written))
    call_command("import_ofsted", _write(tmp_path, ofsted_file(REPORT_CARD_LAYOUT, [row])))
    assert OfstedInspection.objects.get().category_of_concern == stored
