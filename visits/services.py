"""Every write in the visits app: visit workflow, agendas, contributions, notes and their factual-accuracy check,
reminders and digests (idempotent through SentNotification), calendar tokens."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from classification.selectors import framework_for_school, published_band_for_school
from qa_portal.accounts.models import User
from qa_portal.accounts.selectors import school_contact_emails
from qa_portal.concurrency import EditConflict, version_claim
from qa_portal.dates import long_date
from qa_portal.emails import email_after_commit, email_message
from qa_portal.links import absolute_url, urls_for
from qa_portal.notifications.services import notify
from qa_portal.uploads import check_upload, delete_file_after_commit
from schools.people import headteachers_of_schools

from . import calendar as cal
from .deadlines import deadlines_for, is_short_notice
from .models import (
    MAX_UPLOAD_BYTES,
    SCHOOL_PAPER_TYPES,
    Action,
    Agenda,
    CalendarToken,
    ClosureDay,
    Contribution,
    NoteSection,
    PlanChange,
    SchoolPaper,
    SentNotification,
    Visit,
    VisitNote,
)
from .notifications import (
    NOTE_ANSWERED,
    NOTE_SENT,
    NOTE_UNPUBLISHED,
    NOTE_WITHDRAWN,
    PAPERS_SENT,
    VISIT_CONFIRMED,
    VISIT_MOVED,
    VISIT_STRANDED,
    VISIT_TIME_SET,
)
from .planner import _authority_plan, _load_busy_dates
from .selectors import (
    agenda_of,
    agenda_proposal,
    note_sent_key,
    note_sent_to,
    paper_slots_for_visit,
    qa_lead_dashboard,
    school_contacts,
)
from .templatetags.visit_time import visit_place, when_where

DEFAULT_AREAS = [
    ("quality_of_education", "Quality of education"),
    ("behaviour_and_attitudes", "Behaviour and attitudes"),
    ("personal_development", "Personal development"),
    ("leadership_and_management", "Leadership and management"),
]


def _fail(message, field=None):
    raise ValidationError({field: message} if field else message)


def _recompute_deadlines(visit, *, changed_on=None):
    """The visit's deadlines from its school's framework and date. A short-notice meeting's run from the day it was
    planned (`created_at`), so none falls before that day; moved far enough ahead, it is short notice no more. A
    meeting a person places (`changed_on`: the day they add or move it) inside its lead time is short notice from
    that day: its deadlines are never already past when it is placed."""
    framework = framework_for_school(visit.school)
    planned_on = None
    if visit.short_notice:
        planned_on = timezone.localdate(visit.created_at) if visit.created_at else timezone.localdate()
    if changed_on is not None and is_short_notice(
        visit_type=visit.visit_type, planned_date=visit.planned_date, framework=framework, planned_on=changed_on
    ):
        planned_on = max(planned_on, changed_on) if planned_on else changed_on
    if planned_on is not None:
        visit.short_notice = is_short_notice(
            visit_type=visit.visit_type, planned_date=visit.planned_date, framework=framework, planned_on=planned_on
        )
    visit.agenda_due, visit.papers_due, visit.minutes_due = deadlines_for(
        visit_type=visit.visit_type, planned_date=visit.planned_date, framework=framework, planned_on=planned_on
    )


def _name(person):
    return person.get_full_name() or person.email


def _path(viewname, **kwargs):
    """A page's path without an authority prefix (notify gives it the authority's), whatever page asks."""
    with urls_for(None):
        return reverse(viewname, kwargs=kwargs)


def _version(obj):
    """The id of the history row the last save of `obj` made: names that save (the event) in a notification key."""
    return obj.history.values_list("history_id", flat=True).first()


def _tell(*, recipients, actor, **message):
    """notify() everyone in `recipients` except `actor` (who did it and knows)."""
    return notify(recipients=[person for person in recipients if person is not None and person != actor], **message)


def _visit_people(visit):
    """Who a change of a visit's date concerns: the school's headteachers and the visit's QA lead (its attendee
    with an account; an agenda's attendees are lines of text)."""
    return [*headteachers_of_schools([visit.school_id]).get(visit.school_id, []), visit.qa_lead]


def _closures_on(authority, day):
    return dict(ClosureDay.objects.filter(authority=authority, date=day).values_list("date", "reason"))


def _check_school_day(*, visit, planned_date, today):
    """The term `planned_date` falls in, after checking it is a school day of the visit's academic year (today or
    later; term time outside the half-term break; not a weekend, bank holiday or closure day of the authority)."""
    if planned_date < today:
        _fail("Enter today's date or a later one", "planned_date")
    if cal.academic_year_for(planned_date) != visit.academic_year:
        _fail(f"Enter a date in the {visit.academic_year_label} academic year", "planned_date")
    authority = visit.school.authority
    try:
        terms = cal.terms_for(authority=authority, start_year=visit.academic_year)
    except ValueError as error:
        raise ValidationError({"planned_date": str(error)}) from None
    problem = cal.school_day_problem(planned_date, terms=terms, closures=_closures_on(authority, planned_date))
    if problem:
        _fail(problem, "planned_date")
    return cal.term_containing(planned_date, terms)


def _next_extra_sequence(visit):
    last = Visit.objects.filter(school_id=visit.school_id, academic_year=visit.academic_year, is_extra=True).aggregate(
        last=Max("sequence")
    )["last"]
    return (last or 0) + 1


# --- visit workflow -------------------------------------------------------------------------------------------


@transaction.atomic
def visit_move(*, visit, user, planned_date, reason="", today=None):
    """Move an open visit to another school day of its academic year (today or later): its term follows the date,
    its deadlines are worked out again, a confirmed visit has to be confirmed again, the move is a plan change with
    its reason, and the head(s) and the visit's QA lead are told (not the person who moved it)."""
    today = today or timezone.localdate()
    if not visit.is_open:
        _fail("Only a planned or confirmed visit can be moved")
    term = _check_school_day(visit=visit, planned_date=planned_date, today=today)
    moved_from, term_from = visit.planned_date, visit.get_term_display()
    if planned_date == moved_from:  # the same date again (a form sent twice) is no move: nothing changes
        return visit
    visit.planned_date = planned_date
    visit.academic_year = cal.academic_year_for(planned_date)
    if term.code != visit.term:
        visit.term = term.code
        if not visit.is_extra:
            # Out of its old term's place in the plan: a visit of the term it is now in, counted there, which a
            # re-plan neither takes for that term's own visit nor removes.
            visit.is_extra = True
            visit.sequence = _next_extra_sequence(visit)
    if visit.status == Visit.Status.CONFIRMED:
        visit.status = Visit.Status.PLANNED  # a new date has to be confirmed with the school again
        visit.confirmed_at = visit.confirmed_by = None
    _recompute_deadlines(visit, changed_on=today)
    visit.calendar_sequence += 1
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    given = (reason or "").strip()
    reason = given or f"Moved by {_name(user)}"
    PlanChange.objects.create(
        school=visit.school,
        academic_year=visit.academic_year,
        visit=visit,
        action=PlanChange.Action.MOVED,
        description=f"{visit.visit_type.name} moved from {long_date(moved_from)} to {long_date(planned_date)}"[:300],
        reason=reason[:300],
    )
    terms = ""
    if visit.get_term_display() != term_from:
        terms = f", from the {term_from.lower()} term to the {visit.get_term_display().lower()} term"
    _tell(
        recipients=_visit_people(visit),
        actor=user,
        kind=VISIT_MOVED,
        text=f"The {visit.visit_type.phrase} at {visit.school.name} has moved from {long_date(moved_from)} to "
        f"{long_date(planned_date)}{terms}." + (f" Reason: {given[:200]}" if given else ""),
        url=_path("visits:detail", pk=visit.pk),
        key=f"visit-moved:{visit.pk}:{planned_date.isoformat()}:{_version(visit)}",
        authority=visit.school.authority,
    )
    return visit


@transaction.atomic
def visit_confirm(*, visit, user):
    if visit.status != Visit.Status.PLANNED:
        _fail("Only a planned visit can be confirmed")
    visit.status = Visit.Status.CONFIRMED
    visit.confirmed_at, visit.confirmed_by = timezone.now(), user
    visit.calendar_sequence += 1  # calendars show the event confirmed
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    _tell(
        recipients=_visit_people(visit),
        actor=user,
        kind=VISIT_CONFIRMED,
        text=f"The {visit.visit_type.phrase} at {visit.school.name} on {long_date(visit.planned_date)} is confirmed.",
        url=_path("visits:detail", pk=visit.pk),
        # Per date: a confirmed visit that is moved has to be confirmed again, and that is news again.
        key=f"visit-confirmed:{visit.pk}:{visit.planned_date.isoformat()}",
        authority=visit.school.authority,
    )
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
    visit.calendar_sequence += 1  # calendars show the event cancelled
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


SHORTEST_MINUTES, LONGEST_MINUTES = 15, 480


def _check_time_and_place(start_time, duration_minutes, online_link):
    problems = {}
    if start_time is not None:
        if duration_minutes is None:
            problems["duration_minutes"] = "Enter how long it lasts, in minutes"
        elif not SHORTEST_MINUTES <= duration_minutes <= LONGEST_MINUTES:
            problems["duration_minutes"] = "Enter a length from 15 to 480 minutes (8 hours)"
        elif datetime.combine(date.min, start_time) + timedelta(minutes=duration_minutes) > datetime.combine(
            date.min + timedelta(days=1), time(0)
        ):
            problems["duration_minutes"] = "It must end by midnight: enter an earlier start time or a shorter length"
    if online_link:
        try:
            URLValidator(schemes=["https"])(online_link)
        except ValidationError:
            problems["online_link"] = (
                "Enter the online meeting link as a full address starting https://, for example "
                "https://meet.example.org/brookmead"
            )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def visit_set_time_and_place(*, visit, user, start_time, duration_minutes, venue, online_link):
    """When the visit starts, how long it lasts and where it is (a venue, an online link, or both; no start time:
    a day without a time). A change raises the visit's calendar sequence (calendars update the event) and tells the
    school's headteachers and the visit's QA lead, not the person who made it; the same values again change
    nothing and tell nobody."""
    if not visit.is_open:
        _fail("Only a planned or confirmed visit's time and place can be changed")
    venue, online_link = (venue or "").strip(), (online_link or "").strip()
    if start_time is None:
        duration_minutes = None  # a length without a start says nothing
    _check_time_and_place(start_time, duration_minutes, online_link)
    values = (start_time, duration_minutes, venue, online_link)
    if values == (visit.start_time, visit.duration_minutes, visit.venue, visit.online_link):
        return visit
    visit.start_time, visit.duration_minutes, visit.venue, visit.online_link = values
    visit.calendar_sequence += 1
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    about = f"the {visit.visit_type.phrase} at {visit.school.name}"
    if start_time is None and not visit_place(visit):
        text = f"The time and place of {about} on {long_date(visit.planned_date)} are to be confirmed."
    else:
        text = f"Time and place of {about}: {when_where(visit)}."
    _tell(
        recipients=_visit_people(visit),
        actor=user,
        kind=VISIT_TIME_SET,
        text=text,
        url=_path("visits:detail", pk=visit.pk),
        key=f"visit-time-set:{visit.pk}:{visit.calendar_sequence}",
        authority=visit.school.authority,
        email_template="visits/emails/visit_time_set",
        context={"visit": visit},
    )
    return visit


def visit_mark_held_refusal(visit, today=None):
    """Why the visit cannot be marked as held now ("" when it can)."""
    today = today or timezone.localdate()
    if not visit.is_open:
        return "Only a planned or confirmed visit can be marked as held"
    if visit.planned_date > today:
        return "A visit can be marked as held on or after its date"
    return ""


@transaction.atomic
def visit_mark_held(*, visit, user, today=None):
    refusal = visit_mark_held_refusal(visit, today)
    if refusal:
        _fail(refusal)
    visit.status = Visit.Status.HELD
    visit.held_at, visit.held_by = timezone.now(), user
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_add_extra(*, school, user, visit_type, planned_date, today=None):
    """Add a visit the plan did not make, on a school day (term time, not a closure day) from today on."""
    today = today or timezone.localdate()
    start_year = cal.academic_year_for(planned_date)
    probe = Visit(school=school, academic_year=start_year)  # the checks read the school and the academic year
    term = _check_school_day(visit=probe, planned_date=planned_date, today=today)
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
    _recompute_deadlines(visit, changed_on=today)
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


def visit_record_papers(*, visit, user, received_on):
    """The QA lead records papers that came by other means than the head's "Send papers" (which records itself)."""
    if visit.papers_received_on is not None:
        _fail(f"The papers are already recorded: sent on {long_date(visit.papers_received_on)}")
    visit.papers_received_on = received_on
    visit.stamp(user)
    visit.full_clean()
    visit.save(update_fields=["papers_received_on", "updated_by", "updated_at"])
    return visit


def action_add(*, visit, user, text, owner="", due_on=None):
    if not text.strip():
        _fail("Enter the action", "text")
    if due_on is not None and due_on < visit.planned_date:
        _fail(f"The due date must be on or after the day of the visit, {long_date(visit.planned_date)}", "due_on")
    action = Action(visit=visit, text=text.strip(), owner=owner.strip(), due_on=due_on)
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


def agenda_draft(*, visit):
    """Draft the meeting's agenda once, from selectors.agenda_proposal (the daily job does this ahead of the
    deadline). Returns the agenda, or None for a visit that is not a meeting."""
    if not visit.visit_type.is_meeting:
        return None
    existing = agenda_of(visit)
    if existing is not None:
        return existing
    items, attendees = agenda_proposal(visit)
    agenda = Agenda(visit=visit, items="\n".join(items), attendees="\n".join(attendees), drafted_at=timezone.now())
    agenda.full_clean()
    try:
        with transaction.atomic():
            agenda.save()
    except IntegrityError:
        return agenda_of(visit)
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
    return sum(1 for visit in meetings if agenda_draft(visit=visit))


@transaction.atomic
def agenda_save(*, visit, user, items, attendees, expected_version=None):
    """Save the meeting's agenda as the QA lead wrote it (the first save drafts it). expected_version: the agenda's
    edit_version the form was opened at (0: there was no agenda yet); a save from an older one is refused
    (EditConflict)."""
    if not visit.visit_type.is_meeting:
        _fail("Only meetings have agendas")
    if not items.strip():
        _fail("Enter at least one agenda item", "items")
    agenda = agenda_of(visit)
    if agenda is None:
        agenda = Agenda(visit=visit, drafted_at=timezone.now())
    elif expected_version == 0:  # drafted (by the daily job or someone else) since the form was opened
        raise EditConflict(agenda, what="this agenda")
    else:
        version_claim(agenda, expected_version=expected_version, what="this agenda")
        agenda.refresh_from_db(fields=["circulated_at"])
    if agenda.circulated_at:
        _fail("This agenda has been circulated; it cannot be changed")
    agenda.items, agenda.attendees = items.strip(), attendees.strip()
    agenda.stamp(user)
    agenda.full_clean()
    if agenda.pk is None:
        try:
            with transaction.atomic():
                agenda.save()
        except IntegrityError:  # two first saves at once: the other one drafted it
            raise EditConflict(
                Agenda.objects.select_related("updated_by").get(visit=visit), what="this agenda"
            ) from None
    else:
        agenda.save()
    return agenda


@transaction.atomic
def agenda_circulate(*, agenda, user, pdf_bytes):
    """Record the agenda as circulated and, once that is saved, email its PDF to the school's head and chair and
    to the QA lead."""
    if agenda.circulated_at:
        _fail("This agenda has already been circulated")
    visit = agenda.visit
    agenda.circulated_at, agenda.circulated_by = timezone.now(), user
    agenda.stamp(user)
    agenda.save()
    email_after_commit(
        template="visits/emails/agenda",
        context={"visit": visit, "agenda": agenda},
        to=[*school_contact_emails(visit.school), visit.qa_lead.email if visit.qa_lead else ""],
        attachments=[(f"agenda-{visit.pk}.pdf", pdf_bytes, "application/pdf")],
    )
    return agenda


# --- contributions before the visit ---------------------------------------------------------------------------


def _check_papers(visit, papers):
    """{kind: CheckedUpload} for the uploads in `papers` ({kind: file or None}), each through the one upload checker;
    every refused one is a ValidationError against its own field ("paper_<kind>")."""
    slots = {slot.key: slot for slot in paper_slots_for_visit(visit)}
    checked, problems = {}, {}
    for kind, upload in (papers or {}).items():
        if upload is None:
            continue
        if kind not in slots:
            problems[f"paper_{kind}"] = ["This paper is not one the school is asked to send"]
            continue
        try:
            checked[kind] = check_upload(upload, allowed=SCHOOL_PAPER_TYPES, max_bytes=MAX_UPLOAD_BYTES)
        except ValidationError as error:
            problems[slots[kind].field_name] = error.messages
    if problems:
        raise ValidationError(problems)
    return slots, checked


def _paper_store(*, visit, slot, upload, user):
    """Save one checked upload as the visit's paper of its kind; a replaced file leaves storage after commit."""
    paper = slot.paper or SchoolPaper(visit=visit, kind=slot.key)
    replaced = paper.file if paper.pk and paper.file else None  # the earlier FieldFile keeps its name
    paper.title = slot.title[: SchoolPaper._meta.get_field("title").max_length]
    paper.file = upload.file
    paper.content_type = upload.content_type
    paper.stamp(user)
    try:
        paper.full_clean()
    except ValidationError as error:
        raise ValidationError({slot.field_name: error.messages}) from error
    paper.save()
    if replaced is not None:
        delete_file_after_commit(replaced)
    return paper


def contribution_save(
    *,
    visit,
    user,
    lines_of_enquiry,
    sef_summary,
    improvement_plan_text,
    papers=None,
    send=False,
    today=None,
):
    """Keep what the school writes before the visit and the papers it uploads (`papers`: {kind: uploaded file},
    each kind one the visit's framework asks for; a new upload of a kind replaces its file). Nothing is sent until
    the head sends (send=True here, or contribution_send). Returns the Contribution (None when nothing is
    written)."""
    if not visit.is_open:
        _fail("The school can add to a visit only before it is held")
    slots, checked = _check_papers(visit, papers)
    contribution = Contribution.objects.filter(visit=visit).first()
    texts = (lines_of_enquiry, sef_summary, improvement_plan_text)
    written = contribution is not None or any(part.strip() for part in texts)
    changed = contribution is None or texts != (
        contribution.lines_of_enquiry,
        contribution.sef_summary,
        contribution.improvement_plan_text,
    )
    with transaction.atomic():
        if written and changed:  # the same answers saved again make no new version
            contribution = contribution or Contribution(visit=visit)
            contribution.lines_of_enquiry, contribution.sef_summary, contribution.improvement_plan_text = texts
            contribution.stamp(user)
            contribution.full_clean()
            contribution.save()
        for kind, upload in checked.items():
            _paper_store(visit=visit, slot=slots[kind], upload=upload, user=user)
        if send:
            contribution_send(visit=visit, user=user, today=today)
    return contribution


def contribution_send(*, visit, user, today=None):
    """Send the school's papers and answers to the QA lead. The first send meets the papers deadline: it records
    the day in `Visit.papers_received_on` (a later send, of changes, is in the history only). The QA lead is told
    once per version sent, so sending the same again (or a form posted twice) tells nobody again."""
    today = today or timezone.localdate()
    if not visit.is_open:
        _fail("The school can send papers only before the visit is held")
    contribution = Contribution.objects.filter(visit=visit).first()
    written = contribution is not None and any(
        part.strip()
        for part in (contribution.lines_of_enquiry, contribution.sef_summary, contribution.improvement_plan_text)
    )
    if not written and not SchoolPaper.objects.filter(visit=visit).exists():
        _fail("Upload a paper, or write your lines of enquiry or a summary, before you send")
    paper_version = SchoolPaper.history.filter(visit_id=visit.pk).aggregate(latest=Max("history_id"))["latest"]
    with transaction.atomic():
        if visit.papers_received_on is None:
            visit.papers_received_on = today
            visit.stamp(user)
            visit.full_clean()
            visit.save(update_fields=["papers_received_on", "updated_by", "updated_at"])
        contribution_version = _version(contribution) if contribution is not None else 0
        _tell(
            recipients=[visit.qa_lead],
            actor=user,
            kind=PAPERS_SENT,
            text=f"{visit.school.name} has sent its papers for the {visit.visit_type.phrase} on "
            f"{long_date(visit.planned_date)}.",
            url=_path("visits:detail", pk=visit.pk),
            key=f"papers-sent:{visit.pk}:{contribution_version}:{paper_version or 0}",
            authority=visit.school.authority,
        )
    return visit


# --- notes of visit and the factual-accuracy check ------------------------------------------------------------


def _areas_for(school):
    framework = framework_for_school(school)
    if framework is not None and hasattr(framework, "areas"):
        areas = [(area.key, area.label) for area in framework.areas.order_by("order", "pk")]
        if areas:
            return areas
    return DEFAULT_AREAS


def _lines(text):
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _about_note(visit, *, start="the"):
    """The words for the note: "the note of the QA visit at Brookmead Primary School on 17 November 2026"."""
    what = "minutes" if visit.visit_type.is_meeting else "note"
    return f"{start} {what} of the {visit.visit_type.phrase} at {visit.school.name} on {long_date(visit.planned_date)}"


@transaction.atomic
def note_start(*, visit, user):
    """Start the note of a held visit, half written from the school's contribution; its attendees are the
    meeting's agenda's, else the visit type's usual ones."""
    if visit.status != Visit.Status.HELD:
        _fail("Mark the visit as held before writing the note")
    existing = VisitNote.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    contribution = Contribution.objects.filter(visit=visit).first()
    agenda = agenda_of(visit)
    note = VisitNote(visit=visit, drafted_by=user)
    note.attendees = _lines(agenda.attendees if agenda is not None else "") or _lines(
        visit.visit_type.default_attendees
    )
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
def note_update(
    *,
    note,
    user,
    aspect,
    going_well,
    next_steps,
    internal_comments,
    sections,
    attendees=None,
    responses=None,
    expected_version=None,
):
    """sections: {section_id: (evaluation, evidence)}; attendees: one per line (None: unchanged); responses, once
    the head has answered: {section_id: (the QA lead's response, NoteSection.ResponseOutcome or "")}, kept for the
    sections the head commented on. Changing a commented section's evaluation or evidence is how it is
    corrected. expected_version: the note's edit_version the form was opened at; a save from an older one is
    refused (EditConflict) and changes nothing."""
    what = "these minutes" if note.visit.visit_type.is_meeting else "this note"
    version_claim(note, expected_version=expected_version, what=what)
    note.refresh_from_db(fields=["status"])
    if note.status not in (VisitNote.Status.DRAFT, VisitNote.Status.RESPONDED):
        _fail("The note is with the headteacher or published; it cannot be changed now")
    responses = responses or {}
    for pk, (_response, outcome) in responses.items():
        if outcome not in ("", *NoteSection.ResponseOutcome.values):
            _fail("Choose Corrected or Not changed", f"outcome_{pk}")
    note.aspect, note.going_well, note.next_steps = aspect, going_well, next_steps
    note.internal_comments = internal_comments
    if attendees is not None:
        note.attendees = _lines(attendees)
    note.stamp(user)
    note.full_clean()
    note.save()
    answering = note.status == VisitNote.Status.RESPONDED
    for section in note.sections.all():
        fields = []
        if section.pk in sections:
            section.evaluation, section.evidence = sections[section.pk]
            fields += ["evaluation", "evidence"]
        if answering and section.head_comment and section.pk in responses:
            response, outcome = responses[section.pk]
            section.lead_response, section.response_outcome = response.strip(), outcome
            fields += ["lead_response", "response_outcome"]
        if fields:
            section.save(update_fields=fields)
    return note


def note_send_refusal(note):
    """Why the note cannot be sent for factual accuracy now ("" when it can)."""
    if note.status != VisitNote.Status.DRAFT:
        return "Only a draft note can be sent for factual accuracy"
    if not note.next_steps.strip():
        return "Write the next steps before sending the note"
    return ""


@transaction.atomic
def note_send_for_accuracy(*, note, user):
    """Send the note to the school's headteachers to check: each is told (a notification, and the email unless
    they turned it off)."""
    refusal = note_send_refusal(note)
    if refusal:
        _fail(refusal, "next_steps" if note.status == VisitNote.Status.DRAFT else None)
    note.status = VisitNote.Status.SENT
    note.sent_at, note.sent_by = timezone.now(), user
    note.stamp(user)
    note.full_clean()
    note.save()
    visit = note.visit
    _tell(
        recipients=school_contacts(visit.school, chair=False),
        actor=user,
        kind=NOTE_SENT,
        text=f"{_about_note(visit, start='The')} is ready for you to check for factual accuracy.",
        url=_path("visits:note", pk=visit.pk),
        key=note_sent_key(note),
        authority=visit.school.authority,
        email_template="visits/emails/note_for_accuracy",
        context={"visit": visit},
    )
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
    visit = note.visit
    about = _about_note(visit)
    answer = f"confirmed that {about} is accurate" if accurate else f"commented on {about}"
    _tell(
        recipients=[note.drafted_by, visit.qa_lead],
        actor=user,
        kind=NOTE_ANSWERED,
        text=f"{_name(user)} has {answer}.",
        url=_path("visits:note", pk=visit.pk),
        key=f"note-answered:{note.pk}:{_version(note)}",
        authority=visit.school.authority,
    )
    return note


def note_publish_refusals(note):
    """Why the note cannot be published now: [] when it can; else one message per thing to do (each head's comment
    still to answer names its section)."""
    if note.status != VisitNote.Status.RESPONDED:
        return ["The headteacher must check the note before it is published"]
    return [
        f"Answer the headteacher's comment on {section.title} before publishing: write your response and choose "
        "Corrected or Not changed"
        for section in note.sections.all()
        if section.head_comment and not (section.lead_response.strip() and section.response_outcome)
    ]


@transaction.atomic
def note_publish(*, note, user):
    refusals = note_publish_refusals(note)
    if refusals:
        raise ValidationError(refusals)
    note.status = VisitNote.Status.PUBLISHED
    note.published_at, note.published_by = timezone.now(), user
    note.stamp(user)
    note.full_clean()
    note.save()
    visit = note.visit
    email_after_commit(
        template="visits/emails/note_published",
        context={
            "visit": visit,
            "url": absolute_url("visits:note-pdf", authority=visit.school.authority, pk=visit.pk),
        },
        to=school_contact_emails(visit.school),
    )
    from .improvement import review_minutes_published  # a review body's minutes go to its senior officers too

    review_minutes_published(note=note, user=user)
    return note


# Undoing a step until the next one: a visit marked as held, a note sent for factual accuracy, a published note.


def visit_unmark_held_refusal(visit):
    """Why the visit cannot go back to planned or confirmed ("" when it can)."""
    if visit.status != Visit.Status.HELD:
        return "Only a visit marked as held can be put back"
    if VisitNote.objects.filter(visit=visit).exists():
        what = "minutes have" if visit.visit_type.is_meeting else "note of visit has"
        return f"The {what} been started, so the visit stays held"
    return ""


@transaction.atomic
def visit_unmark_held(*, visit, user):
    """Undo "Mark as held" while no note has been started: the visit is planned again, or confirmed if it was."""
    refusal = visit_unmark_held_refusal(visit)
    if refusal:
        _fail(refusal)
    visit.status = Visit.Status.CONFIRMED if visit.confirmed_at else Visit.Status.PLANNED
    visit.held_at = visit.held_by = None
    visit.stamp(user)
    visit.full_clean()
    visit.save()
    return visit


def note_recall_refusal(note):
    """Why the note cannot be withdrawn from the headteacher ("" when it can)."""
    if note.status == VisitNote.Status.SENT:
        return ""
    if note.status == VisitNote.Status.DRAFT:
        return "The note has not been sent to the headteacher"
    return "The headteacher has already answered, so the note can no longer be withdrawn"


@transaction.atomic
def note_recall(*, note, user):
    """Undo "Send for factual accuracy" while the head has not answered: the note is a draft again. The people the
    sending told (if it told anyone) are told it was withdrawn."""
    refusal = note_recall_refusal(note)
    if refusal:
        _fail(refusal)
    visit = note.visit
    sent_key, told = note_sent_key(note), note_sent_to(note)
    note.status = VisitNote.Status.DRAFT
    note.sent_at = note.sent_by = None
    note.stamp(user)
    note.full_clean()
    note.save()
    about = _about_note(visit)
    _tell(
        recipients=told,
        actor=user,
        kind=NOTE_WITHDRAWN,
        text=f"{_name(user)} has withdrawn {about}: you do not need to check it now. You will be told when it is "
        "sent again.",
        url=_path("visits:detail", pk=visit.pk),
        key=sent_key.replace("note-sent:", "note-withdrawn:", 1),
        authority=visit.school.authority,
    )
    return note


def later_held_visit(visit):
    """The school's first visit held after this one (the next step after publishing its note), or None."""
    return (
        Visit.objects.filter(school_id=visit.school_id, status=Visit.Status.HELD, planned_date__gt=visit.planned_date)
        .exclude(pk=visit.pk)
        .order_by("planned_date", "pk")
        .first()
    )


def note_unpublish_refusal(note):
    """Why the published note cannot be withdrawn ("" when it can)."""
    if note.status != VisitNote.Status.PUBLISHED:
        return "Only a published note can be withdrawn"
    later = later_held_visit(note.visit)
    if later is not None:
        return (
            f"A later visit to {note.visit.school.name} was held on {long_date(later.planned_date)}, so this note can "
            "no longer be withdrawn"
        )
    return ""


@transaction.atomic
def note_unpublish(*, note, user):
    """Undo "Publish" while no later visit to the school has been held: the note is back with the QA lead, checked
    by the headteacher; the people told of the publication (the head and the chair) are told it was withdrawn."""
    refusal = note_unpublish_refusal(note)
    if refusal:
        _fail(refusal)
    visit = note.visit
    published_at = note.published_at
    note.status = VisitNote.Status.RESPONDED
    note.published_at = note.published_by = None
    note.stamp(user)
    note.full_clean()
    note.save()
    _tell(
        recipients=school_contacts(visit.school),
        actor=user,
        kind=NOTE_UNPUBLISHED,
        text=f"{_name(user)} has withdrawn {_about_note(visit, start='the published')} to correct it. You will "
        "be sent the final version when it is published again.",
        url=_path("visits:detail", pk=visit.pk),
        key=f"note-unpublished:{note.pk}:{published_at.isoformat()}",
        authority=visit.school.authority,
    )
    return note


# --- reminders and digests (safe to run twice) ----------------------------------------------------------------


def _send_once(*, key, template, context, recipients):
    """Send an email unless one with this key was already sent. Returns True when sent now.

    Runs in a daily task, outside any transaction: the key's row is saved first, then the email goes; a failed send
    removes the row, so that the next run tries again."""
    message = email_message(template=template, context=context, to=recipients)
    if message is None:
        return False
    try:
        with transaction.atomic():
            sent = SentNotification.objects.create(key=key, recipient=message.to[0], subject=message.subject[:300])
    except IntegrityError:
        return False
    try:
        message.send()
    except Exception:
        sent.delete()
        raise
    return True


def _state(due, today, soon_days):
    if due < today:
        return "overdue"
    if (due - today).days <= soon_days:
        return "due"
    return None


def _reminder(kind, visit, due, state, recipients):
    return _send_once(
        key=f"{kind}:{visit.pk}:{due}:{state}",
        template=f"visits/emails/{kind}_reminder",
        context={"visit": visit, "due": due, "overdue": state == "overdue"},
        recipients=recipients,
    )


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
            sent += _reminder("agenda", visit, visit.agenda_due, state, [visit.qa_lead.email])
    for visit in open_meetings.filter(
        papers_due__lte=horizon, planned_date__gte=today, papers_received_on__isnull=True
    ):
        state = _state(visit.papers_due, today, soon_days)
        if state:
            sent += _reminder(
                "papers", visit, visit.papers_due, state, school_contact_emails(visit.school, chair=False)
            )
    held = Visit.objects.filter(
        visit_type__is_meeting=True, status=Visit.Status.HELD, minutes_due__lte=horizon
    ).select_related("school", "visit_type", "qa_lead")
    for visit in held.exclude(
        note__status__in=[VisitNote.Status.SENT, VisitNote.Status.RESPONDED, VisitNote.Status.PUBLISHED]
    ):
        state = _state(visit.minutes_due, today, soon_days)
        if state and visit.qa_lead:
            sent += _reminder("minutes", visit, visit.minutes_due, state, [visit.qa_lead.email])
    return sent


def send_weekly_digests(*, today=None):
    """One email per QA lead per ISO week: the week's visits and everything due or overdue, in every authority
    they lead visits in."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    lead_ids = set(
        Visit.objects.filter(
            qa_lead__isnull=False, status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED, Visit.Status.HELD]
        ).values_list("qa_lead_id", flat=True)
    )
    sent = 0
    for lead in User.objects.filter(pk__in=lead_ids, is_active=True):
        sent += _send_once(
            key=f"digest:{lead.pk}:{year}-W{week:02d}",
            template="visits/emails/weekly_digest",
            context={"lead": lead, "board": qa_lead_dashboard(lead, today=today)},
            recipients=[lead.email],
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


@dataclass
class CalendarChange:
    """What a change to the authority's calendar did to the open visits on days that are no longer school days:
    planned ones moved to a free school day of their term, the others (confirmed, or with no free day left) kept
    and their QA lead told."""

    moved: list = field(default_factory=list)  # (visit, its date before)
    flagged: list = field(default_factory=list)  # (visit, why its day is not a school day)

    def messages(self):
        texts = [
            f"{visit.visit_type.name} at {visit.school.name} moved from {long_date(before)} "
            f"to {long_date(visit.planned_date)}."
            for visit, before in self.moved
        ]
        for visit, problem in self.flagged:
            why = (
                "it is confirmed"
                if visit.status == Visit.Status.CONFIRMED
                else f"there is no free school day left in the {visit.get_term_display().lower()} term"
            )
            asked = (
                f"{_name(visit.qa_lead)} is asked to move or cancel it"
                if visit.qa_lead
                else "It has no QA lead: move or cancel it"
            )
            texts.append(
                f"{visit.visit_type.name} at {visit.school.name} kept its date, {long_date(visit.planned_date)} "
                f"({problem}): {why}. {asked}."
            )
        return texts


def _open_visits_of(authority, today):
    return (
        Visit.objects.filter(
            school__authority=authority,
            status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
            planned_date__gte=today,
        )
        .select_related("school__authority", "visit_type", "qa_lead")
        .order_by("planned_date", "pk")
    )


def _free_school_day(plan, visit, term):
    """The school day after today nearest the visit's date (the later of two as near: its deadlines do not come
    sooner), free for its school and QA lead (the planner's windows and busy dates), in the same half of its term,
    else anywhere in the term; None when there is none."""
    busy = plan.busy_for(visit.school)
    for window in (plan.window(term, cal.half_of(term, visit.planned_date)), plan.window(term, None)):
        free = [day for day in window if day not in busy]
        if free:
            return min(free, key=lambda day: (abs((day - visit.planned_date).days), -day.toordinal()))
    return None


def _replan_stranded(stranded, *, authority, start_year, user, today, reason):
    """Move each planned visit of `stranded` [(visit, why its day is not a school day)] to a free school day of its
    term, as a move (a plan change, its people told); flag the others to their QA lead."""
    change = CalendarChange()
    if not stranded:
        return change
    plan = _authority_plan(authority=authority, start_year=start_year, today=today, reason=reason, type_cache={})
    _load_busy_dates(plan, list({visit.school_id: visit.school for visit, _ in stranded}.values()))
    for visit, problem in stranded:
        term = plan.term_by_code.get(visit.term)
        day = _free_school_day(plan, visit, term) if visit.status == Visit.Status.PLANNED and term else None
        if day is not None:
            before = visit.planned_date
            plan.free(visit.school, before)
            plan.take(visit.school, day)
            visit_move(visit=visit, user=user, planned_date=day, reason=reason, today=today)
            change.moved.append((visit, before))
            continue
        state = "confirmed " if visit.status == Visit.Status.CONFIRMED else ""
        _tell(
            recipients=[visit.qa_lead],
            actor=user,
            kind=VISIT_STRANDED,
            text=f"The {state}{visit.visit_type.phrase} at {visit.school.name} is now on a day the school is closed "
            f"({problem}). Move it to a school day or cancel it.",
            url=_path("visits:detail", pk=visit.pk),
            key=f"visit-stranded:{visit.pk}:{visit.planned_date.isoformat()}",
            authority=authority,
        )
        change.flagged.append((visit, problem))
    return change


def _check_term_order(term, terms):
    """A term starts after the one before it ends and ends before the next one starts."""
    for other in terms:
        if other.code == term.code:
            continue
        if other.order < term.order and other.ends_on >= term.starts_on:
            _fail(
                f"The {term.get_code_display().lower()} term must start after the {other.get_code_display().lower()} "
                f"term ends ({long_date(other.ends_on)})",
                "starts_on",
            )
        if other.order > term.order and other.starts_on <= term.ends_on:
            _fail(
                f"The {term.get_code_display().lower()} term must end before the {other.get_code_display().lower()} "
                f"term starts ({long_date(other.starts_on)})",
                "ends_on",
            )


@transaction.atomic
def term_update(
    *, authority, start_year, code, user, starts_on, half_term_break_starts, half_term_break_ends, ends_on, today=None
):
    """Change one of the authority's terms (saving the year's default dates first if it has none of its own). Open
    visits of the term from today on that are no longer on one of its school days are re-planned (see
    `_replan_stranded`). Returns (term, CalendarChange)."""
    today = today or timezone.localdate()
    if not starts_on < half_term_break_starts <= half_term_break_ends < ends_on:
        _fail("The half-term break must fall inside the term, after its first day and before its last")
    try:
        terms = cal.terms_for(authority=authority, start_year=start_year)
        term = next(t for t in terms if t.code == code)
    except (ValueError, StopIteration):
        _fail("There is no such term to change")
    term.starts_on, term.ends_on = starts_on, ends_on
    term.half_term_break_starts, term.half_term_break_ends = half_term_break_starts, half_term_break_ends
    _check_term_order(term, terms)
    term.full_clean()
    term.save()
    closures = cal.closure_reasons_for(authority)
    stranded = []
    for visit in _open_visits_of(authority, today).filter(academic_year=start_year, term=code):
        problem = cal.school_day_problem(visit.planned_date, terms=[term], closures=closures)
        if problem:
            stranded.append((visit, problem))
    change = _replan_stranded(
        stranded, authority=authority, start_year=start_year, user=user, today=today, reason="Term dates changed"
    )
    return term, change


@transaction.atomic
def closure_day_add(*, authority, user, date, reason, today=None):
    """A day the authority's schools are closed. Open visits on it from today on are re-planned (see
    `_replan_stranded`). Returns (closure day, CalendarChange)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if ClosureDay.objects.filter(authority=authority, date=date).exists():
        _fail("That day is already a closure day", "date")
    day = ClosureDay(authority=authority, date=date, reason=reason)
    day.full_clean()
    day.save()
    problem = f"{long_date(date)} is a closure day: {reason}"
    stranded = [(visit, problem) for visit in _open_visits_of(authority, today).filter(planned_date=date)]
    start_year = cal.academic_year_for(date)
    change = _replan_stranded(
        stranded, authority=authority, start_year=start_year, user=user, today=today, reason=f"Closure day: {reason}"
    )
    return day, change


@transaction.atomic
def closure_day_delete(*, day, user):
    """The authority's schools are open on the day after all: visits can be planned or moved onto it again (visits
    moved off it keep their new dates)."""
    day.delete()
    return day
