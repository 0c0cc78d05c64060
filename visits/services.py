"""Every write in the visits app: visit workflow, agendas, contributions, notes and their factual-accuracy check,
reminders and digests (idempotent through SentNotification), calendar tokens."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from classification.selectors import framework_for_school, published_band_for_school
from qa_portal.accounts.selectors import school_contact_emails
from qa_portal.links import absolute_url

from . import calendar as cal
from .deadlines import deadlines_for
from .models import (
    MAX_UPLOAD_BYTES,
    Action,
    Agenda,
    CalendarToken,
    Contribution,
    NoteSection,
    SentNotification,
    Visit,
    VisitNote,
)

DEFAULT_AREAS = [
    ("quality_of_education", "Quality of education"),
    ("behaviour_and_attitudes", "Behaviour and attitudes"),
    ("personal_development", "Personal development"),
    ("leadership_and_management", "Leadership and management"),
]


def _fail(message, field=None):
    raise ValidationError({field: message} if field else message)


def _recompute_deadlines(visit):
    framework = framework_for_school(visit.school)
    visit.agenda_due, visit.papers_due, visit.minutes_due = deadlines_for(
        visit_type=visit.visit_type, planned_date=visit.planned_date, framework=framework
    )


def _check_date(planned_date, today):
    if planned_date <= today:
        _fail("Enter a date in the future", "planned_date")
    if not cal.is_working_day(planned_date):
        _fail("Enter a working day (Monday to Friday, not a bank holiday)", "planned_date")


# --- visit workflow -------------------------------------------------------------------------------------------


@transaction.atomic
def visit_move(*, visit, user, planned_date, today=None):
    today = today or timezone.localdate()
    if not visit.is_open:
        _fail("Only a planned or confirmed visit can be moved")
    _check_date(planned_date, today)
    if cal.academic_year_for(planned_date) != visit.academic_year:
        _fail(f"Enter a date in the {visit.academic_year_label} academic year", "planned_date")
    visit.planned_date = planned_date
    if visit.status == Visit.Status.CONFIRMED:
        visit.status = Visit.Status.PLANNED  # a new date has to be confirmed with the school again
        visit.confirmed_at = visit.confirmed_by = None
    _recompute_deadlines(visit)
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_confirm(*, visit, user):
    if visit.status != Visit.Status.PLANNED:
        _fail("Only a planned visit can be confirmed")
    visit.status = Visit.Status.CONFIRMED
    visit.confirmed_at, visit.confirmed_by = timezone.now(), user
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_cancel(*, visit, user, reason):
    reason = (reason or "").strip()
    if not reason:
        _fail("Enter why the visit is cancelled", "reason")
    if not visit.is_open:
        _fail("Only a planned or confirmed visit can be cancelled")
    visit.status = Visit.Status.CANCELLED
    visit.cancel_reason = reason
    visit.cancelled_at, visit.cancelled_by = timezone.now(), user
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_mark_held(*, visit, user, today=None):
    today = today or timezone.localdate()
    if not visit.is_open:
        _fail("Only a planned or confirmed visit can be marked as held")
    if visit.planned_date > today:
        _fail("A visit can be marked as held on or after its date")
    visit.status = Visit.Status.HELD
    visit.held_at, visit.held_by = timezone.now(), user
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_add_extra(*, school, user, visit_type, planned_date, today=None):
    today = today or timezone.localdate()
    _check_date(planned_date, today)
    start_year = cal.academic_year_for(planned_date)
    try:
        terms = cal.terms_for(authority=school.authority, start_year=start_year)
    except ValueError as error:
        raise ValidationError({"planned_date": str(error)}) from None
    term = next((t for t in terms if t.starts_on <= planned_date <= t.ends_on), None)
    if term is None:
        _fail("Enter a date in term time", "planned_date")
    band = published_band_for_school(school)
    framework = framework_for_school(school)
    visit = Visit(
        school=school,
        academic_year=start_year,
        term=term.code,
        visit_type=visit_type,
        is_extra=True,
        sequence=Visit.objects.filter(school=school, academic_year=start_year, is_extra=True).count() + 1,
        planned_date=planned_date,
        qa_lead=school.qa_lead or user,
        framework_name=framework.name if framework else "",
        band_label=band.label if band else "",
    )
    _recompute_deadlines(visit)
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


def visit_record_papers(*, visit, user, received_on):
    visit.papers_received_on = received_on
    visit.stamp(user)
    visit.full_clean()
    visit.save(update_fields=["papers_received_on", "updated_by", "updated_at"])
    return visit


def action_add(*, visit, user, text, owner=""):
    if not text.strip():
        _fail("Enter the action", "text")
    action = Action(visit=visit, text=text.strip(), owner=owner.strip())
    action.stamp(user)
    action.full_clean()
    action.save()
    return action


def action_close(*, action, user):
    action.is_open = False
    action.stamp(user)
    action.save(update_fields=["is_open", "updated_by", "updated_at"])
    return action


# --- agendas --------------------------------------------------------------------------------------------------


def _previous_meeting(visit):
    return (
        Visit.objects.filter(
            school=visit.school,
            status=Visit.Status.HELD,
            visit_type__is_meeting=True,
            planned_date__lt=visit.planned_date,
        )
        .order_by("-planned_date", "-pk")
        .first()
    )


def _areas_of_concern(visit):
    """The school's current areas of concern: its band and the next steps of its latest published note."""
    concerns = []
    band = published_band_for_school(visit.school)
    if band is not None:
        concerns.append(f"Current classification: {band.label}")
    note = (
        VisitNote.objects.filter(visit__school=visit.school, status=VisitNote.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if note is not None:
        concerns += [line.strip() for line in note.next_steps.splitlines() if line.strip()]
    return concerns


def agenda_draft(*, visit, today=None):
    """Draft the meeting's agenda once (standing items, previous open actions, areas of concern, attendees)."""
    if not visit.visit_type.is_meeting:
        return None
    existing = Agenda.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    framework = framework_for_school(visit.school)
    items = []
    if framework is not None:
        for standing in framework.standing_agenda_items.order_by("order", "pk"):
            if standing.visit_type in ("", visit.visit_type.code):
                items.append(standing.title)
    previous = _previous_meeting(visit)
    if previous is not None:
        for action in previous.actions.filter(is_open=True):
            items.append(f"Action from {previous.planned_date:%d %B %Y}: {action.text}")
    for concern in _areas_of_concern(visit):
        items.append(f"Area of concern: {concern}")
    attendees = [line for line in visit.visit_type.default_attendees.splitlines() if line.strip()]
    if visit.school.head_name:
        attendees.insert(0, f"{visit.school.head_name}, headteacher")
    if visit.qa_lead:
        attendees.insert(0, f"{visit.qa_lead}, QA lead")
    agenda = Agenda(visit=visit, items="\n".join(items), attendees="\n".join(attendees), drafted_at=timezone.now())
    agenda.full_clean()
    try:
        with transaction.atomic():
            agenda.save()
    except IntegrityError:
        return Agenda.objects.get(visit=visit)
    return agenda


def draft_agendas(*, today=None, lead_days=7):
    """Draft the agenda of every open meeting whose agenda is due within `lead_days` (or already due)."""
    today = today or timezone.localdate()
    meetings = (
        Visit.objects.filter(
            visit_type__is_meeting=True,
            status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
            agenda__isnull=True,
            planned_date__gt=today,
        )
        .filter(
            # No agenda deadline in the framework: draft it as if it were due two weeks before the meeting.
            Q(agenda_due__lte=today + timedelta(days=lead_days))
            | Q(agenda_due__isnull=True, planned_date__lte=today + timedelta(days=lead_days + 14))
        )
        .select_related("school", "visit_type", "qa_lead")
    )
    return sum(1 for visit in meetings if agenda_draft(visit=visit, today=today))


def agenda_update(*, agenda, user, items, attendees):
    if not items.strip():
        _fail("Enter at least one agenda item", "items")
    if agenda.circulated_at:
        _fail("This agenda has been circulated; it cannot be changed")
    agenda.items, agenda.attendees = items.strip(), attendees.strip()
    agenda.stamp(user)
    agenda.full_clean()
    agenda.save()
    return agenda


def agenda_circulate(*, agenda, user, pdf_bytes):
    """Email the agenda PDF to the school's head and chair (and the QA lead) and record the date."""
    if agenda.circulated_at:
        _fail("This agenda has already been circulated")
    visit = agenda.visit
    recipients = school_contact_emails(visit.school)
    if visit.qa_lead and visit.qa_lead.email:
        recipients.append(visit.qa_lead.email)
    with transaction.atomic():
        agenda.circulated_at, agenda.circulated_by = timezone.now(), user
        agenda.stamp(user)
        agenda.save()
        message = EmailMessage(
            subject=f"Agenda: {visit.visit_type.name}, {visit.school.name}, {visit.planned_date:%d %B %Y}",
            body=f"Please find attached the agenda for the {visit.visit_type.phrase} on "
            f"{visit.planned_date:%A %d %B %Y}.\n\nAttendees:\n" + "\n".join(agenda.attendee_list()),
            to=recipients,
        )
        message.attach(f"agenda-{visit.pk}.pdf", pdf_bytes, "application/pdf")
        message.send()
    return agenda


# --- contributions before the visit ---------------------------------------------------------------------------


def contribution_save(*, visit, user, lines_of_enquiry, sef_summary, improvement_plan_text, improvement_plan_file=None):
    if visit.status not in (Visit.Status.PLANNED, Visit.Status.CONFIRMED):
        _fail("The school can add to a visit only before it is held")
    if improvement_plan_file is not None and improvement_plan_file.size > MAX_UPLOAD_BYTES:
        _fail("The improvement plan must be smaller than 10MB", "improvement_plan_file")
    contribution = Contribution.objects.filter(visit=visit).first() or Contribution(visit=visit)
    contribution.lines_of_enquiry = lines_of_enquiry
    contribution.sef_summary = sef_summary
    contribution.improvement_plan_text = improvement_plan_text
    if improvement_plan_file is not None:
        contribution.improvement_plan_file = improvement_plan_file
    contribution.stamp(user)
    contribution.full_clean()
    contribution.save()
    return contribution


# --- notes of visit and the factual-accuracy check ------------------------------------------------------------


def _areas_for(school):
    framework = framework_for_school(school)
    if framework is not None and hasattr(framework, "areas"):
        areas = [(area.key, area.label) for area in framework.areas.order_by("order", "pk")]
        if areas:
            return areas
    return DEFAULT_AREAS


@transaction.atomic
def note_start(*, visit, user):
    """Start the note of a held visit, half written from the school's contribution."""
    if visit.status != Visit.Status.HELD:
        _fail("Mark the visit as held before writing the note")
    existing = VisitNote.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    contribution = Contribution.objects.filter(visit=visit).first()
    note = VisitNote(visit=visit, drafted_by=user)
    if contribution is not None:
        note.aspect = contribution.lines_of_enquiry[:300]
    note.stamp(user)
    note.full_clean()
    note.save()
    for order, (key, title) in enumerate(_areas_for(visit.school)):
        evidence = ""
        if contribution is not None and order == 0:
            parts = []
            if contribution.sef_summary:
                parts.append(f"School's self-evaluation: {contribution.sef_summary}")
            if contribution.improvement_plan_text:
                parts.append(f"Improvement plan: {contribution.improvement_plan_text}")
            evidence = "\n".join(parts)
        NoteSection.objects.create(note=note, area_key=key, title=title, order=order, evidence=evidence)
    return note


@transaction.atomic
def note_update(*, note, user, aspect, going_well, next_steps, internal_comments, sections):
    """sections: {section_id: (evaluation, evidence)}."""
    if note.status not in (VisitNote.Status.DRAFT, VisitNote.Status.RESPONDED):
        _fail("The note is with the headteacher or published; it cannot be changed now")
    note.aspect, note.going_well, note.next_steps = aspect, going_well, next_steps
    note.internal_comments = internal_comments
    note.stamp(user)
    note.full_clean()
    note.save()
    for section in note.sections.all():
        if section.pk in sections:
            section.evaluation, section.evidence = sections[section.pk]
            section.save(update_fields=["evaluation", "evidence"])
    return note


@transaction.atomic
def note_send_for_accuracy(*, note, user):
    if note.status != VisitNote.Status.DRAFT:
        _fail("Only a draft note can be sent for factual accuracy")
    if not note.next_steps.strip():
        _fail("Write the next steps before sending the note", "next_steps")
    note.status = VisitNote.Status.SENT
    note.sent_at, note.sent_by = timezone.now(), user
    note.stamp(user)
    note.full_clean()
    note.save()
    visit = note.visit
    recipients = school_contact_emails(visit.school, chair=False)
    if recipients:
        url = absolute_url("visits:note", pk=visit.pk)
        EmailMessage(
            subject=f"Please check the note of visit for factual accuracy: {visit.school.name}",
            body=f"The note of the {visit.visit_type.phrase} on {visit.planned_date:%d %B %Y} is ready for "
            f"you to check for factual accuracy: {url}",
            to=recipients,
        ).send()
    return note


@transaction.atomic
def note_respond(*, note, user, accurate, general_comment, section_comments):
    """The headteacher marks the note accurate, or comments per section."""
    if note.status != VisitNote.Status.SENT:
        _fail("This note is not waiting for your check")
    if not accurate and not general_comment.strip() and not any(c.strip() for c in section_comments.values()):
        _fail("Add a comment on at least one section, or confirm the note is accurate", "general_comment")
    note.head_accurate = accurate
    note.head_general_comment = general_comment.strip()
    note.status = VisitNote.Status.RESPONDED
    note.responded_at, note.responded_by = timezone.now(), user
    note.stamp(user)
    note.full_clean()
    note.save()
    for section in note.sections.all():
        if section.pk in section_comments:
            section.head_comment = section_comments[section.pk].strip()
            section.save(update_fields=["head_comment"])
    return note


@transaction.atomic
def note_publish(*, note, user):
    if note.status != VisitNote.Status.RESPONDED:
        _fail("The headteacher must check the note before it is published")
    note.status = VisitNote.Status.PUBLISHED
    note.published_at, note.published_by = timezone.now(), user
    note.stamp(user)
    note.full_clean()
    note.save()
    visit = note.visit
    recipients = school_contact_emails(visit.school)
    if recipients:
        url = absolute_url("visits:note-pdf", pk=visit.pk)
        EmailMessage(
            subject=f"Note of visit published: {visit.school.name}, {visit.planned_date:%d %B %Y}",
            body=f"The final note of the {visit.visit_type.phrase} is published. Download it: {url}",
            to=recipients,
        ).send()
    return note


# --- reminders and digests (safe to run twice) ----------------------------------------------------------------


def _send_once(*, key, recipients, subject, body):
    """Send an email unless one with this key was already sent. Returns True when sent now."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return False
    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key, recipient=recipients[0], subject=subject[:300])
            EmailMessage(subject=subject, body=body, to=recipients).send()
    except IntegrityError:
        return False
    return True


def _state(due, today, soon_days):
    if due < today:
        return "overdue"
    if (due - today).days <= soon_days:
        return "due"
    return None


def send_reminders(*, today=None, soon_days=3):
    """Agenda and minutes reminders to the QA lead, papers reminders to the headteacher: each sent once per state."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + timedelta(days=soon_days)
    open_meetings = Visit.objects.filter(
        visit_type__is_meeting=True, status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED]
    ).select_related("school", "visit_type", "qa_lead")
    for visit in open_meetings.filter(agenda_due__lte=horizon, planned_date__gte=today).exclude(
        agenda__circulated_at__isnull=False
    ):
        state = _state(visit.agenda_due, today, soon_days)
        if state and visit.qa_lead:
            sent += _send_once(
                key=f"agenda:{visit.pk}:{visit.agenda_due}:{state}",
                recipients=[visit.qa_lead.email],
                subject=f"Agenda {'overdue' if state == 'overdue' else 'due'}: {visit.school.name}, "
                f"{visit.visit_type.name} on {visit.planned_date:%d %B %Y}",
                body=f"The agenda is due to be circulated by {visit.agenda_due:%d %B %Y}.",
            )
    for visit in open_meetings.filter(
        papers_due__lte=horizon, planned_date__gte=today, papers_received_on__isnull=True
    ):
        state = _state(visit.papers_due, today, soon_days)
        if state:
            sent += _send_once(
                key=f"papers:{visit.pk}:{visit.papers_due}:{state}",
                recipients=school_contact_emails(visit.school, chair=False),
                subject=f"Papers {'overdue' if state == 'overdue' else 'due'} for the {visit.visit_type.phrase} "
                f"on {visit.planned_date:%d %B %Y}",
                body=f"Please send the supporting papers to your QA lead by {visit.papers_due:%d %B %Y}.",
            )
    held = Visit.objects.filter(
        visit_type__is_meeting=True, status=Visit.Status.HELD, minutes_due__lte=horizon
    ).select_related("school", "visit_type", "qa_lead")
    for visit in held.exclude(
        note__status__in=[VisitNote.Status.SENT, VisitNote.Status.RESPONDED, VisitNote.Status.PUBLISHED]
    ):
        state = _state(visit.minutes_due, today, soon_days)
        if state and visit.qa_lead:
            sent += _send_once(
                key=f"minutes:{visit.pk}:{visit.minutes_due}:{state}",
                recipients=[visit.qa_lead.email],
                subject=f"Minutes {'overdue' if state == 'overdue' else 'due'}: {visit.school.name}, "
                f"{visit.visit_type.name} on {visit.planned_date:%d %B %Y}",
                body=f"The minutes are due with the headteacher by {visit.minutes_due:%d %B %Y}.",
            )
    return sent


def send_weekly_digests(*, today=None):
    """One email per QA lead per ISO week: the week's visits and everything due or overdue."""
    from .selectors import qa_lead_dashboard

    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    lead_ids = set(
        Visit.objects.filter(
            qa_lead__isnull=False, status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED, Visit.Status.HELD]
        ).values_list("qa_lead_id", flat=True)
    )
    from qa_portal.accounts.models import User

    sent = 0
    for lead in User.objects.filter(pk__in=lead_ids, is_active=True):
        board = qa_lead_dashboard(lead, today=today)
        lines = [f"Your visits this week ({board['week_start']:%d %B} to {board['week_end']:%d %B %Y}):"]
        lines += [f"- {v.planned_date:%a %d %b}: {v.visit_type.name}, {v.school.name}" for v in board["week"]]
        if not board["week"]:
            lines.append("- none")
        lines.append("")
        lines.append("Due or overdue:")
        lines += [
            f"- {item['label']}: {item['visit'].school.name}, due {item['due']:%d %B %Y}"
            f"{' (overdue)' if item['overdue'] else ''}"
            for item in board["due"]
        ]
        if not board["due"]:
            lines.append("- nothing")
        sent += _send_once(
            key=f"digest:{lead.pk}:{year}-W{week:02d}",
            recipients=[lead.email],
            subject=f"Your visits week beginning {board['week_start']:%d %B %Y}",
            body="\n".join(lines),
        )
    return sent


# --- calendar feed tokens -------------------------------------------------------------------------------------


def calendar_token_create(*, user):
    """A new private feed address; any earlier one is revoked."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return CalendarToken.objects.create(user=user)


def calendar_token_revoke(*, user):
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


# --- the authority's academic calendar ------------------------------------------------------------------------


@transaction.atomic
def term_update(*, term, user, starts_on, half_term_break_starts, half_term_break_ends, ends_on):
    if not starts_on < half_term_break_starts <= half_term_break_ends < ends_on:
        _fail("The half-term break must fall inside the term, after its first day and before its last")
    term.starts_on, term.ends_on = starts_on, ends_on
    term.half_term_break_starts, term.half_term_break_ends = half_term_break_starts, half_term_break_ends
    term.full_clean()
    term.save()
    return term


def closure_day_add(*, authority, user, date, reason):
    from .models import ClosureDay

    if ClosureDay.objects.filter(authority=authority, date=date).exists():
        _fail("That day is already a closure day", "date")
    day = ClosureDay(authority=authority, date=date, reason=reason.strip())
    day.full_clean()
    day.save()
    return day
