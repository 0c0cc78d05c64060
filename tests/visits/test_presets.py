"""Acceptance 1 for every preset: load the framework as the classification app does, plan a year for a school in
each band, and check the visits the policy texts promise."""

from collections import Counter

import pytest
from freezegun import freeze_time

from classification.frameworks import framework_load
from tests import factories as f
from visits.models import Visit
from visits.planner import school_plan

pytestmark = pytest.mark.django_db
TERMS = ("autumn", "spring", "summer")


def _plan(slug, *, maintained=True):
    authority = f.AuthorityFactory()
    framework, _ = framework_load(slug=slug, authority=authority)
    plans = {}
    for band in framework.bands.all():
        school = f.SchoolFactory(authority=authority, academy=not maintained)
        with freeze_time("2026-08-20"):
            school_plan(school=school, start_year=2026, reason="test", band=band, framework=framework)
        plans[band.code] = Counter(
            (v.term, v.visit_type.code) for v in Visit.objects.filter(school=school, academic_year=2026)
        )
    return framework, plans


def _per_term(plan, code):
    return [plan[(t, code)] for t in TERMS]


def _year(plan, code):
    return sum(n for (_t, c), n in plan.items() if c == code)


def _term_total(plan, term, exclude=("annual_governance_conversation", "ceo_meeting")):
    return sum(n for (t, c), n in plan.items() if t == term and c not in exclude)


def test_telford_2024_preset():
    framework, plans = _plan("telford-wrekin-2024")
    assert framework.agenda_days_before == 14 and framework.papers_days_before == 7
    assert framework.minutes_days_after == 7 and framework.minutes_working_days
    assert _year(plans["green"], "qa_visit") == 2
    assert _per_term(plans["yellow"], "qa_visit") == [1, 1, 1]
    assert _per_term(plans["amber"], "monitoring_support_meeting") == [1, 1, 1]
    assert [_term_total(plans["amber"], t) for t in TERMS] == [2, 2, 2]
    assert _per_term(plans["red"], "monitoring_support_meeting") == [1, 1, 1]
    assert [_term_total(plans["red"], t) for t in TERMS] == [3, 3, 3]
    for code in ("green", "yellow", "amber", "red"):
        assert _year(plans[code], "annual_governance_conversation") == 1  # every maintained school


def test_telford_2024_academy_track_offers_the_trust_conversation():
    _, plans = _plan("telford-wrekin-2024", maintained=False)
    academy = next(plan for code, plan in plans.items() if code.startswith("academ"))
    assert _year(academy, "trust_initial_conversation") == 1
    assert _year(academy, "annual_governance_conversation") == 0  # academies: not a maintained board


def test_telford_2014_preset():
    _, plans = _plan("telford-wrekin-2014")
    # Category 3: termly review of the Raising Achievement Plan, review team meeting each half term.
    assert _per_term(plans["category-3"], "improvement_plan_evaluation") == [1, 1, 1]
    assert _per_term(plans["category-3"], "review_team_meeting") == [2, 2, 2]
    # Category 4b: substantial additional visits on top of Category 3's, review team meeting each half term.
    assert _year(plans["category-4b"], "review_team_meeting") == 6
    assert _per_term(plans["category-4b"], "interim_visit") == [4, 4, 4]
    assert _per_term(plans["category-4b"], "improvement_plan_evaluation") == [1, 1, 1]  # as Category 3
    assert (sum(plans["category-3"].values()), sum(plans["category-4b"].values())) == (9, 21)


def test_barnsley_preset():
    _, plans = _plan("barnsley")
    assert _year(plans["high-risk"], "qa_visit") == 24  # up to 24 visits a year
    assert _per_term(plans["high-risk"], "school_improvement_group") == [2, 2, 2]
    assert _per_term(plans["medium-risk"], "qa_visit") == [2, 2, 2]  # at least half-termly
    assert _per_term(plans["low-risk"], "qa_visit") == [1, 1, 1]  # termly
    assert _year(plans["no-risk"], "qa_visit") == 2  # two visits a year


def test_west_somerset_preset():
    framework, plans = _plan("west-somerset-2021")
    assert framework.minutes_days_after == 10 and not framework.minutes_working_days
    assert _per_term(plans["level-1"], "desktop_review") == [1, 1, 1]
    level2 = plans["level-2"]
    # "Evaluate the Improvement Plan (Autumn)", "Evaluate the impact of the Improvement Plan (Summer)".
    assert _per_term(level2, "improvement_plan_evaluation") == [1, 0, 0]
    assert _per_term(level2, "impact_evaluation") == [0, 0, 1]
    assert _year(level2, "learning_walk") == 3
    assert _per_term(plans["level-3"], "monitoring_intervention_meeting") == [2, 2, 2]
    assert [_term_total(plans["level-3"], t) for t in TERMS] == [3, 3, 3]
    assert _per_term(plans["level-4"], "monitoring_intervention_meeting") == [2, 2, 2]
    assert [_term_total(plans["level-4"], t) for t in TERMS] == [4, 4, 4]


def test_worcestershire_preset():
    framework, plans = _plan("worcestershire-2017")
    by_label = {band.label: plans[band.code] for band in framework.bands.all()}
    secure_plus = next(plan for label, plan in by_label.items() if label.startswith("Secure Plus"))
    assert _year(secure_plus, "desktop_review") == 1
    secure = plans["secure"]
    assert [_year(secure, c) for c in ("desktop_review", "telephone_conversation", "follow_up_call")] == [1, 1, 1]
    light = plans["light-touch"]
    assert [_year(light, c) for c in ("desktop_review", "initial_visit", "follow_up_call")] == [1, 1, 1]
    focused = next(plan for label, plan in by_label.items() if label.startswith("Focused"))
    assert _year(focused, "initial_visit") == 1 and _per_term(focused, "project_board") == [1, 1, 1]
    intensive = next(plan for label, plan in by_label.items() if label.startswith("Intensive"))
    assert _per_term(intensive, "project_board") == [2, 2, 2]
