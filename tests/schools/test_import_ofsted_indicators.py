"""Ofsted outcomes and the authority's own indicators: history, categories of concern, report cards, all or nothing."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schools.models import Indicator, IndicatorValue, OfstedInspection
from schools.services import indicator_catalogue_ensure, indicator_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db

OFSTED_HEADER = [
    "Web link",
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Local authority",
    "Inspection number",
    "Inspection  type",  # two spaces: headers match whatever their spacing
    "INSPECTION START DATE",
    "Publication date",
    "Overall effectiveness",
    "Category of concern",
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
    "Safeguarding is effective?",
    "Early years provision (where applicable)",
    "Sixth form provision (where applicable)",
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and well-being",
    "Leadership and governance",
]


def ofsted_csv(rows, encoding="cp1252"):
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, OFSTED_HEADER, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _write(tmp_path, data, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def schools(db):
    authority = f.AuthorityFactory(code="990")
    return (
        f.SchoolFactory(urn=990301, name="Millbrook Primary School", authority=authority),
        f.SchoolFactory(urn=990302, name="Northgate Academy", authority=authority, academy=True),
    )


def _graded(urn, number, start, overall, category="", **extra):
    row = {
        "URN": str(urn),
        "Inspection number": number,
        "Inspection  type": "S5 Inspection",
        "INSPECTION START DATE": start,
        "Publication date": "",
        "Overall effectiveness": overall,
        "Category of concern": category,
        "Quality of education": overall,
        "Behaviour and attitudes": overall,
        "Personal development": overall,
        "Effectiveness of leadership and management": overall,
        "Safeguarding is effective?": "Yes",
    }
    row.update(extra)
    return row


def test_history_is_kept_and_categories_of_concern_are_read(tmp_path, capsys, schools):
    millbrook, northgate = schools
    rows = [
        _graded(990301, "10211111", "14/03/2019", "2"),
        _graded(990301, "10299999", "02/10/2024", "4", "SM", **{"Safeguarding is effective?": "No"}),
        _graded(990302, "10288888", "11/01/2023", "Inadequate", "Requires significant improvement"),
        _graded(123456, "10277777", "11/01/2023", "2"),  # not on the register
    ]
    call_command("import_ofsted", _write(tmp_path, ofsted_csv(rows)))
    out = capsys.readouterr().out

    assert "created 3, updated 0, unchanged 0, skipped 1, errors 0" in out
    assert "Recognised columns: URN, Inspection number, Inspection  type, INSPECTION START DATE" in out
    history = list(millbrook.inspections.all())
    assert [i.inspection_number for i in history] == ["10299999", "10211111"]
    latest = history[0]
    assert latest.category_of_concern == OfstedInspection.CategoryOfConcern.SPECIAL_MEASURES
    assert latest.overall_effectiveness == 4
    assert latest.safeguarding_effective is False
    assert latest.start_date == date(2024, 10, 2)
    assert northgate.inspections.get().category_of_concern == "SWK"

    call_command("import_ofsted", _write(tmp_path, ofsted_csv(rows)))
    assert "created 0, updated 0, unchanged 3, skipped 1, errors 0" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("written", "stored"),
    [("SM", "SM"), ("Special measures", "SM"), ("SWK", "SWK"), ("Serious weaknesses", "SWK"), ("RSI", "SWK"), ("", "")],
)
def test_category_of_concern_accepts_full_names_and_abbreviations(tmp_path, schools, written, stored):
    call_command("import_ofsted", _write(tmp_path, ofsted_csv([_graded(990301, "1", "01/02/2024", "4", written)])))
    assert OfstedInspection.objects.get().category_of_concern == stored


def test_report_card_grades_use_the_five_point_names(tmp_path, capsys, schools):
    row = {
        "URN": "990302",
        "Inspection number": "10400001",
        "Inspection  type": "Report card inspection",
        "INSPECTION START DATE": "20/01/2026",
        "Publication date": "03/03/2026",
        "Overall effectiveness": "Not judged",
        "Inclusion": "Expected standard",
        "Curriculum and teaching": "Strong standard",
        "Achievement": "Needs attention",
        "Attendance and behaviour": "Exceptional",
        "Personal development and well-being": "Urgent improvement",
        "Leadership and governance": "expected standard",
        "Early years provision (where applicable)": "",
        "Sixth form provision (where applicable)": "Strong standard",
        "Safeguarding is effective?": "Met",
    }
    call_command("import_ofsted", _write(tmp_path, ofsted_csv([row])))
    inspection = OfstedInspection.objects.get()
    assert inspection.framework == OfstedInspection.Framework.REPORT_CARD
    assert inspection.overall_effectiveness is None
    assert inspection.safeguarding_effective is True
    assert inspection.report_card_grades == {
        "inclusion": "expected",
        "curriculum_and_teaching": "strong",
        "achievement": "needs_attention",
        "attendance_and_behaviour": "exceptional",
        "personal_development_and_well_being": "urgent_improvement",
        "leadership_and_governance": "expected",
        "sixth_form": "strong",
    }
    assert inspection.publication_date == date(2026, 3, 3)


def test_a_bad_ofsted_row_changes_nothing(tmp_path, capsys, schools):
    rows = [
        _graded(990301, "10211111", "14/03/2019", "2"),
        _graded(990302, "10222222", "next Tuesday", "2"),
        _graded(990302, "10233333", "01/01/2020", "5", "Special"),
    ]
    with pytest.raises(CommandError) as raised:
        call_command("import_ofsted", _write(tmp_path, ofsted_csv(rows)))
    err = capsys.readouterr().err
    assert raised.value.returncode == 1
    assert "Line 3, column INSPECTION START DATE: ‘next Tuesday’ is not a date" in err
    assert "Line 4, column Overall effectiveness: ‘5’ is not a grade" in err
    assert "Line 4, column Category of concern: ‘Special’ is not a category of concern" in err
    assert not OfstedInspection.objects.exists()


def test_catalogue_ships_with_the_contract_codes_and_is_idempotent():
    codes = set(indicator_catalogue_ensure())
    assert {
        "attendance_pct",
        "persistent_absence_pct",
        "suspensions_rate",
        "permanent_exclusions",
        "modified_timetables",
        "ehe_removals",
        "eyfs_gld_pct",
        "ks1_expected_pct",
        "ks2_expected_pct",
        "ks2_progress",
        "attainment8",
        "progress8",
        "ks5_aps_academic",
        "ks5_aps_vocational",
        "disadvantaged_gap_eyfs",
        "disadvantaged_gap_ks1",
        "disadvantaged_gap_ks2",
        "disadvantaged_gap_ks4",
        "send_gap",
        "governor_vacancies_pct",
        "complaints",
        "safeguarding_audit",
        "finance_deficit",
        "finance_reserves",
    } <= codes
    count = Indicator.objects.count()
    indicator_catalogue_ensure()
    assert Indicator.objects.count() == count
    absence = Indicator.objects.get(code="persistent_absence_pct")
    assert (absence.name, absence.unit, absence.evidence_area, absence.higher_is_better) == (
        "Persistent absence",
        "percent",
        "behaviour_and_attitudes",
        False,
    )


def test_indicator_ensure_adds_or_updates_one_code():
    made = indicator_ensure(
        code="pupil_mobility_pct",
        name="Pupil mobility",
        unit="percent",
        evidence_area="organisational_change",
        higher_is_better=False,
    )
    again = indicator_ensure(
        code="pupil_mobility_pct",
        name="Pupil mobility (in-year)",
        unit="percent",
        evidence_area="organisational_change",
        higher_is_better=False,
    )
    assert made.pk == again.pk
    assert Indicator.objects.get(code="pupil_mobility_pct").name == "Pupil mobility (in-year)"


def _indicator_file(tmp_path, lines, name="indicators.csv", bom=True):
    data = "\r\n".join(lines).encode("utf-8")
    return _write(tmp_path, (b"\xef\xbb\xbf" if bom else b"") + data, name)


def test_indicator_values_import_idempotently(tmp_path, capsys, schools):
    indicator_catalogue_ensure()
    lines = [
        "URN,Indicator,Period,Value,National",
        "990301,persistent_absence_pct,2023/24,19.2,20.7",
        "990301,persistent_absence_pct,2024/25,16.4,17.8",
        "990301,attendance_pct,2024/25,94.1,",
        "990302,attainment8,2024/25,41.3,45.9",
    ]
    call_command("import_indicators", _indicator_file(tmp_path, lines))
    assert "created 4, updated 0, unchanged 0, skipped 0, errors 0" in capsys.readouterr().out
    value = IndicatorValue.objects.get(school=schools[0], indicator__code="persistent_absence_pct", period="2024/25")
    assert (value.value, value.national) == (Decimal("16.40"), Decimal("17.80"))

    call_command("import_indicators", _indicator_file(tmp_path, lines))
    assert "created 0, updated 0, unchanged 4, skipped 0, errors 0" in capsys.readouterr().out

    lines[2] = "990301,persistent_absence_pct,2024/25,15.9,17.8"
    call_command("import_indicators", _indicator_file(tmp_path, lines, bom=False))
    assert "created 0, updated 1, unchanged 3" in capsys.readouterr().out


def test_bad_indicator_rows_change_nothing(tmp_path, capsys, schools):
    indicator_catalogue_ensure()
    lines = [
        "urn,indicator,period,value",
        "990301,attendance_pct,2024/25,94.1",
        "990301,happiness_index,2024/25,7",
        "990301,attendance_pct,2024-25,93",
        "555555,attendance_pct,2024/25,93",
        "990302,attendance_pct,2024/25,ninety",
    ]
    with pytest.raises(CommandError):
        call_command("import_indicators", _indicator_file(tmp_path, lines))
    err = capsys.readouterr().err
    assert "Line 3, column indicator: ‘happiness_index’ is not an indicator in the catalogue" in err
    assert "Line 4, column period: ‘2024-25’ is not an academic year" in err
    assert "Line 5, column urn: No school with URN 555555 on the register" in err
    assert "Line 6, column value: ‘ninety’ is not a number" in err
    assert not IndicatorValue.objects.exists()
