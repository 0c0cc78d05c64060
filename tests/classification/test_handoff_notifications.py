"""Issue 15: each hand-off of the decision workflow tells the next person, once, with a link to the page they act
on, and emails those who take it straight away; the person who acted is not told."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from classification import notifications, services
from classification.models import Band
from qa_portal.accounts.roles import Role
from qa_portal.notifications.models import Notification
from qa_portal.notifications.services import notify
from tests import factories as f
from tests.base import main_content, url_in

from .helpers import assess

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00:00"


@pytest.fixture
def t24(world):
    return f.preset_framework("telford-wrekin-2024", world.authority)


def propose(world, *, user=None, band_code="yellow"):
    user = user or world.qa_lead
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, user)
    band = Band.objects.get(framework=assessment.framework, code=band_code)
    return services.classification_propose(
        assessment=assessment, band=band, rationale="Attendance is the main concern.", user=user
    )


def published(world):
    classification = propose(world)
    services.classification_confirm(classification=classification, user=world.director, comment="Agreed")
    services.classification_record_discussion(
        classification=classification, user=world.qa_lead, discussed_on=dt.date(2026, 11, 20), note="Head agrees"
    )
    return services.classification_publish(classification=classification, user=world.qa_lead)


def told(kind):
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


def emails_to(person):
    return [message for message in mail.outbox if person.email in message.to]


@freeze_time(NOW)
def test_a_proposal_tells_each_director_of_the_authority_once(world, t24, django_capture_on_commit_callbacks):
    second_director = f.director(world.authority)
    with django_capture_on_commit_callbacks(execute=True):
        classification = propose(world)
    path = reverse("classification:decision", kwargs={"pk": classification.pk})
    sent = told(notifications.CLASSIFICATION_PROPOSED)
    assert [n.recipient for n in sent] == sorted([world.director, second_director], key=lambda person: person.pk)
    for notification in sent:
        assert notification.url == path
        assert notification.link == url_in(world.authority, "classification:decision", pk=classification.pk)
        assert notification.key == f"classification-proposed:{classification.pk}"
        assert notification.text == (
            f"{world.qa_lead} proposes Yellow for Brookmead Primary School: confirm or return it."
        )
    # Another authority's director, the QA lead and the school hear nothing.
    assert {n.recipient_id for n in Notification.objects.all()} == {world.director.pk, second_director.pk}
    for director in (world.director, second_director):
        [message] = emails_to(director)
        assert message.subject == sent[0].text
        assert url_in(world.authority, "classification:decision", pk=classification.pk) in message.body
    assert len(mail.outbox) == 2
    # The same event again (a rerun) tells nobody.
    again = notify(
        recipients=[world.director, second_director],
        kind=notifications.CLASSIFICATION_PROPOSED,
        text="again",
        url=path,
        key=f"classification-proposed:{classification.pk}",
        authority=world.authority,
    )
    assert again == 0


@freeze_time(NOW)
def test_a_qa_lead_who_is_also_a_director_is_not_told_of_their_own_proposal(world, t24):
    f.give_role(world.qa_lead, Role.DIRECTOR, authority=world.authority)
    propose(world)
    assert [n.recipient for n in told(notifications.CLASSIFICATION_PROPOSED)] == [world.director]


@freeze_time(NOW)
def test_confirming_tells_the_proposing_qa_lead(world, t24, django_capture_on_commit_callbacks):
    classification = propose(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.classification_confirm(classification=classification, user=world.director, comment="Agreed")
    [notification] = told(notifications.CLASSIFICATION_CONFIRMED)
    assert notification.recipient == world.qa_lead
    assert notification.url == reverse("classification:decision", kwargs={"pk": classification.pk})
    assert notification.key == f"classification-confirmed:{classification.pk}"
    assert notification.text.startswith(f"{world.director} confirmed Yellow for Brookmead Primary School")
    [message] = mail.outbox
    assert message.to == [world.qa_lead.email]
    assert not Notification.objects.filter(recipient=world.director, kind=notifications.CLASSIFICATION_CONFIRMED)


@freeze_time(NOW)
def test_returning_tells_the_qa_lead_with_the_directors_comment_each_time(
    world, t24, django_capture_on_commit_callbacks
):
    first = propose(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.classification_return(classification=first, user=world.director, comment="Look at attendance again")
    [notification] = told(notifications.CLASSIFICATION_RETURNED)
    assert notification.recipient == world.qa_lead
    assert notification.url == reverse("classification:decision", kwargs={"pk": first.pk})
    assert notification.text == f"{world.director} returned your proposal of Yellow for Brookmead Primary School."
    [message] = mail.outbox
    assert message.to == [world.qa_lead.email]
    assert message.subject == notification.text
    assert "Look at attendance again" in message.body
    assert url_in(world.authority, "classification:decision", pk=first.pk) in message.body
    # Proposed again and returned again: a second, separate notification.
    second = propose(world, band_code="amber")
    services.classification_return(classification=second, user=world.director, comment="Still not convinced")
    keys = [n.key for n in told(notifications.CLASSIFICATION_RETURNED)]
    assert len(keys) == len(set(keys)) == 2
    assert all(key.startswith("classification-returned:") for key in keys)


@freeze_time(NOW)
def test_a_heads_request_to_discuss_tells_the_schools_qa_lead(world, t24, django_capture_on_commit_callbacks):
    classification = published(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussion = services.discussion_request(
            classification=classification, user=world.head, message="The absence figure includes a pupil in hospital"
        )
    [notification] = told(notifications.DISCUSSION_REQUESTED)
    assert notification.recipient == world.qa_lead
    assert notification.url == reverse("classification:close-discussion", kwargs={"pk": discussion.pk})
    assert notification.key == f"discussion-requested:{discussion.pk}"
    [message] = mail.outbox
    assert message.to == [world.qa_lead.email]
    assert "The absence figure includes a pupil in hospital" in message.body
    assert not Notification.objects.filter(recipient=world.head)


@freeze_time(NOW)
def test_a_request_for_a_school_without_a_qa_lead_goes_to_the_directors(world, t24):
    classification = published(world)
    school = classification.school
    school.qa_lead = None
    school.save(update_fields=["qa_lead"])
    services.discussion_request(classification=classification, user=world.head, message="Can we talk?")
    assert [n.recipient for n in told(notifications.DISCUSSION_REQUESTED)] == [world.director]


@freeze_time(NOW)
def test_closing_a_discussion_tells_the_head_who_asked_who_then_sees_the_outcome(
    world, t24, client_for, django_capture_on_commit_callbacks
):
    classification = published(world)
    discussion = services.discussion_request(classification=classification, user=world.head, message="Can we talk?")
    mail.outbox.clear()
    close = reverse("classification:close-discussion", kwargs={"pk": discussion.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.qa_lead).post(close, {"outcome": "Met on 25 November; band stands"})
    assert response.status_code == 302
    [notification] = told(notifications.DISCUSSION_CLOSED)
    assert notification.recipient == world.head
    school_page = reverse("schools:detail", kwargs={"urn": world.school.urn})
    # Made inside a request (with its authority prefix), the link is stored without one and opens in the school's
    # authority.
    assert notification.url == school_page + "#classification-discussions"
    assert notification.link == url_in(world.authority, "schools:detail", urn=world.school.urn) + (
        "#classification-discussions"
    )
    assert notification.key == f"discussion-closed:{discussion.pk}"
    [message] = mail.outbox
    assert message.to == [world.head.email]
    assert "Met on 25 November; band stands" in message.body
    assert not Notification.objects.filter(recipient=world.qa_lead, kind=notifications.DISCUSSION_CLOSED)
    # The head sees what was agreed on the school's page, where the link goes.
    page = main_content(client_for(world.head).get(notification.link))
    assert 'id="classification-discussions"' in page
    assert "Can we talk?" in page
    assert "What was agreed: Met on 25 November; band stands" in page
    # Closing again is refused; nobody is told twice.
    discussion.refresh_from_db()
    with pytest.raises(ValidationError, match="already closed"):
        services.discussion_close(discussion=discussion, user=world.qa_lead, outcome="Again")
    assert len(told(notifications.DISCUSSION_CLOSED)) == 1


@freeze_time(NOW)
def test_a_head_who_has_left_the_school_is_not_told_the_outcome(world, t24):
    classification = published(world)
    discussion = services.discussion_request(classification=classification, user=world.head, message="Can we talk?")
    world.head.roles.filter(role=Role.HEADTEACHER, school=world.school).delete()
    services.discussion_close(discussion=discussion, user=world.qa_lead, outcome="Band stands")
    assert told(notifications.DISCUSSION_CLOSED) == []
