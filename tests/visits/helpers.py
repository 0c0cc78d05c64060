"""Framework rows for visits tests, made directly with the classification models (no preset needed)."""

from django.utils import timezone

from classification.models import Assessment, Band, Classification, Entitlement, Framework, StandingAgendaItem
from visits.visit_types import visit_types_ensure

TELFORD_2024 = {
    "green": ("Green", 1, [("qa_visit", 2, "year")]),
    "yellow": ("Yellow", 2, [("qa_visit", 1, "term")]),
    "amber": ("Amber", 3, [("monitoring_support_meeting", 1, "term"), ("interim_visit", 1, "term")]),
    "red": ("Red", 4, [("monitoring_support_meeting", 1, "term"), ("interim_visit", 2, "term")]),
}
TELFORD_STANDING = [
    "Quality of education and its impact on outcomes",
    "Behaviour and attitudes",
    "Personal development",
    "Leadership, management and safeguarding",
]


def make_framework(
    authority,
    *,
    slug="telford-2024",
    bands=TELFORD_2024,
    minutes_days=7,
    working=True,
    governance=True,
    standing=TELFORD_STANDING,
):
    visit_types_ensure()  # transactional (browser) tests flush the rows the data migration seeded
    framework = Framework.objects.create(
        authority=authority,
        slug=slug,
        name=f"Framework {slug}",
        version=1,
        academic_year=2026,
        is_current=True,
        agenda_days_before=14,
        papers_days_before=7,
        minutes_days_after=minutes_days,
        minutes_working_days=working,
        annual_governance_conversation=governance,
    )
    made = {}
    for code, (label, severity, entitlements) in bands.items():
        band = Band.objects.create(framework=framework, code=code, label=label, severity=severity, colour=code)
        for visit_type, count, per in entitlements:
            Entitlement.objects.create(band=band, visit_type=visit_type, count=count, per=per)
        made[code] = band
    for order, title in enumerate(standing):
        StandingAgendaItem.objects.create(framework=framework, title=title, order=order)
    return framework, made


def publish_band(school, band, user):
    """A published classification of the school in `band` (what classification's publish service leaves)."""
    assessment = Assessment.objects.create(
        school=school, framework=band.framework, assessed_on=timezone.localdate(), status="complete"
    )
    return Classification.objects.create(
        school=school,
        framework=band.framework,
        assessment=assessment,
        status="published",
        band=band,
        rationale="Test",
        proposed_by=user,
        proposed_at=timezone.now(),
        published_by=user,
        published_at=timezone.now(),
    )
