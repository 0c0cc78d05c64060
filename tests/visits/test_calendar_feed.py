"""Issue 16: a visit's time and place, and the calendar feed people's calendars can trust.

The QA lead sets when a meeting starts, how long it lasts and where it is; the visit page, the agenda and its PDF,
the agenda email and the head's home say so in one phrase. The ICS feed publishes each visit as one event with a
stable UID and a SEQUENCE raised by every change, timed in Europe/London when it has a time, with its place, a
description and a link back; meeting deadlines are free all-day events that leave the feed once met."""

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from icalendar import Calendar
from pypdf import PdfReader

from qa_portal.links import absolute_url
from qa_portal.notifications.models import Notification
from tests import factories as f
from visits import services
from visits.forms import parse_clock
from visits.templatetags.visit_time import clock

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PHRASE = "Tuesday 8 December 2026, 9:30am to 11am, Brookmead Primary School, meeting room"
MEETING = "Monitoring and support meeting"


@pytest.fixture(autouse=True)
def clock_now():
    """Tuesday 24 November 2026, for every row and request of a test."""
    with freeze_time("2026-11-24 10:00"):
        yield


@pytest.fixture
def meeting(world):
    f.framework_with_bands(world.authority)
    return f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 8),
        agenda_due=date(2026, 11, 24),
        papers_due=date(2026, 12, 1),
        minutes_due=date(2026, 12, 17),
    )


def _set(visit, user, *, start="09:30", minutes=90, venue="Brookmead Primary School, meeting room", link=""):
    return services.visit_set_time_and_place(
        visit=visit,
        user=user,
        start_time=parse_clock(start),
        duration_minutes=minutes,
        venue=venue,
        online_link=link,
    )


def _feed(client, user):
    token = services.calendar_token_create(user=user)
    response = client.get(f"/calendar/{token.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar):
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def _pdf_text(content):
    """The PDF's words, each line break a space (a long phrase wraps on the page)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


# --- the feed ---------------------------------------------------------------------------------------------------


def test_a_timed_meeting_is_one_london_timed_event_with_its_place_description_and_link(world, meeting, client):
    _set(meeting, world.qa_lead)
    calendar = _feed(client, world.head)

    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["prodid"]) == "-//School Quality Assurance//Visits//EN"
    assert str(calendar["x-wr-calname"]) == f"School visits – {world.head}"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"

    link = absolute_url("visits:detail", authority=world.authority, pk=meeting.pk)
    assert link == f"http://127.0.0.1:8000/la/990/visits/{meeting.pk}/"
    event = _events(calendar)[f"visit-{meeting.pk}@127.0.0.1"]
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtstart") == datetime(2026, 12, 8, 9, 30, tzinfo=LONDON)
    assert event.decoded("dtend") == datetime(2026, 12, 8, 11, 0, tzinfo=LONDON)
    assert str(event["summary"]) == f"{MEETING}: Brookmead Primary School"
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["transp"]) == "OPAQUE"
    assert str(event["location"]) == "Brookmead Primary School, meeting room"
    assert str(event["url"]) == link
    assert event.decoded("sequence") == 1
    assert str(event["description"]) == "\n".join(
        [
            f"{MEETING} at Brookmead Primary School",
            "When: Tuesday 8 December 2026, 9:30am to 11am",
            "Where: Brookmead Primary School, meeting room",
            f"QA lead: {world.qa_lead.get_full_name()}",
            "Status: Planned, not yet confirmed with the school",
            "To send, and by when:",
            "- Agenda to the attendees by Tuesday 24 November 2026",
            "- Papers from the school by Tuesday 1 December 2026",
            "- Minutes to the headteacher by Thursday 17 December 2026",
            f"Open the visit: {link}",
        ]
    )


def test_an_online_only_meeting_is_located_at_its_link(world, meeting, client):
    _set(meeting, world.qa_lead, venue="", link="https://meet.example.org/brookmead")
    event = _events(_feed(client, world.qa_lead))[f"visit-{meeting.pk}@127.0.0.1"]
    assert str(event["location"]) == "https://meet.example.org/brookmead"
    assert "Join online: https://meet.example.org/brookmead" in str(event["description"]).splitlines()


def test_a_visit_without_a_time_stays_all_day_and_the_feed_has_no_timezone_to_name(world, client):
    visit = f.visit(world.school, on=date(2026, 12, 1))
    calendar = _feed(client, world.qa_lead)
    assert calendar.walk("VTIMEZONE") == []
    event = _events(calendar)[f"visit-{visit.pk}@127.0.0.1"]
    assert event.decoded("dtstart") == date(2026, 12, 1)
    assert event.decoded("dtend") == date(2026, 12, 2)
    assert str(event["summary"]) == "QA visit: Brookmead Primary School"
    assert "location" not in event
    assert event.decoded("sequence") == 0


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(world, client):
    f.framework_with_bands(world.authority)
    visit = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 1),
        agenda_due=date(2026, 11, 17),
        papers_due=date(2026, 11, 24),
        minutes_due=date(2026, 12, 10),
    )
    _set(visit, world.qa_lead)
    before = _events(_feed(client, world.qa_lead))
    event = before[f"visit-{visit.pk}@127.0.0.1"]
    assert event.decoded("sequence") == 1
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 9, 30, tzinfo=LONDON)

    services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2026, 12, 8))
    after = _events(_feed(client, world.qa_lead))
    assert set(after) == set(before)  # the same UIDs: calendars update their events, never add new ones
    event = after[f"visit-{visit.pk}@127.0.0.1"]
    assert event.decoded("sequence") == 2
    assert event.decoded("dtstart") == datetime(2026, 12, 8, 9, 30, tzinfo=LONDON)
    assert str(event["location"]) == "Brookmead Primary School, meeting room"
    papers = after[f"deadline-papers-{visit.pk}@127.0.0.1"]
    assert papers.decoded("dtstart") == date(2026, 12, 1)  # worked out again from the new date
    assert papers.decoded("sequence") == 2


def test_deadlines_are_free_all_day_events_that_leave_the_feed_once_met(world, meeting, client):
    deadlines = {
        uid: event for uid, event in _events(_feed(client, world.qa_lead)).items() if uid.startswith("deadline-")
    }
    assert sorted(deadlines) == [
        f"deadline-agenda-{meeting.pk}@127.0.0.1",
        f"deadline-minutes-{meeting.pk}@127.0.0.1",
        f"deadline-papers-{meeting.pk}@127.0.0.1",
    ]
    papers = deadlines[f"deadline-papers-{meeting.pk}@127.0.0.1"]
    assert str(papers["summary"]) == f"Papers due: {MEETING}, Brookmead Primary School"
    assert papers.decoded("dtstart") == date(2026, 12, 1)
    assert papers.decoded("dtend") == date(2026, 12, 2)
    for event in deadlines.values():
        assert str(event["transp"]) == "TRANSPARENT"
        assert type(event.decoded("dtstart")) is date  # all day, not a time

    services.visit_record_papers(visit=meeting, user=world.qa_lead, received_on=date(2026, 11, 24))
    f.agenda(meeting, circulated_at=datetime(2026, 11, 24, 9, 0, tzinfo=LONDON))
    uids = sorted(_events(_feed(client, world.qa_lead)))
    assert uids == [f"deadline-minutes-{meeting.pk}@127.0.0.1", f"visit-{meeting.pk}@127.0.0.1"]


def test_confirming_and_cancelling_raise_the_sequence_and_set_the_status_not_the_summary(world, meeting, client):
    services.visit_confirm(visit=meeting, user=world.qa_lead)
    event = _events(_feed(client, world.qa_lead))[f"visit-{meeting.pk}@127.0.0.1"]
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["summary"]) == f"{MEETING}: Brookmead Primary School"
    assert event.decoded("sequence") == 1

    services.visit_cancel(visit=meeting, user=world.qa_lead, reason="The head is away")
    events = _events(_feed(client, world.qa_lead))
    assert list(events) == [f"visit-{meeting.pk}@127.0.0.1"]  # a cancelled meeting has no deadlines
    event = events[f"visit-{meeting.pk}@127.0.0.1"]
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]) == f"{MEETING}: Brookmead Primary School"
    assert str(event["transp"]) == "TRANSPARENT"
    assert event.decoded("sequence") == 2
    assert "Cancelled: The head is away" in str(event["description"]).splitlines()


def test_a_cancelled_visit_leaves_the_feed_once_its_day_has_passed(world, client):
    visit = f.visit(world.school, on=date(2026, 11, 17), status="cancelled", cancel_reason="Snow")
    assert f"visit-{visit.pk}@127.0.0.1" not in _events(_feed(client, world.qa_lead))


def test_the_feed_reads_a_fixed_number_of_rows_however_many_visits(world, client):
    f.framework_with_bands(world.authority)
    token = services.calendar_token_create(user=world.qa_lead)
    first = f.visit(
        world.school, code="monitoring_support_meeting", on=date(2026, 12, 1), papers_due=date(2026, 11, 24)
    )
    f.agenda(first)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/calendar/{token.token}.ics").status_code == 200
    for day in (2, 3, 4):
        meeting = f.visit(
            world.school,
            code="monitoring_support_meeting",
            on=date(2026, 12, day),
            sequence=day,
            papers_due=date(2026, 11, 25),
        )
        f.agenda(meeting)
        f.visit_note(meeting)
    with CaptureQueriesContext(connection) as four:
        response = client.get(f"/calendar/{token.token}.ics")
    assert len(_events(Calendar.from_ical(response.content))) == 8  # four meetings, each with its papers deadline
    assert len(four) == len(one)


# --- the time-and-place form ------------------------------------------------------------------------------------


def test_the_qa_lead_sets_the_time_and_place_and_the_head_is_told_once(
    world, meeting, client_for, django_capture_on_commit_callbacks
):
    lead = client_for(world.qa_lead)
    page = lead.get(f"/visits/{meeting.pk}/time-and-place/").content.decode()
    assert "Time and place of the monitoring and support meeting" in page
    assert 'name="duration_minutes" value="90"' in page  # a meeting's usual length

    data = {
        "start_time": "9:30am",
        "duration_minutes": "90",
        "venue": "Brookmead Primary School, meeting room",
        "online_link": "https://meet.example.org/brookmead",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(f"/visits/{meeting.pk}/time-and-place/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/la/990/visits/{meeting.pk}/#time-and-place"
    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.duration_minutes) == (time(9, 30), 90)
    assert meeting.online_link == "https://meet.example.org/brookmead"
    assert meeting.calendar_sequence == 1

    (told,) = Notification.objects.filter(kind="visit_time_set")
    assert told.recipient == world.head
    assert told.text == (
        "Time and place of the monitoring and support meeting at Brookmead Primary School: Tuesday 8 December "
        "2026, 9:30am to 11am, Brookmead Primary School, meeting room, or online."
    )
    (message,) = mail.outbox
    assert message.to == [world.head.email]
    assert message.subject == f"Time and place: {MEETING}, Brookmead Primary School"
    assert "Join online: https://meet.example.org/brookmead" in message.body
    assert told.absolute_url in message.body

    # The same values again: nothing changes, nobody is told.
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(f"/visits/{meeting.pk}/time-and-place/", data, follow=True)
    assert "Nothing was changed." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1
    assert Notification.objects.filter(kind="visit_time_set").count() == 1 and len(mail.outbox) == 1


def test_a_change_by_the_admin_tells_the_head_and_the_qa_lead(world, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _set(meeting, world.admin)
    told = Notification.objects.filter(kind="visit_time_set").order_by("recipient_id")
    assert [n.recipient for n in told] == sorted([world.head, world.qa_lead], key=lambda u: u.pk)
    assert {n.text for n in told} == {
        f"Time and place of the monitoring and support meeting at Brookmead Primary School: {PHRASE}."
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"start_time": "half nine"},
            "start_time",
            "Enter the start time as hours and minutes, for example 09:30 or 14:00",
        ),
        ({"start_time": "25:00"}, "start_time", "Enter a real time, for example 09:30 or 14:00"),
        ({"start_time": "09:30", "duration_minutes": ""}, "duration_minutes", "Enter how long it lasts, in minutes"),
        ({"duration_minutes": "10"}, "duration_minutes", "Enter a length from 15 to 480 minutes (8 hours)"),
        (
            {"duration_minutes": "an hour"},
            "duration_minutes",
            "Enter how long it lasts as a whole number of minutes, for example 90",
        ),
        (
            {"start_time": "23:00", "duration_minutes": "120"},
            "duration_minutes",
            "It must end by midnight: enter an earlier start time or a shorter length",
        ),
        (
            {"online_link": "http://meet.example.org/brookmead"},
            "online_link",
            "Enter the online meeting link as a full address starting https://, for example "
            "https://meet.example.org/brookmead",
        ),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(world, meeting, client_for, data, field, message):
    posted = {"start_time": "09:30", "duration_minutes": "90", "venue": "Hall", "online_link": "", **data}
    response = client_for(world.qa_lead).post(f"/visits/{meeting.pk}/time-and-place/", posted)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert message in page
    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.venue, meeting.calendar_sequence) == (None, "", 0)


def test_only_people_who_manage_the_visit_may_set_its_time_and_place(world, meeting, client_for):
    url = f"/visits/{meeting.pk}/time-and-place/"
    assert client_for(world.head).get(url).status_code == 403
    assert client_for(world.head).post(url, {"start_time": "09:30", "duration_minutes": "90"}).status_code == 403
    assert client_for(world.other_head).get(url).status_code == 404
    assert client_for(world.outside_qa_lead).get(url).status_code == 404
    assert client_for(world.admin).get(url).status_code == 200
    meeting.refresh_from_db()
    assert meeting.start_time is None


def test_a_held_visit_keeps_its_time_and_place(world, meeting, client_for):
    meeting.status = "held"
    meeting.save()
    response = client_for(world.qa_lead).post(
        f"/visits/{meeting.pk}/time-and-place/", {"start_time": "09:30", "duration_minutes": "90"}
    )
    assert response.status_code == 200
    assert "Only a planned or confirmed visit&#x27;s time and place can be changed" in response.content.decode()


# --- where the phrase is shown ----------------------------------------------------------------------------------


def test_the_visit_page_agenda_pdf_and_email_and_the_heads_home_say_when_and_where(
    world, meeting, client_for, django_capture_on_commit_callbacks
):
    head_page = client_for(world.head).get(f"/visits/{meeting.pk}/").content.decode()
    assert "The time and place have not been set yet." in head_page
    assert "Set the time and place" not in head_page

    _set(meeting, world.qa_lead)
    lead = client_for(world.qa_lead)
    page = lead.get(f"/visits/{meeting.pk}/").content.decode()
    assert f'<p class="govuk-body" id="when-where">{PHRASE}</p>' in page
    assert "Change the time and place" in page
    assert PHRASE in lead.get(f"/visits/{meeting.pk}/agenda/").content.decode()

    f.agenda(meeting, items="Attendance\nSafeguarding")
    assert PHRASE in _pdf_text(lead.get(f"/visits/{meeting.pk}/agenda.pdf").content)
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(f"/visits/{meeting.pk}/agenda/circulate/")
    (sent,) = mail.outbox
    assert sent.subject == f"Agenda: {MEETING}, Brookmead Primary School, 8 December 2026, 9:30am to 11am"
    assert f"When and where: {PHRASE}\n" in sent.body
    assert PHRASE in _pdf_text(sent.attachments[0][1])

    home = client_for(world.head).get(reverse("home-for-role", kwargs={"role": "headteacher"})).content.decode()
    assert f"Tuesday 8 December 2026, 9:30am to 11am: {MEETING}" in home


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9.30", time(9, 30)),
        ("14:00", time(14, 0)),
        ("9:30am", time(9, 30)),
        ("2pm", time(14, 0)),
        ("2.15 p.m.", time(14, 15)),
        ("12am", time(0, 0)),
        ("midday", time(12, 0)),
        ("", None),
    ],
)
def test_start_times_are_read_the_ways_people_write_them(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [(time(9, 30), "9:30am"), (time(11, 0), "11am"), (time(12, 0), "midday"), (time(14, 15), "2:15pm")],
)
def test_times_are_written_the_gov_uk_way(value, words):
    assert clock(value) == words
