"""Two admins editing the same draft framework: any save to any part of the draft moves its one version, and a
form opened before it is refused."""

import re

import pytest
from django.test import Client
from freezegun import freeze_time

from classification import services
from classification.models import Band, Criterion, EvidenceArea, Framework, StandingAgendaItem
from qa_portal.concurrency import EditConflict
from tests import factories as f
from tests.base import sign_in, url_in

pytestmark = pytest.mark.django_db

SAVED = "Sam Patel saved this draft at 10:42 on 2 December 2026, after you opened it."


def _version_on(page):
    return int(re.search(r'name="edit_version" value="(\d+)"', page).group(1))


def _admins(world):
    """Two admins of the authority, each in their own browser; the first is Sam Patel."""
    world.admin.first_name, world.admin.last_name = "Sam", "Patel"
    world.admin.save()
    return sign_in(Client(), world.admin), sign_in(Client(), f.authority_admin(world.authority))


def _draft(world):
    framework, _bands = f.framework_with_bands(world.authority, name="Demo framework", governance=False)
    with freeze_time("2026-12-02 09:00"):
        return services.framework_draft_create(framework=framework, user=world.admin)


def _band_data(band, version, definition):
    return {
        "edit_version": version,
        "label": band.label,
        "colour": band.colour,
        "severity": band.severity,
        "definition": definition,
        "support_offer": band.support_offer,
    }


def test_a_stale_save_of_a_band_is_refused_with_both_texts(world):
    draft = _draft(world)
    band = draft.bands.get(code="yellow")
    url = url_in(world.authority, "classification:band-edit", draft.pk, band.pk)
    sam, other = _admins(world)
    with freeze_time("2026-12-02 10:30"):
        opened = draft.edit_version
        assert _version_on(sam.get(url).content.decode()) == opened
        assert _version_on(other.get(url).content.decode()) == opened
    with freeze_time("2026-12-02 10:42"):
        assert sam.post(url, _band_data(band, opened, "Some concerns about outcomes.")).status_code == 302
    with freeze_time("2026-12-02 10:50"):
        response = other.post(url, _band_data(band, opened, "Needs support with leadership."))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{SAVED} Your changes have not been saved." in page
    conflict = page[page.index('id="edit-conflict"') :]
    assert 'conflict-theirs">Some concerns about outcomes.</dd>' in conflict
    assert 'conflict-yours">Needs support with leadership.</dd>' in conflict
    assert re.search(r"<textarea[^>]*definition[^>]*>\s*Needs support with leadership.</textarea>", page)
    assert _version_on(page) == opened + 1
    assert Band.objects.get(pk=band.pk).definition == "Some concerns about outcomes."

    with freeze_time("2026-12-02 10:55"):  # saved again from the current version: it passes
        assert other.post(url, _band_data(band, opened + 1, "Needs support with leadership.")).status_code == 302
    assert Band.objects.get(pk=band.pk).definition == "Needs support with leadership."
    assert Framework.objects.get(pk=draft.pk).edit_version == opened + 2


def test_a_change_to_another_part_of_the_draft_refuses_a_band_form_opened_before_it(world):
    draft = _draft(world)
    band = draft.bands.get(code="yellow")
    sam, other = _admins(world)
    opened = draft.edit_version
    with freeze_time("2026-12-02 10:42"):
        add = url_in(world.authority, "classification:agenda-item-add", draft.pk)
        assert sam.post(add, {"edit_version": opened, "title": "Attendance", "visit_type": ""}).status_code == 302
        url = url_in(world.authority, "classification:band-edit", draft.pk, band.pk)
        page = other.post(url, _band_data(band, opened, "Needs support.")).content.decode()
    assert f"{SAVED} Your changes have not been saved." in page
    assert "They changed another part; what you entered here is as they left it." not in page  # definition differs
    assert 'conflict-theirs">' + band.definition in page
    assert Band.objects.get(pk=band.pk).definition == band.definition


def test_a_stale_threshold_is_refused(world):
    draft = _draft(world)
    area = EvidenceArea.objects.create(framework=draft, key="outcomes", label="Outcomes")
    criterion = Criterion.objects.create(
        framework=draft,
        area=area,
        code="ks2",
        label="KS2 reading",
        kind=Criterion.Kind.INDICATOR,
        indicator_code="ks2_reading",
        comparator="lt",
        threshold="60.00",
    )
    url = url_in(world.authority, "classification:criterion-edit", draft.pk, criterion.pk)
    sam, other = _admins(world)
    opened = draft.edit_version
    with freeze_time("2026-12-02 10:42"):
        assert sam.post(url, {"edit_version": opened, "threshold": "55"}).status_code == 302
        page = other.post(url, {"edit_version": opened, "threshold": "65"}).content.decode()
    assert f"{SAVED} Your changes have not been saved." in page
    assert 'conflict-theirs">55.00</dd>' in page
    assert 'conflict-yours">65</dd>' in page
    assert str(Criterion.objects.get(pk=criterion.pk).threshold) == "55.00"


def test_a_stale_removal_of_a_standing_item_is_refused_then_confirmed_again(world):
    draft = _draft(world)
    item = StandingAgendaItem.objects.create(framework=draft, title="Attendance", order=0)
    sam, other = _admins(world)
    opened = draft.edit_version
    remove = url_in(world.authority, "classification:agenda-item-remove", draft.pk, item.pk)
    with freeze_time("2026-12-02 10:42"):
        edit = url_in(world.authority, "classification:agenda-item-edit", draft.pk, item.pk)
        assert (
            sam.post(edit, {"edit_version": opened, "title": "Attendance and behaviour", "visit_type": ""}).status_code
            == 302
        )
        response = other.post(remove, {"edit_version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{SAVED} Your changes have not been saved." in page
    assert StandingAgendaItem.objects.get(pk=item.pk).title == "Attendance and behaviour"
    assert _version_on(page) == opened + 1
    with freeze_time("2026-12-02 10:45"):
        assert other.post(remove, {"edit_version": opened + 1}).status_code == 302
    assert not StandingAgendaItem.objects.filter(pk=item.pk).exists()


def test_band_update_refuses_a_stale_expected_version(world):
    draft = _draft(world)
    band = draft.bands.get(code="yellow")
    opened = draft.edit_version
    fields = {"label": band.label, "colour": band.colour, "severity": band.severity, "support_offer": ""}
    services.band_update(band=band, user=world.admin, definition="First", expected_version=opened, **fields)
    stale = Band.objects.get(pk=band.pk)
    with pytest.raises(EditConflict) as refused:
        services.band_update(band=stale, user=world.admin, definition="Second", expected_version=opened, **fields)
    assert refused.value.current_version == opened + 1
    assert Band.objects.get(pk=band.pk).definition == "First"
