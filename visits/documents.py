"""PDFs (WeasyPrint) and the ICS calendar feed."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from qa_portal.pdf import render_pdf as _pdf


def note_pdf(note):
    """The note (minutes) as a PDF: attendees, sections, next steps, the actions agreed at the visit and the
    headteacher's factual-accuracy check (each comment, the QA lead's response and whether it was corrected)."""
    visit = note.visit
    sections = list(note.sections.all())
    return _pdf(
        "visits/pdf/note.html",
        {
            "note": note,
            "visit": visit,
            "sections": sections,
            "commented": [section for section in sections if section.head_comment],
            "attendees": [line.strip() for line in note.attendees.splitlines() if line.strip()],
            "actions": list(visit.actions.all()),
        },
    )


def agenda_pdf(agenda):
    return _pdf("visits/pdf/agenda.html", {"agenda": agenda, "visit": agenda.visit})


def ical_feed(visits, *, name="School visits"):
    calendar = Calendar()
    calendar.add("prodid", "-//School Quality Assurance//Visits//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for visit in visits:
        event = Event()
        event.add("uid", f"visit-{visit.pk}@school-qa")
        event.add("dtstamp", stamp)
        event.add("dtstart", visit.planned_date)
        event.add("dtend", visit.planned_date + timedelta(days=1))
        event.add("summary", f"{visit.visit_type.name}: {visit.school.name} ({visit.get_status_display()})")
        calendar.add_component(event)
        for label, due in (
            ("Agenda due", visit.agenda_due),
            ("Papers due", visit.papers_due),
            ("Minutes due", visit.minutes_due),
        ):
            if due is None:
                continue
            deadline = Event()
            deadline.add("uid", f"visit-{visit.pk}-{label.split()[0].lower()}@school-qa")
            deadline.add("dtstamp", stamp)
            deadline.add("dtstart", due)
            deadline.add("dtend", due + timedelta(days=1))
            deadline.add("summary", f"{label}: {visit.visit_type.name}, {visit.school.name}")
            calendar.add_component(deadline)
    return calendar.to_ical()
