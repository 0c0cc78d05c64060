"""The authority's own indicators: the catalogue, values by period, all or nothing (Ofsted: test_import_ofsted.py)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schools.models import Indicator, IndicatorValue
from schools.services import indicator_catalogue_ensure, indicator_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db


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
