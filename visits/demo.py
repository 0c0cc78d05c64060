"""Demo rows for the visits app, called by demo.seed.seed (idempotent).

Plans the current academic year for the demo authority, then adds visits with explicit dates (relative to
24 November 2026) so every state can be seen: held visits with published notes, a note awaiting the
headteacher's factual-accuracy check, and a meeting whose minutes are overdue.
"""

from datetime import date

from django.utils import timezone

from classification.frameworks import framework_load
from classification.selectors import framework_for_school

from . import calendar as cal
from . import services
from .deadlines import deadlines_for
from .models import Visit, VisitNote, VisitType
from .planner import plan_visits

DEMO_PRESET = "telford-wrekin-2024"


def _ensure_framework(authority, school):
    if framework_for_school(school) is None:
        framework_load(slug=DEMO_PRESET, authority=authority)
    return framework_for_school(school)


def _held_visit(school, lead, code, on):
    visit_type = VisitType.objects.get(code=code)
    framework = framework_for_school(school)
    agenda_due, papers_due, minutes_due = deadlines_for(visit_type=visit_type, planned_date=on, framework=framework)
    visit, _ = Visit.objects.get_or_create(
        school=school,
        academic_year=cal.academic_year_for(on),
        visit_type=visit_type,
        planned_date=on,
        is_extra=True,
        defaults={
            "term": "autumn",
            "sequence": 90 + on.day,
            "qa_lead": lead,
            "status": Visit.Status.HELD,
            "held_at": timezone.now(),
            "held_by": lead,
            "framework_name": framework.name if framework else "",
            "agenda_due": agenda_due,
            "papers_due": papers_due,
            "minutes_due": minutes_due,
        },
    )
    return visit


def _note(visit, lead, *, next_steps, state, head=None):
    note = VisitNote.objects.filter(visit=visit).first() or services.note_start(visit=visit, user=lead)
    if note.status == VisitNote.Status.DRAFT:
        sections = {
            s.pk: (f"Leaders have a clear view of {s.title.lower()}.", "Lesson visits, work scrutiny, discussion")
            for s in note.sections.all()
        }
        services.note_update(
            note=note,
            user=lead,
            aspect="Reading and attendance",
            going_well="Phonics is taught consistently; pupils read with fluency.",
            next_steps=next_steps,
            internal_comments="Demo internal comment: not for the school.",
            sections=sections,
        )
        if state in ("sent", "published"):
            services.note_send_for_accuracy(note=note, user=lead)
    if state == "published" and note.status == VisitNote.Status.SENT and head is not None:
        services.note_respond(note=note, user=head, accurate=True, general_comment="", section_comments={})
    if state == "published" and note.status == VisitNote.Status.RESPONDED:
        services.note_publish(note=note, user=lead)
    return note


def seed(context):
    """context: authority, schools (list), people (email -> User), set_passwords."""
    authority = context["authority"]
    schools = context["schools"]
    people = context["people"]
    if not schools:
        return
    lead = people.get("qa.lead@demo.example")
    lead2 = people.get("qa.lead2@demo.example") or lead
    head = people.get("head@demo.example")
    head2 = people.get("head2@demo.example")
    _ensure_framework(authority, schools[0])
    # Every demo authority (classification's demo may add trusts and other authorities with their presets).
    plan_visits(start_year=cal.academic_year_for(timezone.localdate()))

    first, second = schools[0], schools[1] if len(schools) > 1 else schools[0]
    lead_first = first.qa_lead or lead
    lead_second = second.qa_lead or lead2
    # Held visits with published notes.
    published = _held_visit(first, lead_first, "qa_visit", date(2026, 10, 6))
    _note(
        published,
        lead_first,
        state="published",
        head=head,
        next_steps="Raise attendance of disadvantaged pupils\nEmbed the new reading scheme in key stage 2",
    )
    published2 = _held_visit(second, lead_second, "qa_visit", date(2026, 10, 8))
    _note(
        published2,
        lead_second,
        state="published",
        head=head2,
        next_steps="Reduce suspensions in year 9\nReview the curriculum for pupils with SEND",
    )
    # A note awaiting the headteacher's factual-accuracy check.
    awaiting = _held_visit(first, lead_first, "interim_visit", date(2026, 11, 17))
    _note(awaiting, lead_first, state="sent", next_steps="Share the attendance action plan with governors")
    # A meeting whose minutes are overdue (held 5 November; 7 working days: due 16 November).
    _held_visit(first, lead_first, "monitoring_support_meeting", date(2026, 11, 5))
    # Agendas of the meetings due soon are drafted, as the daily job would.
    services.draft_agendas()
