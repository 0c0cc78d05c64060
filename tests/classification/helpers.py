"""Helpers for classification tests: load a preset, give a school evidence, ask for the suggestion."""

import datetime as dt
from decimal import Decimal

from classification import services
from classification.reasons import ReasonKind
from schools.models import HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection
from tests import factories as f

TODAY = dt.date(2026, 11, 24)
PERIOD = "2025/26"
TEST_FACTS = {}


def test_facts(school, on_date):
    """A fact provider for tests (registered in conftest): facts set per school in TEST_FACTS."""
    return TEST_FACTS.get(school.pk, {})


def set_indicators(school, period=PERIOD, **values):
    """set_indicators(school, persistent_absence_pct=14.2, ks2_expected_pct=(48, 61))"""
    for code, value in values.items():
        national = None
        if isinstance(value, tuple):
            value, national = value
        indicator = Indicator.objects.get(code=code)
        IndicatorValue.objects.update_or_create(
            school=school,
            indicator=indicator,
            period=period,
            defaults={"value": Decimal(str(value)), "national": None if national is None else Decimal(str(national))},
        )


_inspections = iter(range(10_000, 99_999))


def inspect(school, *, grade=None, category="", on=dt.date(2026, 6, 10)):
    return OfstedInspection.objects.create(
        school=school,
        inspection_number=f"T{next(_inspections)}",
        start_date=on,
        overall_effectiveness=grade,
        category_of_concern=category,
    )


def new_head(school, *, started_on=dt.date(2026, 9, 1), name="Ada Newhead"):
    return HeadteacherEvent.objects.create(school=school, started_on=started_on, name=name, source="manual")


def assess(school, qa_lead, *, concerns=(), area_concerns=(), sufficient_progress=None, on_date=TODAY):
    """Start and record an assessment; return it (with suggested_band and explanation)."""
    assessment = services.assessment_start(school=school, user=qa_lead, on_date=on_date)
    return services.assessment_record(
        assessment=assessment,
        user=qa_lead,
        criterion_concerns=dict.fromkeys(concerns, True),
        area_judgements=dict.fromkeys(area_concerns, ("concern", "Seen on visit")),
        sufficient_progress=sufficient_progress,
    )


def texts(assessment):
    return [reason.text for reason in assessment.reasons()]


def fired_rules(assessment):
    return [reason.rule for reason in assessment.reasons() if reason.kind is ReasonKind.RULE]


def school_in(authority, qa_lead, **kwargs):
    school = f.SchoolFactory(authority=authority, **kwargs)
    school.qa_lead = qa_lead
    school.save(update_fields=["qa_lead"])
    return school
