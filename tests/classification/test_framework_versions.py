"""Framework versions: a draft copied from the version in force, edited, its impact on plans shown, then published
from a date (today, or a later day brought into force by the daily job); the QA leads told; old decisions keep
their version."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from classification import services
from classification.jobs import framework_versions_due_task
from classification.models import Band, Entitlement, Framework, Rule
from classification.selectors import published_band_for_school
from classification.visit_types import pluralise
from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import main_content
from visits.models import Visit
from visits.planner import plan_visits

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
CLOCK = "2026-11-24 10:00:00"


def _small_framework(world):
    """Telford-style bands (Yellow: 1 QA visit a term) with a default rule; both schools of the authority Yellow,
    with their year planned."""
    framework, bands = f.framework_with_bands(world.authority, name="Demo framework", governance=False)
    Rule.objects.create(
        framework=framework, code="default", label="Default", kind=Rule.Kind.DEFAULT, band=bands["green"]
    )
    for school in (world.school, world.other_school):
        f.published_classification(school, bands["yellow"], by=world.qa_lead, since=dt.date(2026, 9, 10))
    plan_visits(start_year=2026, authority=world.authority, today=TODAY)
    return framework, bands


def _yellow_qa_visits(school):
    return sorted(Visit.objects.filter(school=school, visit_type__code="qa_visit").values_list("term", "sequence"))


def _yellow_entitlement(draft):
    return Entitlement.objects.get(band__framework=draft, band__code="yellow")


def _raise_yellow(draft, world, count=2):
    entitlement = _yellow_entitlement(draft)
    services.entitlement_update(
        entitlement=entitlement,
        user=world.admin,
        visit_type="qa_visit",
        count=count,
        per="term",
        is_minimum=False,
        written_reports=None,
        description="",
    )


@freeze_time(CLOCK)
def test_a_draft_copies_everything_as_the_next_version(world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    draft = services.framework_draft_create(framework=framework, user=world.admin)
    assert (draft.version, draft.status, draft.is_current, draft.based_on) == (2, "draft", False, framework)
    assert (draft.name, draft.slug, draft.academic_year) == (framework.name, framework.slug, 2026)
    assert draft.meeting_papers == framework.meeting_papers
    assert (draft.agenda_days_before, draft.papers_days_before) == (
        framework.agenda_days_before,
        framework.papers_days_before,
    )

    def shape(version):
        return (
            [(b.code, b.label, b.severity) for b in version.bands.order_by("severity")],
            sorted(
                (e.band.code, e.visit_type, e.count, e.per, e.term)
                for e in Entitlement.objects.filter(band__framework=version).select_related("band")
            ),
            [(a.key, a.label) for a in version.areas.all()],
            [(c.code, c.area.key, c.threshold) for c in version.criteria.select_related("area")],
            [(r.code, r.band.code if r.band else None) for r in version.rules.select_related("band")],
            [(i.visit_type, i.title) for i in version.standing_agenda_items.all()],
        )

    assert shape(draft) == shape(framework)
    assert Band.objects.filter(framework=draft).count() == framework.bands.count()
    # Rules point at the draft's own bands.
    assert set(Rule.objects.filter(framework=draft, band__isnull=False).values_list("band__framework", flat=True)) == {
        draft.pk
    }
    framework.refresh_from_db()
    assert (framework.is_current, framework.status) == (True, "published")
    with pytest.raises(ValidationError, match="Version 2 is already draft"):
        services.framework_draft_create(framework=framework, user=world.admin)


@freeze_time(CLOCK)
def test_the_version_in_force_cannot_be_edited(world, client_for):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    entitlement = framework.bands.get(code="green").entitlements.get()
    with pytest.raises(ValidationError, match="Make a new version to change the framework in force"):
        services.entitlement_update(
            entitlement=entitlement,
            user=world.admin,
            visit_type="qa_visit",
            count=3,
            per="year",
            is_minimum=True,
            written_reports=None,
            description="",
        )
    admin = client_for(world.admin)
    url = reverse("classification:entitlement-edit", kwargs={"pk": framework.pk, "entitlement_pk": entitlement.pk})
    response = admin.post(url, {"visit_type": "qa_visit", "count": "3", "per": "year"}, follow=True)
    assert "Make a new version to change the framework in force" in main_content(response)
    entitlement.refresh_from_db()
    assert entitlement.count == 2
    settings_page = main_content(admin.get(reverse("classification:framework", kwargs={"pk": framework.pk})))
    assert "Edit as a new version" in settings_page
    assert "Save settings" not in settings_page


@freeze_time(CLOCK)
def test_the_visit_type_is_chosen_from_the_catalogue(world, client_for):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    draft = services.framework_draft_create(framework=framework, user=world.admin)
    entitlement = Entitlement.objects.get(band__framework=draft, band__code="yellow")
    url = reverse("classification:entitlement-edit", kwargs={"pk": draft.pk, "entitlement_pk": entitlement.pk})
    admin = client_for(world.admin)
    form = main_content(admin.get(url))
    assert '<select name="visit_type" class="govuk-select" id="id_visit_type">' in form
    assert '<option value="qa_visit" selected>QA visit</option>' in form
    page = main_content(admin.post(url, {"visit_type": "qa visit", "count": "2", "per": "term"}))
    assert "There is a problem" in page
    assert "Choose a visit type from the list" in page
    entitlement.refresh_from_db()
    assert entitlement.visit_type == "qa_visit"
    with pytest.raises(ValidationError) as error:
        services.entitlement_update(
            entitlement=entitlement,
            user=world.admin,
            visit_type="Qa visit",
            count=2,
            per="term",
            is_minimum=False,
            written_reports=None,
            description="",
        )
    assert error.value.message_dict == {"visit_type": ["Choose a visit type from the list"]}
    # A code the catalogue lacks (typed in before) is refused on publishing, naming the field.
    Entitlement.objects.filter(pk=entitlement.pk).update(visit_type="qa visit")
    with pytest.raises(ValidationError) as error:
        services.framework_draft_publish(framework=draft, user=world.admin, effective_from=TODAY)
    assert error.value.message_dict == {
        "bands[Yellow].entitlements": ["bands[Yellow].entitlements: choose a visit type from the list"]
    }


def test_labels_read_naturally(world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    green = framework.bands.get(code="green").entitlements.get()
    assert str(green) == "At least 2 QA visits a year"
    red = [str(e) for e in framework.bands.get(code="red").entitlements.order_by("pk")]
    assert red == ["1 monitoring and support meeting a term", "At least 2 interim visits a term"]
    one = Entitlement(band=green.band, visit_type="qa_visit", count=1, per="term")
    assert str(one) == "1 QA visit a term"
    assert pluralise("Initial conversation with the trust") == "Initial conversations with the trust"
    assert pluralise("Follow-up call") == "Follow-up calls"


def test_the_framework_page_describes_entitlements_naturally(world, client_for):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    page = main_content(client_for(world.admin).get(reverse("classification:framework", kwargs={"pk": framework.pk})))
    assert "At least 2 QA visits a year" in page
    assert "qa visit" not in page


@freeze_time(CLOCK)
def test_the_impact_of_publishing_is_exact(world, client_for):
    _framework, _bands = _small_framework(world)
    assert _yellow_qa_visits(world.school) == [("autumn", 1), ("spring", 1), ("summer", 1)]
    draft = services.framework_draft_create(framework=_framework, user=world.admin)
    _raise_yellow(draft, world)
    impact = services.framework_draft_impact(framework=draft, effective_from=TODAY)
    # Autumn (school days left after today), spring and summer each gain a second QA visit, at both schools.
    assert impact.text == "2 schools' plans change: 6 visits added, 0 removed"
    assert [(row.school_name, row.visits_added, row.visits_removed) for row in impact.schools] == [
        ("Brookmead Primary School", 3, 0),
        ("Castleton Academy", 3, 0),
    ]
    # A dry run: nothing was planned.
    assert _yellow_qa_visits(world.school) == [("autumn", 1), ("spring", 1), ("summer", 1)]
    # From the spring term on: the autumn term is over by then.
    later = services.framework_draft_impact(framework=draft, effective_from=dt.date(2027, 1, 5))
    assert later.text == "2 schools' plans change: 4 visits added, 0 removed"
    page = main_content(client_for(world.admin).get(reverse("classification:framework", kwargs={"pk": draft.pk})))
    assert (
        "If it came into force today, 24 November 2026: "
        "<strong>2 schools&#x27; plans change: 6 visits added, 0 removed</strong>" in page
    )


@freeze_time(CLOCK)
def test_publishing_replans_tells_the_qa_leads_and_keeps_old_decisions_on_their_version(
    world, client_for, django_capture_on_commit_callbacks
):
    framework, bands = _small_framework(world)
    earlier = f.published_classification(world.school, bands["yellow"], by=world.qa_lead, since=dt.date(2026, 9, 10))
    draft = services.framework_draft_create(framework=framework, user=world.admin)
    _raise_yellow(draft, world)
    with django_capture_on_commit_callbacks(execute=True):
        services.framework_draft_publish(framework=draft, user=world.admin, effective_from=TODAY)
    draft.refresh_from_db()
    framework.refresh_from_db()
    assert (draft.status, draft.is_current, draft.effective_from) == ("published", True, TODAY)
    assert (framework.status, framework.is_current) == ("superseded", False)
    assert _yellow_qa_visits(world.school) == [
        ("autumn", 1),
        ("autumn", 2),
        ("spring", 1),
        ("spring", 2),
        ("summer", 1),
        ("summer", 2),
    ]
    assert len(_yellow_qa_visits(world.other_school)) == 6
    # No visit on or before the effective day was added.
    assert Visit.objects.filter(sequence=2, planned_date__lte=TODAY).count() == 0
    # The band as it applies now is the new version's; the decision keeps the version it was made under.
    assert published_band_for_school(world.school) == draft.bands.get(code="yellow")
    earlier.refresh_from_db()
    assert earlier.framework == framework
    qa_lead_page = client_for(world.qa_lead)
    decision = main_content(qa_lead_page.get(reverse("classification:decision", kwargs={"pk": earlier.pk})))
    assert "Made under Demo framework version 1 (since superseded)" in decision
    plan = main_content(qa_lead_page.get(reverse("visits:plan") + "?year=2026"))
    assert plan.count("Entitled 2, planned 2") == 6  # both Yellow schools, each term
    assert "Entitled 1" not in plan
    rows = Notification.objects.filter(kind="framework_published").order_by("recipient__last_name")
    assert [(row.recipient, row.text) for row in rows] == sorted(
        [
            (
                world.qa_lead,
                "Demo framework version 2 is in force from 24 November 2026: the plans of 1 of your schools change "
                "(Brookmead Primary School: 3 added, 0 removed).",
            ),
            (
                world.other_qa_lead,
                "Demo framework version 2 is in force from 24 November 2026: the plans of 1 of your schools change "
                "(Castleton Academy: 3 added, 0 removed).",
            ),
        ],
        key=lambda pair: pair[0].last_name,
    )


@freeze_time(CLOCK)
def test_a_version_published_from_a_later_day_comes_into_force_that_morning(world, django_capture_on_commit_callbacks):
    framework, _bands = _small_framework(world)
    draft = services.framework_draft_create(framework=framework, user=world.admin)
    _raise_yellow(draft, world)
    services.framework_draft_publish(framework=draft, user=world.admin, effective_from=dt.date(2027, 1, 5))
    draft.refresh_from_db()
    assert (draft.status, draft.is_current) == ("scheduled", False)
    assert len(_yellow_qa_visits(world.school)) == 3
    assert framework_versions_due_task() == []
    with freeze_time("2027-01-05 05:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert framework_versions_due_task() == [draft.pk]
    draft.refresh_from_db()
    assert (draft.status, draft.is_current) == ("published", True)
    assert _yellow_qa_visits(world.school) == [
        ("autumn", 1),
        ("spring", 1),
        ("spring", 2),
        ("summer", 1),
        ("summer", 2),
    ]


@freeze_time(CLOCK)
def test_an_invalid_draft_or_date_is_refused_naming_the_field(world):
    framework, _bands = _small_framework(world)
    draft = services.framework_draft_create(framework=framework, user=world.admin)
    with pytest.raises(ValidationError) as error:
        services.framework_draft_publish(framework=draft, user=world.admin, effective_from=dt.date(2026, 11, 23))
    assert error.value.message_dict == {
        "effective_from": ["The date the version comes into force must be today or later"]
    }
    with pytest.raises(ValidationError) as error:
        services.framework_draft_publish(framework=draft, user=world.admin, effective_from=dt.date(2027, 9, 1))
    assert error.value.message_dict == {
        "effective_from": [
            "The date the version comes into force must be in 2026/27 (1 September 2026 to 31 August 2027)"
        ]
    }
    Entitlement.objects.filter(pk=_yellow_entitlement(draft).pk).update(count=0)
    Rule.objects.filter(framework=draft, kind=Rule.Kind.DEFAULT).update(kind=Rule.Kind.NEW_HEADTEACHER, months=6)
    with pytest.raises(ValidationError) as error:
        services.framework_draft_publish(framework=draft, user=world.admin, effective_from=TODAY)
    assert error.value.message_dict == {
        "bands[Yellow].entitlements": ["bands[Yellow].entitlements: enter a number of visits of 1 or more"],
        "rules": ["rules: a framework needs a default rule (the band when nothing else applies)"],
    }
    draft.refresh_from_db()
    assert (draft.status, draft.is_current) == ("draft", False)
    # A band without entitlements is not a reason to refuse.
    Entitlement.objects.filter(band__framework=draft, band__code="green").delete()
    Rule.objects.filter(framework=draft).update(kind=Rule.Kind.DEFAULT)
    Entitlement.objects.filter(pk=_yellow_entitlement(draft).pk).update(count=1)
    services.framework_draft_publish(framework=draft, user=world.admin, effective_from=TODAY)
    assert Framework.objects.get(pk=draft.pk).is_current


@freeze_time(CLOCK)
def test_only_the_authority_admin_drafts_and_publishes(world, client_for):
    framework, _bands = _small_framework(world)
    new_version = reverse("classification:framework-draft", kwargs={"pk": framework.pk})
    assert client_for(world.qa_lead).post(new_version).status_code == 403
    assert client_for(world.outside_admin).post(new_version).status_code == 404
    response = client_for(world.admin).post(new_version)
    draft = Framework.objects.get(status="draft")
    assert response.status_code == 302 and response["Location"].endswith(f"/frameworks/{draft.pk}/")
    publish = reverse("classification:framework-publish", kwargs={"pk": draft.pk})
    assert client_for(world.qa_lead).get(publish).status_code == 403
    data = {"effective_from_0": "24", "effective_from_1": "11", "effective_from_2": "2026"}
    assert client_for(world.director).post(publish, data).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
