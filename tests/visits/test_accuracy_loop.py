"""The factual-accuracy loop of a note of visit: the head comments per section, the QA lead answers each comment
(Corrected / Not changed) before publishing, the published note and its PDF record the check, the attendees and the
actions agreed; "Mark as held", "Send for factual accuracy" and "Publish" are confirmed first and can be undone
until the next step; the to-dos of the QA lead and the head."""

import html
import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from freezegun import freeze_time
from pypdf import PdfReader

from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import main_content
from visits import services
from visits.models import Action, VisitNote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Tuesday 24 November 2026, for every row and request of a test."""
    with freeze_time("2026-11-24 10:00"):
        yield


def _text(response):
    """What the page's <main> says, entities read, tags and runs of spaces made single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main_content(response))).split())


def _pdf_text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _name(person):
    return person.get_full_name() or person.email


def _todos(response):
    page = response.content.decode()
    section = page[page.index('<section class="app-todos"') : page.index("</section>", page.index("app-todos"))]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())


def _held_visit(world, **fields):
    f.framework_with_bands(world.authority)
    return f.visit(world.school, on=date(2026, 11, 17), status="held", **fields)


def _note_data(note, **overrides):
    data = {
        "aspect": "Reading in key stage 1",
        "attendees": note.attendees,
        "going_well": "Phonics teaching is consistent.",
        "next_steps": "Raise attendance of disadvantaged pupils",
        "internal_comments": "",
    }
    for section in note.sections.all():
        data[f"evaluation_{section.pk}"] = section.evaluation or f"Evaluation of {section.title}"
        data[f"evidence_{section.pk}"] = section.evidence or "Lesson visits"
    data.update(overrides)
    return data


def _sent_note(world, visit=None):
    visit = visit or _held_visit(world)
    note = services.note_start(visit=visit, user=world.qa_lead)
    note.next_steps = "Raise attendance"
    note.save()
    return services.note_send_for_accuracy(note=note, user=world.qa_lead)


def _commented_note(world):
    note = _sent_note(world)
    first = note.sections.first()
    services.note_respond(
        note=note,
        user=world.head,
        accurate=False,
        general_comment="",
        section_comments={first.pk: "The phonics data is for 2025/26"},
    )
    return note, first


def _published_note(world):
    note, first = _commented_note(world)
    first.lead_response, first.response_outcome = "Changed to the 2024/25 data", "corrected"
    first.save()
    return services.note_publish(note=note, user=world.qa_lead), first


# --- the whole loop ------------------------------------------------------------------------------------------


def test_the_whole_loop_from_the_heads_comment_to_the_published_pdf(
    world, client_for, django_capture_on_commit_callbacks
):
    visit = _held_visit(world)
    lead = client_for(world.qa_lead)
    assert lead.post(f"/visits/{visit.pk}/note/start/").status_code == 302
    note = VisitNote.objects.get(visit=visit)
    assert note.attendees == "Headteacher and senior leaders"  # the QA visit's usual attendees (no agenda)
    first = note.sections.first()
    assert first.title == "Quality of education"

    # Actions agreed at the visit, on the visit page, with a due date.
    response = lead.post(
        f"/visits/{visit.pk}/actions/",
        {"text": "Share the attendance plan with governors", "owner": "Jo Smith", "due_on_0": "8", "due_on_1": "1"}
        | {"due_on_2": "2027"},
        follow=True,
    )
    assert "Action added." in _text(response)
    assert "Share the attendance plan with governors (Jo Smith), due by 8 January 2027" in _text(response)

    lead.post(
        f"/visits/{visit.pk}/note/",
        _note_data(note, attendees="Jo Smith, headteacher\nSam Lee, QA lead"),
    )
    note.refresh_from_db()
    assert note.attendees == "Jo Smith, headteacher\nSam Lee, QA lead"

    with django_capture_on_commit_callbacks(execute=True):
        lead.post(f"/visits/{visit.pk}/note/send/")
    (told,) = Notification.objects.filter(kind="note_sent_for_accuracy")
    assert told.recipient == world.head
    assert told.text == (
        "The note of the QA visit at Brookmead Primary School on 17 November 2026 is ready for you to check for "
        "factual accuracy."
    )
    assert [m.to for m in mail.outbox] == [[world.head.email]]
    assert mail.outbox[0].subject == "Please check the note of visit for factual accuracy: Brookmead Primary School"

    # The head reads the note, its attendees and actions, and comments on one section.
    head = client_for(world.head)
    page = _text(head.get(f"/visits/{visit.pk}/note/"))
    assert "Attendees Jo Smith, headteacher Sam Lee, QA lead" in page
    assert "Share the attendance plan with governors Who: Jo Smith. Due by: 8 January 2027." in page
    head.post(
        f"/visits/{visit.pk}/note/",
        {"accurate": "no", "general_comment": "", f"comment_{first.pk}": "The phonics data is for 2025/26"},
    )
    note.refresh_from_db()
    assert note.status == "responded"

    # The QA lead sees the comment under its section, with a response and an outcome to give.
    lead = client_for(world.qa_lead)
    page = _text(lead.get(f"/visits/{visit.pk}/note/"))
    assert (
        "Quality of education Headteacher's comment The phonics data is for 2025/26 Evaluation "
        "Evaluation of Quality of education"
    ) in page
    assert "Your response to the headteacher's comment on quality of education" in page
    assert "Did you correct the section on quality of education?" in page
    assert "Your response to the headteacher's comment on behaviour and attitudes" not in page  # no comment there

    # Publishing without a response is refused, naming the section; nothing changes.
    confirm = _text(lead.get(f"/visits/{visit.pk}/note/publish/"))
    assert (
        "This cannot be done now. Answer the headteacher's comment on Quality of education before publishing: "
        "write your response and choose Corrected or Not changed."
    ) in confirm
    with django_capture_on_commit_callbacks(execute=True):
        refused = lead.post(f"/visits/{visit.pk}/note/publish/", follow=True)
    assert (
        "Answer the headteacher's comment on Quality of education before publishing: write your response and "
        "choose Corrected or Not changed."
    ) in _text(refused)
    note.refresh_from_db()
    assert note.status == "responded" and note.published_at is None
    assert len(mail.outbox) == 1

    # A response without an outcome is kept, and still refused.
    lead.post(
        f"/visits/{visit.pk}/note/",
        _note_data(note, **{f"response_{first.pk}": "Changed to the 2024/25 data", f"outcome_{first.pk}": ""}),
    )
    assert services.note_publish_refusals(note) == [
        "Answer the headteacher's comment on Quality of education before publishing: write your response and "
        "choose Corrected or Not changed"
    ]

    # The QA lead corrects the section and says so.
    lead.post(
        f"/visits/{visit.pk}/note/",
        _note_data(
            note,
            **{
                f"evaluation_{first.pk}": "Phonics outcomes rose in 2024/25.",
                f"response_{first.pk}": "Changed to the 2024/25 data",
                f"outcome_{first.pk}": "corrected",
            },
        ),
    )
    first.refresh_from_db()
    assert (first.evaluation, first.lead_response, first.response_outcome) == (
        "Phonics outcomes rose in 2024/25.",
        "Changed to the 2024/25 data",
        "corrected",
    )

    # The head sees the response and the outcome under the section, before it is published.
    page = _text(client_for(world.head).get(f"/visits/{visit.pk}/note/"))
    assert (
        "Headteacher's comment The phonics data is for 2025/26 QA lead's response Changed to the 2024/25 data Corrected"
    ) in page

    # Publish: confirmed, then done; the head and the chair are emailed.
    lead = client_for(world.qa_lead)
    confirm = _text(lead.get(f"/visits/{visit.pk}/note/publish/"))
    assert f"Who will be told {_name(world.head)}, headteacher {_name(world.chair)}, chair of governors" in confirm
    assert "You can withdraw the publication until the school's next visit is held." in confirm
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(f"/visits/{visit.pk}/note/publish/")
    note.refresh_from_db()
    assert note.status == "published"
    assert set(mail.outbox[-1].to) == {world.head.email, world.chair.email}

    page = _text(client_for(world.head).get(f"/visits/{visit.pk}/note/"))
    assert (
        f"Headteacher's check Commented on its accuracy on 24 November 2026 by {world.head} (1 section commented on)"
    ) in page
    assert "QA lead's response Changed to the 2024/25 data Corrected" in page

    response = client_for(world.chair).get(f"/visits/{visit.pk}/note.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Attendees Jo Smith, headteacher Sam Lee, QA lead" in text
    assert "Phonics outcomes rose in 2024/25." in text
    assert "Share the attendance plan with governors" in text
    assert "Jo Smith 8 January 2027" in text
    assert (
        f"Checked by the headteacher, {world.head}, on 24 November 2026: comments made. Published on 24 November 2026."
    ) in text
    assert (
        f"Distribution: {world.head}, headteacher; {world.chair}, chair of governors; {world.qa_lead}, QA lead."
    ) in text
    assert (
        "Quality of education Headteacher's comment: The phonics data is for 2025/26 QA lead's response: Changed to "
        "the 2024/25 data Outcome: Corrected"
    ) in text


def test_a_note_confirmed_accurate_is_published_without_responses_and_says_so(
    world, client_for, django_capture_on_commit_callbacks
):
    note = _sent_note(world)
    services.note_respond(note=note, user=world.head, accurate=True, general_comment="", section_comments={})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.qa_lead).post(f"/visits/{note.visit.pk}/note/publish/")
    note.refresh_from_db()
    assert note.status == "published"
    text = _pdf_text(client_for(world.head).get(f"/visits/{note.visit.pk}/note.pdf").content)
    assert (
        f"Checked by the headteacher, {world.head}, on 24 November 2026: accurate. Published on 24 November 2026. "
        "The headteacher made no comment on any section."
    ) in text


def test_not_changed_is_recorded_as_not_changed(world, client_for):
    note, first = _commented_note(world)
    client_for(world.qa_lead).post(
        f"/visits/{note.visit.pk}/note/",
        _note_data(
            note, **{f"response_{first.pk}": "The 2025/26 data is the latest", f"outcome_{first.pk}": "not_changed"}
        ),
    )
    services.note_publish(note=note, user=world.qa_lead)
    text = _pdf_text(client_for(world.head).get(f"/visits/{note.visit.pk}/note.pdf").content)
    assert "QA lead's response: The 2025/26 data is the latest Outcome: Not changed" in text


def test_minutes_take_their_attendees_from_the_agenda(world, client_for):
    f.framework_with_bands(world.authority)
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 11, 17), status="held")
    agenda = f.agenda(meeting)
    agenda.attendees = "Jo Smith, headteacher\n\nPat Green, chair of governors"
    agenda.save()
    note = services.note_start(visit=meeting, user=world.qa_lead)
    assert note.attendees == "Jo Smith, headteacher\nPat Green, chair of governors"
    text = _pdf_text(client_for(world.qa_lead).get(f"/visits/{meeting.pk}/note.pdf").content)
    assert "Minutes: Brookmead Primary School – Monitoring and support meeting – 17 November 2026" in text
    assert "Attendees Jo Smith, headteacher Pat Green, chair of governors" in text
    assert "Factual-accuracy check Not yet sent to the headteacher for factual accuracy." in text


def test_an_actions_due_date_cannot_be_before_the_visit(world, client_for):
    visit = _held_visit(world)
    lead = client_for(world.qa_lead)
    before = lead.post(
        f"/visits/{visit.pk}/actions/",
        {"text": "Review the plan", "owner": "", "due_on_0": "16", "due_on_1": "11", "due_on_2": "2026"},
        follow=True,
    )
    assert "The due date must be on or after the day of the visit, 17 November 2026" in _text(before)
    unreal = lead.post(
        f"/visits/{visit.pk}/actions/",
        {"text": "Review the plan", "owner": "", "due_on_0": "31", "due_on_1": "2", "due_on_2": "2027"},
        follow=True,
    )
    assert "Enter a real due date" in _text(unreal)
    assert not Action.objects.exists()
    lead.post(f"/visits/{visit.pk}/actions/", {"text": "Review the plan", "owner": ""})
    assert Action.objects.get().due_on is None  # the date is optional


# --- confirmation pages and their undos ----------------------------------------------------------------------


def test_mark_as_held_is_confirmed_first_and_undone_until_the_note_is_started(world, client_for):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 11, 17), status="planned")
    services.visit_confirm(visit=visit, user=world.qa_lead)
    lead = client_for(world.qa_lead)
    assert (
        f'href="/la/990/visits/{visit.pk}/held/">Mark as held</a>' in lead.get(f"/visits/{visit.pk}/").content.decode()
    )

    confirm = _text(lead.get(f"/visits/{visit.pk}/held/"))
    assert "Mark the visit as held What will happen The QA visit on 17 November 2026 is recorded as held." in confirm
    assert "Who will be told Nobody is told." in confirm
    visit.refresh_from_db()
    assert visit.status == "confirmed"  # a GET changes nothing

    assert lead.post(f"/visits/{visit.pk}/held/").status_code == 302
    visit.refresh_from_db()
    assert visit.status == "held" and visit.held_by == world.qa_lead
    page = _text(lead.get(f"/visits/{visit.pk}/"))
    assert "Undo: mark as not held" in page

    done = lead.post(f"/visits/{visit.pk}/held/undo/", follow=True)
    assert "The visit is no longer marked as held: it is confirmed again." in _text(done)
    visit.refresh_from_db()
    assert (visit.status, visit.held_at, visit.held_by) == ("confirmed", None, None)
    assert visit.history.first().history_user == world.qa_lead  # audited

    # Held again and the note started: the undo is refused and nothing changes.
    services.visit_mark_held(visit=visit, user=world.qa_lead)
    services.note_start(visit=visit, user=world.qa_lead)
    assert "Undo: mark as not held" not in _text(lead.get(f"/visits/{visit.pk}/"))
    refused = lead.post(f"/visits/{visit.pk}/held/undo/", follow=True)
    assert "The note of visit has been started, so the visit stays held." in _text(refused)
    visit.refresh_from_db()
    assert visit.status == "held" and visit.held_by == world.qa_lead


def test_sending_is_confirmed_first_and_withdrawn_until_the_head_answers(
    world, client_for, django_capture_on_commit_callbacks
):
    visit = _held_visit(world)
    note = services.note_start(visit=visit, user=world.qa_lead)
    note.next_steps = "Raise attendance"
    note.save()
    lead = client_for(world.qa_lead)
    confirm = _text(lead.get(f"/visits/{visit.pk}/note/send/"))
    assert f"Who will be told {_name(world.head)}, headteacher" in confirm
    assert "You can withdraw it until the headteacher answers." in confirm
    note.refresh_from_db()
    assert note.status == "draft" and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        lead.post(f"/visits/{visit.pk}/note/send/")
    note.refresh_from_db()
    assert note.status == "sent"
    assert "Withdraw the note from the headteacher" in _text(lead.get(f"/visits/{visit.pk}/note/"))

    with django_capture_on_commit_callbacks(execute=True):
        done = lead.post(f"/visits/{visit.pk}/note/withdraw/", follow=True)
    assert "The note is withdrawn from the headteacher and is a draft again." in _text(done)
    note.refresh_from_db()
    assert (note.status, note.sent_at, note.sent_by) == ("draft", None, None)
    (told,) = Notification.objects.filter(kind="note_withdrawn")
    assert told.recipient == world.head
    assert told.text == (
        f"{_name(world.qa_lead)} has withdrawn the note of the QA visit at Brookmead Primary School on "
        "17 November 2026: you do not need to check it now. You will be told when it is sent again."
    )
    assert told.link == f"/la/990/visits/{visit.pk}/"
    assert [m.subject for m in mail.outbox][-1] == told.text
    assert client_for(world.head).get(f"/visits/{visit.pk}/note/").status_code == 404  # a draft again

    # Sent again and answered: withdrawing is refused and nothing changes.
    services.note_send_for_accuracy(note=note, user=world.qa_lead)
    services.note_respond(note=note, user=world.head, accurate=True, general_comment="", section_comments={})
    lead = client_for(world.qa_lead)
    assert "Withdraw the note from the headteacher" not in _text(lead.get(f"/visits/{visit.pk}/note/"))
    refused = lead.post(f"/visits/{visit.pk}/note/withdraw/", follow=True)
    assert "The headteacher has already answered, so the note can no longer be withdrawn." in _text(refused)
    note.refresh_from_db()
    assert note.status == "responded"


def test_a_note_sent_to_nobody_is_withdrawn_telling_nobody(world, django_capture_on_commit_callbacks):
    world.head.is_active = False
    world.head.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = _sent_note(world)
        services.note_recall(note=note, user=world.qa_lead)
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_publishing_is_withdrawn_until_a_later_visit_is_held(world, client_for, django_capture_on_commit_callbacks):
    note, _first = _published_note(world)
    visit = note.visit
    lead = client_for(world.qa_lead)
    assert "Withdraw the publication" in _text(lead.get(f"/visits/{visit.pk}/note/"))
    confirm = _text(lead.get(f"/visits/{visit.pk}/note/unpublish/"))
    assert f"Who will be told {_name(world.head)}, headteacher {_name(world.chair)}, chair of governors" in confirm
    note.refresh_from_db()
    assert note.status == "published"

    with django_capture_on_commit_callbacks(execute=True):
        done = lead.post(f"/visits/{visit.pk}/note/unpublish/", follow=True)
    assert "The note is no longer published: you can correct it and publish it again." in _text(done)
    note.refresh_from_db()
    assert (note.status, note.published_at, note.published_by) == ("responded", None, None)
    told = Notification.objects.filter(kind="note_unpublished").order_by("recipient_id")
    assert [n.recipient for n in told] == sorted([world.head, world.chair], key=lambda person: person.pk)
    assert {n.text for n in told} == {
        f"{_name(world.qa_lead)} has withdrawn the published note of the QA visit at Brookmead Primary School on "
        "17 November 2026 to correct it. You will be sent the final version when it is published again."
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.head.email, world.chair.email])
    assert client_for(world.chair).get(f"/visits/{visit.pk}/note/").status_code == 404

    # Published again, then a later visit to the school is held: withdrawing is refused, nothing changes.
    services.note_publish(note=note, user=world.qa_lead)
    f.visit(world.school, on=date(2026, 11, 23), status="held", extra=True)
    lead = client_for(world.qa_lead)
    page = _text(lead.get(f"/visits/{visit.pk}/note/"))
    assert "Withdraw the publication" not in page
    assert (
        "A later visit to Brookmead Primary School was held on 23 November 2026, so this note can no longer be "
        "withdrawn."
    ) in page
    refused = lead.post(f"/visits/{visit.pk}/note/unpublish/", follow=True)
    assert (
        "A later visit to Brookmead Primary School was held on 23 November 2026, so this note can no longer be "
        "withdrawn."
    ) in _text(refused)
    note.refresh_from_db()
    assert note.status == "published"


# --- permissions ---------------------------------------------------------------------------------------------


def test_the_head_cannot_respond_as_the_qa_lead_nor_take_the_steps(world, client_for):
    note, first = _commented_note(world)
    visit = note.visit
    head = client_for(world.head)
    posted = head.post(
        f"/visits/{visit.pk}/note/",
        _note_data(note, **{f"response_{first.pk}": "Fine by me", f"outcome_{first.pk}": "not_changed"}),
    )
    assert posted.status_code == 403
    first.refresh_from_db()
    assert (first.lead_response, first.response_outcome) == ("", "")
    for path in ("note/publish/", "note/send/", "note/withdraw/", "note/unpublish/", "held/", "held/undo/"):
        assert head.get(f"/visits/{visit.pk}/{path}").status_code == 403, path
        assert head.post(f"/visits/{visit.pk}/{path}").status_code == 403, path
    assert client_for(world.other_qa_lead).post(f"/visits/{visit.pk}/note/publish/").status_code == 403
    for outsider in (world.outside_qa_lead, world.outside_head, world.other_head):
        client = client_for(outsider)
        for path in ("note/publish/", "note/withdraw/", "note/unpublish/", "held/", "held/undo/"):
            assert client.get(f"/visits/{visit.pk}/{path}").status_code == 404, (outsider, path)
            assert client.post(f"/visits/{visit.pk}/{path}").status_code == 404, (outsider, path)
    note.refresh_from_db()
    assert note.status == "responded"


def test_the_authority_admin_may_undo_as_they_may_publish(world, client_for):
    note, _first = _published_note(world)
    client_for(world.admin).post(f"/visits/{note.visit.pk}/note/unpublish/")
    note.refresh_from_db()
    assert note.status == "responded"


# --- to-dos on the homes -------------------------------------------------------------------------------------


def test_the_qa_leads_and_heads_to_dos(world, client_for):
    # To finalise: answered notes of visits the QA lead leads in this authority.
    answered, _first = _commented_note(world)
    accurate = _sent_note(world, f.visit(world.school, on=date(2026, 11, 18), status="held", extra=True, sequence=2))
    services.note_respond(note=accurate, user=world.head, accurate=True, general_comment="", section_comments={})
    _sent_note(world, f.visit(world.school, on=date(2026, 11, 19), status="held", extra=True, sequence=3))  # to check
    other_lead = f.visit(world.other_school, on=date(2026, 11, 16), status="held")
    services.note_start(visit=other_lead, user=world.other_qa_lead)
    # To mark as held: planned or confirmed, led by the QA lead, before today.
    overdue = f.visit(world.school, on=date(2026, 11, 2), status="planned", sequence=4)
    confirmed = f.visit(world.school, on=date(2026, 11, 23), status="confirmed", sequence=5)
    f.visit(world.school, on=date(2026, 11, 24), status="planned", sequence=6)  # today: not yet
    f.visit(world.school, on=date(2026, 11, 3), status="cancelled", sequence=7, cancel_reason="Snow")
    f.visit(world.other_school, on=date(2026, 11, 2), status="planned", sequence=8)  # another QA lead's
    f.visit(world.outside_school, on=date(2026, 11, 2), status="planned", qa_lead=world.qa_lead)  # elsewhere

    todos = _todos(client_for(world.qa_lead).get("/home/qa-lead/"))
    assert (
        "Notes of visit to finalise (2) "
        "Finalise the note of the QA visit at Brookmead Primary School on 17 November 2026 "
        "Checked by the headteacher on 24 November 2026: 1 comment to answer "
        "Finalise the note of the QA visit at Brookmead Primary School on 18 November 2026 "
        "Checked by the headteacher on 24 November 2026: confirmed accurate "
        "Visits to mark as held (2) "
        "Mark the QA visit at Brookmead Primary School on 2 November 2026 as held Planned "
        "Mark the QA visit at Brookmead Primary School on 23 November 2026 as held Confirmed"
    ) in todos
    page = client_for(world.qa_lead).get("/home/qa-lead/").content.decode()
    assert f'href="/la/990/visits/{answered.visit.pk}/note/"' in page
    assert f'href="/la/990/visits/{overdue.pk}/"' in page and f'href="/la/990/visits/{confirmed.pk}/"' in page

    head = _todos(client_for(world.head).get("/home/headteacher/"))
    assert (
        "Notes of visit to check (1) Check the note of the QA visit at Brookmead Primary School on 19 November 2026 "
        "for factual accuracy Sent on 24 November 2026"
    ) in head
    assert "Notes of visit to check" not in _todos(client_for(world.other_head).get("/home/headteacher/"))


def test_visits_to_mark_as_held_are_the_newest_fifty_newest_last(world):
    from visits.todos import visits_to_mark_as_held

    f.framework_with_bands(world.authority)
    days = [date(2026, 9, 1) + timedelta(days=n) for n in range(55)]
    for n, day in enumerate(days):
        f.visit(world.school, on=day, status="planned", extra=True, sequence=n + 1)
    items = visits_to_mark_as_held(world.qa_lead, world.authority, date(2026, 11, 24))
    assert len(items) == 50
    assert items[0].text == "Mark the QA visit at Brookmead Primary School on 6 September 2026 as held"
    assert items[-1].text == "Mark the QA visit at Brookmead Primary School on 25 October 2026 as held"


def test_the_to_do_providers_run_a_fixed_number_of_queries(world, django_assert_num_queries):
    from visits.todos import notes_to_check, notes_to_finalise, visits_to_mark_as_held

    f.framework_with_bands(world.authority)
    for n in range(3):
        visit = f.visit(world.school, on=date(2026, 11, 2 + n), status="held", extra=True, sequence=n + 1)
        note = _sent_note(world, visit)
        if n:
            services.note_respond(note=note, user=world.head, accurate=True, general_comment="", section_comments={})
        f.visit(world.school, on=date(2026, 11, 9 + n), status="planned", extra=True, sequence=10 + n)
    today = date(2026, 11, 24)
    with django_assert_num_queries(1):
        assert len(notes_to_finalise(world.qa_lead, world.authority, today)) == 2
    with django_assert_num_queries(1):
        assert len(visits_to_mark_as_held(world.qa_lead, world.authority, today)) == 3
    with django_assert_num_queries(2):  # the head's schools, then their notes
        assert len(notes_to_check(world.head, world.authority, today)) == 1
