"""Classification scenarios built on tests.factories: facts per school, and an assessment recorded through the real
services with the engine's suggestion and reasons."""

from classification import services
from classification.reasons import ReasonKind
from tests.factories import TODAY

TEST_FACTS = {}


def test_facts(school, on_date):
    """A fact provider for tests (registered in conftest): facts set per school in TEST_FACTS."""
    return TEST_FACTS.get(school.pk, {})


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
