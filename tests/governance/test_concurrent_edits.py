"""Two governors saving the same checklist: the second save from an older version is refused."""

import re

import pytest
from django.test import Client
from freezegun import freeze_time

from governance.models import ChecklistItem, ChecklistResponse
from governance.services import checklist_save
from qa_portal.concurrency import EditConflict
from tests import factories as f
from tests.base import sign_in

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _version_on(page):
    return int(re.search(r'name="edit_version" value="(\d+)"', page).group(1))


def _answer(item, version, *, rating, comment):
    return {"edit_version": version, f"item_{item.pk}_rating": rating, f"item_{item.pk}_comment": comment, "save": ""}


def test_a_stale_save_of_the_checklist_is_refused_with_both_answers(world, conversation):
    item = ChecklistItem.objects.get(area__template=conversation.template, key="clerking")
    world.chair.first_name, world.chair.last_name = "Sam", "Patel"
    world.chair.save()
    helper = f.governor(world.school)
    conversation.helpers.add(helper)
    chair, governor = sign_in(Client(), world.chair), sign_in(Client(), helper)
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/"
    with freeze_time("2026-12-02 10:30"):
        assert _version_on(chair.get(url).content.decode()) == 1
        assert _version_on(governor.get(url).content.decode()) == 1
    with freeze_time("2026-12-02 10:42"):
        response = chair.post(url, _answer(item, 1, rating="met", comment="Our clerk is excellent."))
        assert response.status_code == 302
    with freeze_time("2026-12-02 10:50"):
        response = governor.post(url, _answer(item, 1, rating="not_met", comment="We have no clerk."))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Sam Patel saved this checklist at 10:42 on 2 December 2026, after you opened it. "
        "Your changes have not been saved: choose any evidence files again." in page
    )
    conflict = page[page.index('id="edit-conflict"') :]
    assert '<h3 class="govuk-heading-s">Clerking: rating</h3>' in conflict
    assert 'conflict-theirs">Met</dd>' in conflict
    assert 'conflict-yours">Not met</dd>' in conflict
    assert 'conflict-theirs">Our clerk is excellent.</dd>' in conflict
    assert 'conflict-yours">We have no clerk.</dd>' in conflict
    assert "Website: rating" not in conflict  # unanswered in both
    assert re.search(rf"<textarea[^>]*item_{item.pk}_comment[^>]*>\s*We have no clerk.</textarea>", page)
    assert _version_on(page) == 2
    stored = ChecklistResponse.objects.get(conversation=conversation, item=item)
    assert (stored.rating, stored.comment, stored.updated_by) == ("met", "Our clerk is excellent.", world.chair)

    with freeze_time("2026-12-02 10:55"):  # saved again from the current version: it passes
        response = governor.post(url, _answer(item, 2, rating="partly_met", comment="A new clerk starts soon."))
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.rating, stored.comment, stored.updated_by) == ("partly_met", "A new clerk starts soon.", helper)


@freeze_time("2026-12-02 10:42")
def test_checklist_save_refuses_a_stale_expected_version(world, conversation):
    item = ChecklistItem.objects.get(area__template=conversation.template, key="clerking")
    checklist_save(conversation=conversation, user=world.chair, answers={item.pk: ("met", "First")}, expected_version=1)
    with pytest.raises(EditConflict) as refused:
        checklist_save(
            conversation=conversation, user=world.chair, answers={item.pk: ("not_met", "Second")}, expected_version=1
        )
    assert refused.value.current_version == 2
    assert ChecklistResponse.objects.get(conversation=conversation, item=item).comment == "First"
