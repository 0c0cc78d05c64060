"""Editing a draft version of the framework beyond its existing rows: adding an entitlement to a band and removing
one (with a confirmation), and the standing agenda items (add, reword, remove, in order). The version in force is
never changed; only the authority's admin edits; the draft page's impact summary follows the change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from classification import services
from classification.models import Entitlement, Rule, StandingAgendaItem
from tests import factories as f
from tests.base import main_content, url_in
from visits.planner import plan_visits

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
CLOCK = "2026-11-24 10:00:00"
REFUSAL = "Make a new version to change the framework in force"


def _framework(world):
    """Telford-style bands (Yellow: 1 QA visit a term), a default rule, both schools Yellow with their year
    planned; the standing items of the Telford agenda."""
    framework, bands = f.framework_with_bands(world.authority, name="Demo framework", governance=False)
    Rule.objects.create(
        framework=framework, code="default", label="Default", kind=Rule.Kind.DEFAULT, band=bands["green"]
    )
    for school in (world.school, world.other_school):
        f.published_classification(school, bands["yellow"], by=world.qa_lead, since=dt.date(2026, 9, 10))
    plan_visits(start_year=2026, authority=world.authority, today=TODAY)
    return framework


def _draft(world):
    framework = _framework(world)
    return framework, services.framework_draft_create(framework=framework, user=world.admin)


def _url(world, name, **kwargs):
    """The page's address in the world's authority, as its links carry it."""
    return url_in(world.authority, f"classification:{name}", **kwargs)


def _entitlements(framework, band_code):
    return [str(e) for e in Entitlement.objects.filter(band__framework=framework, band__code=band_code)]


def _standing(framework):
    return list(framework.standing_agenda_items.order_by("order", "pk").values_list("title", "visit_type"))


LEARNING_WALK = {"visit_type": "learning_walk", "count": "1", "per": "term"}


@freeze_time(CLOCK)
def test_an_entitlement_is_added_to_a_draft_band(world, client_for):
    _framework_in_force, draft = _draft(world)
    yellow = draft.bands.get(code="yellow")
    admin = client_for(world.admin)
    settings_page = main_content(admin.get(_url(world, "framework", pk=draft.pk)))
    add = _url(world, "entitlement-add", pk=draft.pk, band_pk=yellow.pk)
    assert f'<a class="govuk-link" href="{add}">Add an entitlement<span class="govuk-visually-hidden"> to Yellow' in (
        settings_page
    )
    form = main_content(admin.get(add))
    assert '<h1 class="govuk-heading-l">Add an entitlement</h1>' in form
    assert '<option value="learning_walk">Learning walk</option>' in form
    response = admin.post(add, LEARNING_WALK, follow=True)
    page = main_content(response)
    assert response.redirect_chain == [(_url(world, "framework", pk=draft.pk), 302)]
    assert "Entitlement added to Yellow: 1 learning walk a term" in page
    assert _entitlements(draft, "yellow") == ["1 QA visit a term", "1 learning walk a term"]
    added = Entitlement.objects.get(band=yellow, visit_type="learning_walk")
    assert (added.created_by, added.history.get().history_user) == (world.admin, world.admin)
    # The version in force keeps its entitlements.
    assert _entitlements(_framework_in_force, "yellow") == ["1 QA visit a term"]


@freeze_time(CLOCK)
def test_the_impact_summary_follows_an_added_entitlement(world, client_for):
    _framework_in_force, draft = _draft(world)
    admin = client_for(world.admin)
    before = main_content(admin.get(_url(world, "framework", pk=draft.pk)))
    assert "If it came into force today, 24 November 2026: <strong>No school&#x27;s plan changes</strong>" in before
    yellow = draft.bands.get(code="yellow")
    admin.post(_url(world, "entitlement-add", pk=draft.pk, band_pk=yellow.pk), LEARNING_WALK)
    after = main_content(admin.get(_url(world, "framework", pk=draft.pk)))
    # A learning walk in the autumn term's days left, the spring and the summer, at both Yellow schools.
    assert (
        "If it came into force today, 24 November 2026: "
        "<strong>2 schools&#x27; plans change: 6 visits added, 0 removed</strong>" in after
    )


@freeze_time(CLOCK)
def test_an_unknown_visit_type_or_no_count_is_refused(world, client_for):
    _framework_in_force, draft = _draft(world)
    yellow = draft.bands.get(code="yellow")
    admin = client_for(world.admin)
    add = _url(world, "entitlement-add", pk=draft.pk, band_pk=yellow.pk)
    page = main_content(admin.post(add, {"visit_type": "learning walk", "count": "1", "per": "term"}))
    assert "There is a problem" in page
    assert "Choose a visit type from the list" in page
    page = main_content(admin.post(add, {"visit_type": "learning_walk", "count": "0", "per": "term"}))
    assert "Enter a number of visits of 1 or more" in page
    assert _entitlements(draft, "yellow") == ["1 QA visit a term"]
    with pytest.raises(ValidationError) as error:
        services.entitlement_add(band=yellow, user=world.admin, visit_type="Learning walk", count=1, per="term")
    assert error.value.message_dict == {"visit_type": ["Choose a visit type from the list"]}
    with pytest.raises(ValidationError) as error:
        services.entitlement_add(
            band=yellow, user=world.admin, visit_type="learning_walk", count=1, per="term", term="autumn"
        )
    assert error.value.message_dict == {"term": ["Only a yearly entitlement can be tied to one term"]}
    assert _entitlements(draft, "yellow") == ["1 QA visit a term"]


@freeze_time(CLOCK)
def test_an_entitlement_is_removed_after_a_confirmation(world, client_for):
    _framework_in_force, draft = _draft(world)
    amber = draft.bands.get(code="amber")
    interim = amber.entitlements.get(visit_type="interim_visit")
    admin = client_for(world.admin)
    remove = _url(world, "entitlement-remove", pk=draft.pk, entitlement_pk=interim.pk)
    assert f'href="{remove}">Remove<span class="govuk-visually-hidden"> 1 interim visit a term from Amber' in (
        main_content(admin.get(_url(world, "framework", pk=draft.pk)))
    )
    confirm = main_content(admin.get(remove))
    assert '<h1 class="govuk-heading-l">Remove this entitlement?</h1>' in confirm
    assert '<dd class="govuk-summary-list__value">1 interim visit a term</dd>' in confirm
    assert _entitlements(draft, "amber") == ["1 monitoring and support meeting a term", "1 interim visit a term"]
    response = admin.post(remove, follow=True)
    assert "Entitlement removed from Amber: 1 interim visit a term" in main_content(response)
    assert _entitlements(draft, "amber") == ["1 monitoring and support meeting a term"]
    assert admin.get(remove).status_code == 404
    assert _entitlements(_framework_in_force, "amber") == [
        "1 monitoring and support meeting a term",
        "1 interim visit a term",
    ]


@freeze_time(CLOCK)
def test_the_version_in_force_gets_no_entitlement_added_or_removed(world, client_for):
    framework = _framework(world)
    yellow = framework.bands.get(code="yellow")
    entitlement = yellow.entitlements.get()
    admin = client_for(world.admin)
    settings_page = main_content(admin.get(_url(world, "framework", pk=framework.pk)))
    assert "Add an entitlement" not in settings_page
    assert "Remove<span" not in settings_page
    for url in (
        _url(world, "entitlement-add", pk=framework.pk, band_pk=yellow.pk),
        _url(world, "entitlement-remove", pk=framework.pk, entitlement_pk=entitlement.pk),
    ):
        response = admin.post(url, LEARNING_WALK, follow=True)
        assert response.redirect_chain == [(_url(world, "framework", pk=framework.pk), 302)]
        assert REFUSAL in main_content(response)
    assert _entitlements(framework, "yellow") == ["1 QA visit a term"]
    with pytest.raises(ValidationError, match=REFUSAL):
        services.entitlement_add(band=yellow, user=world.admin, visit_type="learning_walk", count=1, per="term")
    with pytest.raises(ValidationError, match=REFUSAL):
        services.entitlement_remove(entitlement=entitlement, user=world.admin)
    assert _entitlements(framework, "yellow") == ["1 QA visit a term"]


@freeze_time(CLOCK)
def test_standing_agenda_items_are_added_reworded_and_removed_in_order(world, client_for):
    _framework_in_force, draft = _draft(world)
    admin = client_for(world.admin)
    settings_url = _url(world, "framework", pk=draft.pk)
    page = main_content(admin.get(settings_url))
    assert '<dt class="govuk-summary-list__key">Behaviour and attitudes</dt>' in page
    assert 'href="{}">Add a standing agenda item</a>'.format(_url(world, "agenda-item-add", pk=draft.pk)) in page

    form = main_content(admin.get(_url(world, "agenda-item-add", pk=draft.pk)))
    assert '<h1 class="govuk-heading-l">Add a standing agenda item</h1>' in form
    assert '<option value="" selected>Every meeting</option>' in form
    response = admin.post(
        _url(world, "agenda-item-add", pk=draft.pk), {"title": "  Attendance  ", "visit_type": "qa_visit"}, follow=True
    )
    assert "Standing agenda item added: Attendance" in main_content(response)
    assert '<dd class="govuk-summary-list__value">QA visit</dd>' in main_content(response)

    behaviour = draft.standing_agenda_items.get(title="Behaviour and attitudes")
    edit = _url(world, "agenda-item-edit", pk=draft.pk, item_pk=behaviour.pk)
    assert 'value="Behaviour and attitudes"' in main_content(admin.get(edit))
    response = admin.post(edit, {"title": "Behaviour, attitudes and attendance", "visit_type": ""}, follow=True)
    assert "Standing agenda item saved: Behaviour, attitudes and attendance" in main_content(response)

    personal = draft.standing_agenda_items.get(title="Personal development")
    remove = _url(world, "agenda-item-remove", pk=draft.pk, item_pk=personal.pk)
    confirm = main_content(admin.get(remove))
    assert '<h1 class="govuk-heading-l">Remove this standing agenda item?</h1>' in confirm
    assert '<dd class="govuk-summary-list__value">Personal development</dd>' in confirm
    assert len(_standing(draft)) == 5
    response = admin.post(remove, follow=True)
    assert "Standing agenda item removed: Personal development" in main_content(response)

    assert _standing(draft) == [
        ("Quality of education and its impact on outcomes", ""),
        ("Behaviour, attitudes and attendance", ""),
        ("Leadership, management and safeguarding", ""),
        ("Attendance", "qa_visit"),
    ]
    draft.refresh_from_db()
    assert draft.updated_by == world.admin
    # The version in force keeps its agenda.
    assert _standing(_framework_in_force) == [
        ("Quality of education and its impact on outcomes", ""),
        ("Behaviour and attitudes", ""),
        ("Personal development", ""),
        ("Leadership, management and safeguarding", ""),
    ]


@freeze_time(CLOCK)
def test_an_agenda_item_needs_words_and_a_catalogue_visit_type(world, client_for):
    _framework_in_force, draft = _draft(world)
    admin = client_for(world.admin)
    page = main_content(admin.post(_url(world, "agenda-item-add", pk=draft.pk), {"title": "   ", "visit_type": ""}))
    assert "There is a problem" in page
    assert "Enter the agenda item" in page
    page = main_content(
        admin.post(_url(world, "agenda-item-add", pk=draft.pk), {"title": "Attendance", "visit_type": "x"})
    )
    assert "Choose a visit type from the list, or every meeting" in page
    assert len(_standing(draft)) == 4
    with pytest.raises(ValidationError) as error:
        services.standing_agenda_item_add(framework=draft, user=world.admin, title="Attendance", visit_type="QA")
    assert error.value.message_dict == {"visit_type": ["Choose a visit type from the list, or every meeting"]}


@freeze_time(CLOCK)
def test_the_version_in_force_keeps_its_standing_agenda_items(world, client_for):
    framework = _framework(world)
    item = framework.standing_agenda_items.get(title="Personal development")
    admin = client_for(world.admin)
    settings_page = main_content(admin.get(_url(world, "framework", pk=framework.pk)))
    assert '<dt class="govuk-summary-list__key">Personal development</dt>' in settings_page
    assert "Add a standing agenda item" not in settings_page
    for url in (
        _url(world, "agenda-item-add", pk=framework.pk),
        _url(world, "agenda-item-edit", pk=framework.pk, item_pk=item.pk),
        _url(world, "agenda-item-remove", pk=framework.pk, item_pk=item.pk),
    ):
        response = admin.post(url, {"title": "Attendance", "visit_type": ""}, follow=True)
        assert response.redirect_chain == [(_url(world, "framework", pk=framework.pk), 302)]
        assert REFUSAL in main_content(response)
    for call in (
        lambda: services.standing_agenda_item_add(framework=framework, user=world.admin, title="Attendance"),
        lambda: services.standing_agenda_item_update(item=item, user=world.admin, title="Attendance"),
        lambda: services.standing_agenda_item_remove(item=item, user=world.admin),
    ):
        with pytest.raises(ValidationError, match=REFUSAL):
            call()
    assert _standing(framework) == [
        ("Quality of education and its impact on outcomes", ""),
        ("Behaviour and attitudes", ""),
        ("Personal development", ""),
        ("Leadership, management and safeguarding", ""),
    ]


@freeze_time(CLOCK)
def test_only_the_authority_admin_edits_and_outsiders_see_nothing(world, client_for):
    _framework_in_force, draft = _draft(world)
    yellow = draft.bands.get(code="yellow")
    entitlement = yellow.entitlements.get()
    item = draft.standing_agenda_items.get(title="Personal development")
    urls = [
        _url(world, "entitlement-add", pk=draft.pk, band_pk=yellow.pk),
        _url(world, "entitlement-remove", pk=draft.pk, entitlement_pk=entitlement.pk),
        _url(world, "agenda-item-add", pk=draft.pk),
        _url(world, "agenda-item-edit", pk=draft.pk, item_pk=item.pk),
        _url(world, "agenda-item-remove", pk=draft.pk, item_pk=item.pk),
    ]
    data = {**LEARNING_WALK, "title": "Attendance"}
    for url in urls:
        assert client_for(world.qa_lead).get(url).status_code == 403
        assert client_for(world.qa_lead).post(url, data).status_code == 403
        assert client_for(world.director).post(url, data).status_code == 403
        assert client_for(world.outside_admin).get(url).status_code == 404
        assert client_for(world.outside_admin).post(url, data).status_code == 404
    assert _entitlements(draft, "yellow") == ["1 QA visit a term"]
    assert StandingAgendaItem.objects.filter(framework=draft).count() == 4
    # Another framework's band or item is not found under this draft.
    other, _bands = f.framework_with_bands(world.other_authority, slug="elsewhere")
    elsewhere = other.bands.get(code="yellow")
    admin = client_for(world.admin)
    assert admin.get(_url(world, "entitlement-add", pk=draft.pk, band_pk=elsewhere.pk)).status_code == 404
    other_item = other.standing_agenda_items.first()
    assert admin.get(_url(world, "agenda-item-edit", pk=draft.pk, item_pk=other_item.pk)).status_code == 404
