"""Issue 15's hand-offs in the visits app: a visit moved or confirmed, the school's papers sent, the head's answer to
the factual-accuracy check. Each tells the people it concerns once (never the person who did it), with a link to
the visit or the note, and emails those who take the kind straight away."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time

from qa_portal.notifications.models import Notification
from qa_portal.notifications.services import notification_preferences_save, notify
from tests import factories as f
from visits import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Tuesday 24 November 2026, for every row and request of a test."""
    with freeze_time("2026-11-24 10:00"):
        yield


def _name(person):
    return person.get_full_name() or person.email


def _told(kind):
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id", "pk"))


@pytest.fixture
def visit(world):
    f.framework_with_bands(world.authority)
    return f.visit(world.school, on=date(2026, 12, 1), status="planned")


# --- a visit moves -------------------------------------------------------------------------------------------


def test_a_moved_visit_tells_the_head_once_and_not_the_qa_lead_who_moved_it(
    world, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
    (told,) = _told("visit_moved")
    assert told.recipient == world.head
    assert told.text == "The QA visit at Brookmead Primary School has moved from 1 December 2026 to 8 December 2026."
    assert told.link == f"/la/990/visits/{visit.pk}/"
    assert told.authority == world.authority
    (message,) = mail.outbox
    assert message.to == [world.head.email]
    assert message.subject == told.text
    assert told.absolute_url.endswith(f"/la/990/visits/{visit.pk}/") and told.absolute_url in message.body

    # The same move again (a form sent twice) is no move: nobody is told again.
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
    assert len(_told("visit_moved")) == 1 and len(mail.outbox) == 1
    # notify() with the event's key again: a no-op.
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(
            recipients=[world.head], kind="visit_moved", text="Again", url=told.url, key=told.key, authority=None
        )
    assert again == 0 and len(mail.outbox) == 1


def test_a_visit_moved_by_the_admin_tells_the_head_and_the_visits_qa_lead(
    world, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_move(visit=visit, user=world.admin, planned_date=date(2026, 12, 8))
    assert [n.recipient for n in _told("visit_moved")] == sorted([world.head, world.qa_lead], key=lambda u: u.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.head.email, world.qa_lead.email])
    assert world.admin not in {n.recipient for n in _told("visit_moved")}
    assert world.chair not in {n.recipient for n in _told("visit_moved")}


def test_each_move_is_news_again_and_a_digest_reader_gets_no_email(world, visit, django_capture_on_commit_callbacks):
    notification_preferences_save(user=world.head, deliveries={"visit_moved": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 1))
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
    told = _told("visit_moved")
    assert [n.recipient for n in told] == [world.head] * 3
    assert len({n.key for n in told}) == 3
    assert {n.delivery for n in told} == {"digest"}
    assert mail.outbox == []


def test_nobody_is_told_of_a_move_that_is_rolled_back(world, visit):
    # The test's transaction never commits: the notification row is there, its email never goes.
    services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
    assert mail.outbox == []


# --- a visit is confirmed ------------------------------------------------------------------------------------


def test_a_confirmed_visit_tells_the_head_once(world, visit, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.qa_lead).post(f"/visits/{visit.pk}/confirm/")
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "confirmed"
    (told,) = _told("visit_confirmed")
    assert told.recipient == world.head
    assert told.text == "The QA visit at Brookmead Primary School on 1 December 2026 is confirmed."
    assert told.link == f"/la/990/visits/{visit.pk}/"
    (message,) = mail.outbox
    assert message.to == [world.head.email] and message.subject == told.text

    # Confirmed again: refused, nobody told again.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.qa_lead).post(f"/visits/{visit.pk}/confirm/")
    assert len(_told("visit_confirmed")) == 1 and len(mail.outbox) == 1


def test_a_visit_confirmed_again_after_a_move_is_news_again(world, visit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_confirm(visit=visit, user=world.qa_lead)
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
        services.visit_confirm(visit=visit, user=world.qa_lead)
    assert [n.text for n in _told("visit_confirmed")] == [
        "The QA visit at Brookmead Primary School on 1 December 2026 is confirmed.",
        "The QA visit at Brookmead Primary School on 8 December 2026 is confirmed.",
    ]
    assert [m.to for m in mail.outbox] == [[world.head.email]] * 3  # confirmed, moved, confirmed


# --- the school sends its papers -----------------------------------------------------------------------------


def test_papers_sent_by_the_head_tell_the_visits_qa_lead_once(world, client_for, django_capture_on_commit_callbacks):
    f.framework_with_bands(world.authority)
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 12, 15), status="planned")
    data = {"lines_of_enquiry": "Reading in key stage 1", "sef_summary": "Good", "improvement_plan_text": "Phonics"}
    # Saved, not sent: nobody is told yet.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.head).post(f"/visits/{meeting.pk}/contribute/", {**data, "save": ""})
    assert response.status_code == 302
    assert _told("visit_papers_sent") == [] and mail.outbox == []
    data["send"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.head).post(f"/visits/{meeting.pk}/contribute/", data)
    assert response.status_code == 302
    (told,) = _told("visit_papers_sent")
    assert told.recipient == world.qa_lead
    assert told.text == (
        "Brookmead Primary School has sent its papers for the monitoring and support meeting on 15 December 2026."
    )
    assert told.link == f"/la/990/visits/{meeting.pk}/"
    (message,) = mail.outbox
    assert message.to == [world.qa_lead.email] and message.subject == told.text
    assert world.head not in {n.recipient for n in Notification.objects.all()}

    # The same papers sent again: nothing new to tell.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.head).post(f"/visits/{meeting.pk}/contribute/", data)
    assert len(_told("visit_papers_sent")) == 1 and len(mail.outbox) == 1

    # New lines of enquiry, sent: told again.
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_save(
            visit=meeting,
            user=world.head,
            lines_of_enquiry="Reading and writing in key stage 1",
            sef_summary="Good",
            improvement_plan_text="Phonics",
            send=True,
        )
    assert len(_told("visit_papers_sent")) == 2
    assert [m.to for m in mail.outbox] == [[world.qa_lead.email]] * 2


# --- the head answers the factual-accuracy check -------------------------------------------------------------


def _note_sent(world):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held")
    note = services.note_start(visit=visit, user=world.qa_lead)
    note.next_steps = "Raise attendance"
    note.save()
    return services.note_send_for_accuracy(note=note, user=world.qa_lead)


def test_the_heads_answer_tells_the_notes_author_once(world, client_for, django_capture_on_commit_callbacks):
    note = _note_sent(world)
    visit = note.visit
    section = note.sections.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.head).post(
            f"/visits/{visit.pk}/note/",
            {"accurate": "no", "general_comment": "", f"comment_{section.pk}": "The data is for 2025/26"},
        )
    assert response.status_code == 302
    (told,) = _told("note_accuracy_answered")
    assert told.recipient == world.qa_lead
    assert told.text == (
        f"{_name(world.head)} has commented on the note of the QA visit at Brookmead Primary School on "
        "17 November 2026."
    )
    assert told.link == f"/la/990/visits/{visit.pk}/note/"
    (message,) = mail.outbox
    assert message.to == [world.qa_lead.email] and message.subject == told.text

    # Answered again: refused (the note is no longer waiting), nobody told again.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.head).post(f"/visits/{visit.pk}/note/", {"accurate": "yes"})
    assert len(_told("note_accuracy_answered")) == 1 and len(mail.outbox) == 1


def test_a_note_drafted_by_someone_else_tells_its_author_and_the_qa_lead(world, django_capture_on_commit_callbacks):
    note = _note_sent(world)
    note.drafted_by = world.other_qa_lead
    note.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.note_respond(note=note, user=world.head, accurate=True, general_comment="", section_comments={})
    told = _told("note_accuracy_answered")
    assert [n.recipient for n in told] == sorted([world.qa_lead, world.other_qa_lead], key=lambda u: u.pk)
    assert {n.text for n in told} == {
        f"{_name(world.head)} has confirmed that the note of the QA visit at Brookmead Primary School on "
        "17 November 2026 is accurate."
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.qa_lead.email, world.other_qa_lead.email])
