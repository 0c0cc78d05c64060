"""seed_demo's schools step: GIAS-like details, headteachers, Ofsted stories and three years of indicators."""

from datetime import date

import pytest
from freezegun import freeze_time

from schools import demo
from schools.models import HeadteacherEvent, IndicatorValue, OfstedInspection, School
from schools.ofsted import OfstedPosition
from tests import factories as f

pytestmark = pytest.mark.django_db


def _seed(leads):
    authority = demo.seed_authority()
    schools = demo.seed_schools(authority, leads)
    demo.seed({"authority": authority, "schools": schools, "people": {}, "set_passwords": False})
    return schools


def _counts():
    return (
        School.objects.count(),
        OfstedInspection.objects.count(),
        IndicatorValue.objects.count(),
        HeadteacherEvent.objects.count(),
    )


# The demo's Ofsted stories read as of its academic year: fix which one it is.
@freeze_time("2026-11-24 10:00")
def test_demo_borough_has_details_stories_and_three_years_of_indicators(client_for):
    leads = [f.UserFactory(email=f"lead{n}@demo.example") for n in (1, 2)]
    schools = _seed(leads)
    first = _counts()
    _seed(leads)
    assert _counts() == first  # idempotent
    history = School.history.count()
    demo.seed({"schools": schools})
    assert School.history.count() == history  # a second run changes no school

    for school in School.objects.filter(urn__in=[s.urn for s in schools]):
        assert school.head_name and school.laestab.startswith("990") and school.postcode and school.number_on_roll
        periods = set(school.indicator_values.values_list("period", flat=True))
        assert periods == {"2023/24", "2024/25", "2025/26"}, school.name
        codes = set(school.indicator_values.values_list("indicator__code", flat=True))
        assert {"attendance_pct", "persistent_absence_pct"} <= codes
    assert schools[0].name == "Ashford Vale Primary School"
    assert School.objects.get(pk=schools[0].pk).head_name == "Mrs Grace Adeyemi"

    sm = School.objects.get(name="Dunmore Primary School")
    position = OfstedPosition.of(list(sm.inspections.all()))
    assert position.current_category == "SM"  # placed by a graded inspection, kept through monitoring since
    assert sm.inspections.first().framework == "ungraded"
    assert sm.headteacher_events.get().previous_name

    report_card = School.objects.get(name="Hollins Park Primary Academy").inspections.first()
    assert report_card.framework == "report_card"
    assert report_card.report_card_grades["curriculum_and_teaching"] == "strong"
    assert OfstedInspection.objects.filter(category_of_concern="SM").count() == 1
    assert not OfstedInspection.objects.filter(start_date__gte=date(2024, 9, 1), overall_effectiveness__isnull=False)

    academy_values = IndicatorValue.objects.filter(school__type_group="academies", indicator__code="finance_deficit")
    assert not academy_values.exists()  # trusts hold academy finances
    secondary = School.objects.filter(phase="secondary").first()
    assert secondary.indicator_values.filter(indicator__code="attainment8").count() == 3
    assert not secondary.indicator_values.filter(indicator__code="ks2_expected_pct").exists()
