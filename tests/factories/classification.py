"""Classification: frameworks (a shipped preset, or a small one made here with bands and entitlements),
assessments and classifications in a given state, made directly (the workflow itself is tested through the
services: tests/classification/helpers.assess)."""

from typing import NamedTuple

from classification.frameworks import framework_load
from classification.models import Assessment, Band, Classification, Entitlement, Framework, StandingAgendaItem
from visits.visit_types import visit_types_ensure

from .dates import TODAY, at_noon


class BandSpec(NamedTuple):
    """A band of a small framework: its entitlements are (visit type code, count, per) triples."""

    label: str
    severity: int
    entitlements: tuple = ()
    colour: str = ""  # blank: the band's code


TELFORD_2024 = {
    "green": BandSpec("Green", 1, (("qa_visit", 2, "year"),)),
    "yellow": BandSpec("Yellow", 2, (("qa_visit", 1, "term"),)),
    "amber": BandSpec("Amber", 3, (("monitoring_support_meeting", 1, "term"), ("interim_visit", 1, "term"))),
    "red": BandSpec("Red", 4, (("monitoring_support_meeting", 1, "term"), ("interim_visit", 2, "term"))),
}
TELFORD_STANDING = (
    "Quality of education and its impact on outcomes",
    "Behaviour and attitudes",
    "Personal development",
    "Leadership, management and safeguarding",
)


def preset_framework(slug, authority):
    """The shipped preset `slug` loaded for `authority`, as an authority admin loads it."""
    framework, _created = framework_load(slug=slug, authority=authority)
    return framework


def framework_with_bands(
    authority,
    *,
    slug="telford-2024",
    name=None,
    bands=TELFORD_2024,
    standing=TELFORD_STANDING,
    agenda_days=14,
    papers_days=7,
    minutes_days=7,
    working=True,
    governance=True,
):
    """The current 2026/27 framework of `authority` with `bands` ({code: BandSpec or its tuple}) and no rules.
    Returns (framework, {code: Band})."""
    visit_types_ensure()  # entitlements name visit types; live-server tests flush the rows the migration seeded
    framework = Framework.objects.create(
        authority=authority,
        slug=slug,
        name=name or f"Framework {slug}",
        version=1,
        academic_year=2026,
        is_current=True,
        agenda_days_before=agenda_days,
        papers_days_before=papers_days,
        minutes_days_after=minutes_days,
        minutes_working_days=working,
        annual_governance_conversation=governance,
    )
    made = {}
    for code, spec in bands.items():
        spec = BandSpec(*spec)
        band = Band.objects.create(
            framework=framework, code=code, label=spec.label, severity=spec.severity, colour=spec.colour or code
        )
        for visit_type, count, per in spec.entitlements:
            Entitlement.objects.create(band=band, visit_type=visit_type, count=count, per=per)
        made[code] = band
    for order, title in enumerate(standing):
        StandingAgendaItem.objects.create(framework=framework, title=title, order=order)
    return framework, made


def assessment_of(school, framework, *, on=TODAY, status=Assessment.Status.COMPLETE):
    """An assessment of `school` on `on`, without the engine's suggestion."""
    return Assessment.objects.create(school=school, framework=framework, assessed_on=on, status=status)


def _classification(school, band, *, by, on, assessment, status, rationale, **fields):
    return Classification.objects.create(
        school=school,
        framework=band.framework,
        assessment=assessment or assessment_of(school, band.framework, on=on),
        band=band,
        suggested_band=band,
        rationale=rationale,
        proposed_by=by,
        proposed_at=at_noon(on),
        status=status,
        **fields,
    )


def published_classification(school, band, *, by, since=TODAY, assessment=None, rationale="Evidence reviewed"):
    """`school` published in `band` by `by` on `since` (what the publish service leaves, without the workflow);
    with no `assessment`, a complete one of that day."""
    return _classification(
        school,
        band,
        by=by,
        on=since,
        assessment=assessment,
        status=Classification.Status.PUBLISHED,
        rationale=rationale,
        published_by=by,
        published_at=at_noon(since),
        band_since=since,
    )


def proposed_classification(school, band, *, by, on=TODAY, assessment=None, rationale="Evidence reviewed"):
    """`band` proposed for `school` by `by` on `on`, awaiting the director."""
    return _classification(
        school,
        band,
        by=by,
        on=on,
        assessment=assessment,
        status=Classification.Status.PROPOSED,
        rationale=rationale,
    )


def discussed_classification(school, band, *, by, on=TODAY, rationale="Evidence reviewed"):
    """`band` proposed by `by`, confirmed and discussed with the head on `on`: ready to publish."""
    return _classification(
        school,
        band,
        by=by,
        on=on,
        assessment=None,
        status=Classification.Status.DISCUSSED,
        rationale=rationale,
        discussed_on=on,
    )
