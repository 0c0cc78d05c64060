from datetime import date

import pytest

from tests import factories as f
from visits import calendar as cal
from visits.deadlines import deadlines_for
from visits.models import VisitType


def test_weekends_and_bank_holidays_are_not_working_days():
    assert cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not cal.is_working_day(date(2026, 12, 28))  # Boxing Day (substitute)
    assert not cal.is_working_day(date(2027, 1, 1))  # New Year's Day
    assert not cal.is_working_day(date(2027, 3, 29))  # Easter Monday


def test_seven_working_days_across_christmas_and_new_year():
    # Meeting on Wednesday 23 December 2026: 24, 29, 30, 31 December, then 4, 5, 6 January.
    assert cal.add_working_days(date(2026, 12, 23), 7) == date(2027, 1, 6)
    # Friday 18 December: 21, 22, 23, 24, 29, 30, 31 December.
    assert cal.add_working_days(date(2026, 12, 18), 7) == date(2026, 12, 31)


@pytest.mark.django_db
def test_telford_minutes_due_in_seven_working_days_agenda_and_papers_before():
    authority = f.AuthorityFactory()
    framework, _ = f.framework_with_bands(authority, minutes_days=7, working=True)
    meeting = VisitType.objects.get(code="monitoring_support_meeting")
    agenda, papers, minutes = deadlines_for(visit_type=meeting, planned_date=date(2026, 12, 23), framework=framework)
    assert agenda == date(2026, 12, 9)  # two weeks before
    assert papers == date(2026, 12, 16)  # seven days before
    assert minutes == date(2027, 1, 6)


@pytest.mark.django_db
def test_west_somerset_minutes_within_ten_calendar_days():
    authority = f.AuthorityFactory()
    framework, _ = f.framework_with_bands(authority, slug="west-somerset", minutes_days=10, working=False)
    meeting = VisitType.objects.get(code="monitoring_intervention_meeting")
    _, _, minutes = deadlines_for(visit_type=meeting, planned_date=date(2026, 12, 23), framework=framework)
    assert minutes == date(2027, 1, 2)  # calendar days: Christmas does not stop the clock


@pytest.mark.django_db
def test_a_visit_that_is_not_a_meeting_has_no_deadlines():
    authority = f.AuthorityFactory()
    framework, _ = f.framework_with_bands(authority)
    qa_visit = VisitType.objects.get(code="qa_visit")
    assert deadlines_for(visit_type=qa_visit, planned_date=date(2027, 1, 12), framework=framework) == (None, None, None)


@pytest.mark.django_db
def test_default_england_terms_are_seeded_once():
    authority = f.AuthorityFactory()
    terms = cal.terms_for(authority=authority, start_year=2026)
    assert [(t.code, t.starts_on, t.ends_on) for t in terms] == [
        ("autumn", date(2026, 9, 2), date(2026, 12, 18)),
        ("spring", date(2027, 1, 4), date(2027, 3, 25)),
        ("summer", date(2027, 4, 12), date(2027, 7, 21)),
    ]
    assert len(cal.terms_for(authority=authority, start_year=2026)) == 3
    with pytest.raises(ValueError, match="no term dates for 2031/32"):
        cal.terms_for(authority=authority, start_year=2031)


@pytest.mark.django_db
def test_every_contract_visit_type_is_seeded():
    codes = set(VisitType.objects.values_list("code", flat=True))
    assert {
        "qa_visit",
        "interim_visit",
        "monitoring_support_meeting",
        "monitoring_intervention_meeting",
        "review_team_meeting",
        "project_board",
        "desktop_review",
        "telephone_conversation",
        "learning_walk",
        "trust_initial_conversation",
        "annual_governance_conversation",
    } <= codes
