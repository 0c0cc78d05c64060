"""PDFs (WeasyPrint) and the ICS calendar feed."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from classification.selectors import published_band_for_school
from qa_portal.links import absolute_url
from qa_portal.pdf import render_pdf as _pdf
from schools.people import directors_of_authorities

from .improvement_selectors import REVIEW_BODY_MEETING, open_body_of
from .models import Visit, VisitNote
from .selectors import school_contacts
from .templatetags.visit_time import day, visit_times, when_where


def _long_date(value):
    """9 August 2023, of a date or (in local time) a datetime."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def document_title(visit, kind):
    """ "Note of visit: <school> – <visit type> – <date>" (or Minutes, Agenda)."""
    return f"{kind}: {visit.school.name} – {visit.visit_type.name} – {_long_date(visit.planned_date)}"


def note_accuracy_status(note):
    """The factual-accuracy check in words, one line per step taken: sent, checked, published."""
    if note.sent_at is None:
        return ["Not yet sent to the headteacher for factual accuracy."]
    lines = [f"Sent to the headteacher for factual accuracy on {_long_date(note.sent_at)}."]
    if note.responded_at is None:
        lines.append("Not yet checked by the headteacher.")
    else:
        who = f", {note.responded_by}," if note.responded_by else ""
        outcome = "accurate" if note.head_accurate else "comments made"
        lines.append(f"Checked by the headteacher{who} on {_long_date(note.responded_at)}: {outcome}.")
    if note.published_at is not None and note.status == VisitNote.Status.PUBLISHED:
        lines.append(f"Published on {_long_date(note.published_at)}.")
    return lines


def _minutes_go_to_directors(visit):
    """As improvement.review_minutes_published: a review body meeting's minutes go to the directors too."""
    if visit.visit_type.code != REVIEW_BODY_MEETING:
        return False
    if open_body_of(visit.school) is not None:
        return True
    band = published_band_for_school(visit.school)
    return band is not None and bool(band.review_body)


def note_distribution(note):
    """Who receives the note, as services.note_send_for_accuracy and note_publish send it: the school's
    headteachers (to check it) and its chair of governors (once published), the QA lead (told of the head's
    answer) and whoever wrote it, and for a review body meeting the authority's directors."""
    visit = note.visit
    heads = school_contacts(visit.school, chair=False)
    lines = [f"{person}, headteacher" for person in heads]
    lines += [f"{person}, chair of governors" for person in school_contacts(visit.school) if person not in heads]
    if visit.qa_lead is not None:
        lines.append(f"{visit.qa_lead}, QA lead")
    if note.drafted_by is not None and note.drafted_by != visit.qa_lead:
        lines.append(f"{note.drafted_by}, who wrote the note")
    if _minutes_go_to_directors(visit):
        authority_id = visit.school.authority_id
        lines += [f"{person}, director" for person in directors_of_authorities([authority_id]).get(authority_id, [])]
    return lines


def note_pdf(note):
    """The note (minutes) as a PDF on the authority's letterhead: attendees, sections, next steps, the actions
    agreed at the visit, the headteacher's factual-accuracy check (its status in words, each comment, the QA lead's
    response and whether it was corrected) and its distribution. The internal comments are never in it."""
    visit = note.visit
    sections = list(note.sections.all())
    kind = "Minutes" if visit.visit_type.is_meeting else "Note of visit"
    return _pdf(
        "visits/pdf/note.html",
        {
            "document_title": document_title(visit, kind),
            "note": note,
            "visit": visit,
            "sections": sections,
            "commented": [section for section in sections if section.head_comment],
            "attendees": note.attendee_list(),
            "next_steps": [line.strip() for line in note.next_steps.splitlines() if line.strip()],
            "actions": list(visit.actions.all()),
            "accuracy_status": note_accuracy_status(note),
            "distribution": note_distribution(note),
        },
        authority=visit.school.authority,
    )


def agenda_pdf(agenda):
    visit = agenda.visit
    return _pdf(
        "visits/pdf/agenda.html",
        {"document_title": document_title(visit, "Agenda"), "agenda": agenda, "visit": visit},
        authority=visit.school.authority,
    )


# --- the calendar feed ----------------------------------------------------------------------------------------
#
# One feed per person (views.calendar_feed), published (METHOD:PUBLISH) for calendars that subscribe to it:
# - a visit is one event with a stable UID, visit-<pk>@<service domain>, whatever happens to it; its SEQUENCE is
#   the visit's calendar_sequence, raised by every change calendars must follow (a move, a new time or place,
#   confirming, cancelling). SUMMARY names the visit and the school only; whether it is confirmed is its STATUS
#   (TENTATIVE until confirmed with the school, CONFIRMED, CANCELLED).
# - a visit with a start time is timed in Europe/London (a VTIMEZONE is included); one without is an all-day event.
# - an upcoming cancelled visit stays in the feed as STATUS:CANCELLED with its raised sequence, free time
#   (TRANSP:TRANSPARENT), so a calendar that has it marks it cancelled rather than losing it without a word; once
#   its day has passed it leaves the feed. A cancelled visit has no deadlines.
# - each meeting deadline still to meet (agenda, papers, minutes) is an all-day, free-time event, UID
#   deadline-<kind>-<visit pk>@<service domain>; a met one (agenda circulated, papers received, minutes sent to the
#   headteacher) leaves the feed, and so does one the meeting has gone past unrecorded (no longer chased).

LONDON = "Europe/London"
_STATUS = {
    Visit.Status.PLANNED: "TENTATIVE",
    Visit.Status.CONFIRMED: "CONFIRMED",
    Visit.Status.HELD: "CONFIRMED",
    Visit.Status.CANCELLED: "CANCELLED",
}
_STATUS_WORDS = {
    Visit.Status.PLANNED: "Planned, not yet confirmed with the school",
    Visit.Status.CONFIRMED: "Confirmed with the school",
    Visit.Status.HELD: "Held",
}
DEADLINE_SUMMARIES = {"agenda": "Agenda due", "papers": "Papers due", "minutes": "Minutes due"}


def feed_domain():
    """The service's domain, from its base address (SITE_URL): the right-hand side of every UID."""
    return urlsplit(settings.SITE_URL).hostname or "school-qa"


def visit_uid(visit):
    return f"visit-{visit.pk}@{feed_domain()}"


def deadline_uid(kind, visit):
    return f"deadline-{kind}-{visit.pk}@{feed_domain()}"


def _visit_description(visit, deadlines, link):
    lines = [f"{visit.visit_type.name} at {visit.school.name}"]
    times = visit_times(visit)
    lines.append(f"When: {day(visit.planned_date)}, {times}" if times else f"When: {day(visit.planned_date)}")
    if visit.venue:
        lines.append(f"Where: {visit.venue}")
    if visit.online_link:
        lines.append(f"Join online: {visit.online_link}")
    if visit.qa_lead:
        lines.append(f"QA lead: {visit.qa_lead.get_full_name() or visit.qa_lead.email}")
    if visit.status == Visit.Status.CANCELLED:
        lines.append(f"Cancelled: {visit.cancel_reason}")
    else:
        lines.append(f"Status: {_STATUS_WORDS[visit.status]}")
    if deadlines:
        lines.append("To send, and by when:")
        lines += [f"- {deadline.label} by {day(deadline.due)}" for deadline in deadlines]
    lines.append(f"Open the visit: {link}")
    return "\n".join(lines)


def _visit_event(visit, deadlines, stamp):
    link = absolute_url("visits:detail", authority=visit.school.authority, pk=visit.pk)
    event = Event()
    event.add("uid", visit_uid(visit))
    event.add("dtstamp", stamp)
    event.add("created", visit.created_at)
    event.add("last-modified", visit.updated_at)
    event.add("sequence", visit.calendar_sequence)
    event.add("summary", f"{visit.visit_type.name}: {visit.school.name}")
    if visit.start_time is not None:
        start = datetime.combine(visit.planned_date, visit.start_time, tzinfo=ZoneInfo(LONDON))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=visit.duration_minutes or 60))
    else:
        event.add("dtstart", visit.planned_date)
        event.add("dtend", visit.planned_date + timedelta(days=1))
    event.add("status", _STATUS[visit.status])
    event.add("transp", "TRANSPARENT" if visit.status == Visit.Status.CANCELLED else "OPAQUE")
    if visit.venue or visit.online_link:
        event.add("location", visit.venue or visit.online_link)
    event.add("description", _visit_description(visit, deadlines, link))
    event.add("url", link)
    return event


def _deadline_event(visit, deadline, stamp):
    link = absolute_url("visits:detail", authority=visit.school.authority, pk=visit.pk)
    event = Event()
    event.add("uid", deadline_uid(deadline.kind, visit))
    event.add("dtstamp", stamp)
    event.add("last-modified", visit.updated_at)
    event.add("sequence", visit.calendar_sequence)
    event.add(
        "summary",
        f"{DEADLINE_SUMMARIES.get(deadline.kind, deadline.label)}: {visit.visit_type.name}, {visit.school.name}",
    )
    event.add("dtstart", deadline.due)
    event.add("dtend", deadline.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add(
        "description",
        f"{deadline.label} by {day(deadline.due)}, for the {visit.visit_type.phrase} at {visit.school.name} on "
        f"{when_where(visit)}.\nOpen the visit: {link}",
    )
    event.add("url", link)
    return event


def ical_feed(entries, *, name="School visits"):
    """The ICS text of `entries`: (visit, its deadlines still to meet) pairs, as selectors.calendar_feed_for_user
    gives them (see the rules above)."""
    calendar = Calendar()
    calendar.add("prodid", "-//School Quality Assurance//Visits//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", LONDON)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for visit, deadlines in entries:
        calendar.add_component(_visit_event(visit, deadlines, stamp))
        for deadline in deadlines:
            calendar.add_component(_deadline_event(visit, deadline, stamp))
    calendar.add_missing_timezones()  # Europe/London, when a timed visit uses it
    return calendar.to_ical()
