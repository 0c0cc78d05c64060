"""Issue 15's hand-off in governance: the board submits its annual checklist. The school's QA lead is told, and the
chair too when another governor submitted it; never the person who submitted it; once."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from governance.services import checklist_save, conversation_invite_helper
from qa_portal.notifications.models import Notification
from qa_portal.notifications.services import notify
from tests import factories as f

from .conftest import YEAR, rating_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Tuesday 24 November 2026, for every row and request of a test."""
    with freeze_time("2026-11-24 10:00"):
        yield


def _name(person):
    return person.get_full_name() or person.email


def _answers(conversation):
    data = rating_answers(conversation)
    return {
        int(name.split("_")[1]): (data[name], data[name.replace("_rating", "_comment")])
        for name in data
        if name.endswith("_rating")
    }


def _told():
    return list(Notification.objects.filter(kind="governance_checklist_submitted").order_by("recipient_id"))


def test_the_chair_submitting_tells_the_qa_lead_once(
    world, conversation, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.chair).post(
            f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/",
            {**rating_answers(conversation), "submit": "Submit"},
        )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == "submitted"
    (told,) = _told()
    assert told.recipient == world.qa_lead
    assert told.text == (
        f"{_name(world.chair)} has submitted the governance checklist 2026/27 of Brookmead Primary School."
    )
    assert told.link == f"/la/990/governance/{world.school.urn}/conversations/{YEAR}/"
    assert told.authority == world.authority
    (message,) = mail.outbox
    assert message.to == [world.qa_lead.email] and message.subject == told.text
    assert told.absolute_url in message.body

    # Submitted again: refused, nobody told again; notify() with the event's key again is a no-op.
    with pytest.raises(ValidationError):
        checklist_save(conversation=conversation, user=world.chair, answers=_answers(conversation), submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(
            recipients=[world.qa_lead], kind=told.kind, text="Again", url=told.url, key=told.key, authority=None
        )
    assert again == 0
    assert len(_told()) == 1 and len(mail.outbox) == 1


def test_a_helper_submitting_tells_the_qa_lead_and_the_chair(world, conversation, django_capture_on_commit_callbacks):
    helper = f.governor(world.school)
    conversation_invite_helper(conversation=conversation, user=world.chair, helper=helper)
    with django_capture_on_commit_callbacks(execute=True):
        checklist_save(conversation=conversation, user=helper, answers=_answers(conversation), submit=True)
    told = _told()
    assert [n.recipient for n in told] == sorted([world.qa_lead, world.chair], key=lambda u: u.pk)
    assert {n.text for n in told} == {
        f"{_name(helper)} has submitted the governance checklist 2026/27 of Brookmead Primary School."
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.qa_lead.email, world.chair.email])
    assert helper not in {n.recipient for n in told}


def test_saving_a_draft_tells_nobody(world, conversation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        checklist_save(conversation=conversation, user=world.chair, answers=_answers(conversation))
    assert _told() == []
    assert mail.outbox == []


def test_a_school_without_a_qa_lead_tells_only_the_chair(world, conversation, django_capture_on_commit_callbacks):
    world.school.qa_lead = None
    world.school.save()
    helper = f.governor(world.school)
    conversation_invite_helper(conversation=conversation, user=world.chair, helper=helper)
    with django_capture_on_commit_callbacks(execute=True):
        checklist_save(conversation=conversation, user=helper, answers=_answers(conversation), submit=True)
    assert [n.recipient for n in _told()] == [world.chair]
    assert [m.to for m in mail.outbox] == [[world.chair.email]]
    assert conversation.due_by == date(2027, 3, 31)
