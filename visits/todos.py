"""What visits puts on the role homes' "To do" lists (qa_portal.accounts.todos)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from qa_portal.accounts import todos
from qa_portal.accounts.roles import Role
from qa_portal.dates import long_date
from qa_portal.links import urls_for

from .models import Visit, VisitNote

# --- notes of visit and visits to mark as held ---------------------------------------------------------------

HELD_TODO_CAP = 50  # at most this many visits to mark as held (the newest), newest last


def _on(day):
    return f"{day.day} {day:%B %Y}"


def _note_of(visit):
    return "minutes" if visit.visit_type.is_meeting else "note"


def _notes(authority, status):
    return VisitNote.objects.filter(status=status, visit__school__authority=authority).select_related(
        "visit", "visit__school", "visit__visit_type"
    )


@todos.register(Role.QA_LEAD, order=10)
def notes_to_finalise(user, authority, today):
    """Notes of the visits the QA lead leads that the head has answered: respond to each comment and publish
    (one query)."""
    notes = (
        _notes(authority, VisitNote.Status.RESPONDED)
        .filter(visit__qa_lead=user)
        .annotate(comments=Count("sections", filter=~Q(sections__head_comment="")))
        .order_by("responded_at", "pk")
    )
    items = []
    with urls_for(authority):
        for note in notes:
            visit, checked_on = note.visit, timezone.localtime(note.responded_at).date()
            if note.comments:
                answer = f"{note.comments} comment{'s' if note.comments != 1 else ''} to answer"
            else:
                answer = "confirmed accurate"
            items.append(
                todos.Todo(
                    group="Notes of visit to finalise",
                    text=f"Finalise the {_note_of(visit)} of the {visit.visit_type.phrase} at {visit.school.name} "
                    f"on {_on(visit.planned_date)}",
                    url=reverse("visits:note", kwargs={"pk": visit.pk}),
                    state=f"Checked by the headteacher on {_on(checked_on)}: {answer}",
                )
            )
    return items


@todos.register(Role.QA_LEAD, order=20)
def visits_to_mark_as_held(user, authority, today):
    """Planned or confirmed visits the QA lead leads whose day has passed: mark them as held (or move or cancel
    them). The newest HELD_TODO_CAP, newest last (one query)."""
    visits = (
        Visit.objects.filter(
            qa_lead=user,
            school__authority=authority,
            status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
            planned_date__lt=today,
        )
        .select_related("school", "visit_type")
        .order_by("-planned_date", "-pk")[:HELD_TODO_CAP]
    )
    with urls_for(authority):
        return [
            todos.Todo(
                group="Visits to mark as held",
                text=f"Mark the {visit.visit_type.phrase} at {visit.school.name} on {_on(visit.planned_date)} as held",
                url=reverse("visits:detail", kwargs={"pk": visit.pk}),
                state=visit.get_status_display(),
            )
            for visit in reversed(list(visits))
        ]


@todos.register(Role.HEADTEACHER, order=10)
def notes_to_check(user, authority, today):
    """Notes of the head's schools sent for factual accuracy and not answered yet (one query)."""
    school_ids = user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
    notes = _notes(authority, VisitNote.Status.SENT).filter(visit__school_id__in=school_ids).order_by("sent_at", "pk")
    with urls_for(authority):
        return [
            todos.Todo(
                group="Notes of visit to check",
                text=f"Check the {_note_of(note.visit)} of the {note.visit.visit_type.phrase} at "
                f"{note.visit.school.name} on {_on(note.visit.planned_date)} for factual accuracy",
                url=reverse("visits:note", kwargs={"pk": note.visit.pk}),
                state=f"Sent on {_on(timezone.localtime(note.sent_at).date())}",
            )
            for note in notes
        ]


# --- the school's papers -------------------------------------------------------------------------------------

PAPERS_RECEIVED_DAYS = 28  # how far ahead the QA lead's "Papers received" looks


def _open_meetings(authority, today):
    return Visit.objects.filter(
        school__authority=authority,
        visit_type__is_meeting=True,
        status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
        planned_date__gte=today,
    ).select_related("school", "visit_type")


@todos.register(Role.HEADTEACHER, order=50)
def papers_to_send(user, authority, today):
    """Every upcoming meeting of the head's schools with a papers deadline: due, overdue once past it, and once
    sent "Sent on …" until the meeting, so the head sees the deadline was met (one query)."""
    school_ids = user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
    meetings = (
        _open_meetings(authority, today)
        .filter(school_id__in=school_ids, papers_due__isnull=False)
        .order_by("papers_due", "planned_date", "pk")
    )
    items = []
    with urls_for(authority):
        for visit in meetings:
            sent_on = visit.papers_received_on
            items.append(
                todos.Todo(
                    group="Papers to send",
                    text=f"Papers for the {visit.visit_type.phrase} at {visit.school.name} on "
                    f"{long_date(visit.planned_date)}",
                    url=reverse("visits:contribute", kwargs={"pk": visit.pk}),
                    due=visit.papers_due,
                    overdue=sent_on is None and visit.papers_due < today,
                    state=f"Sent on {long_date(sent_on)}"
                    if sent_on
                    else ("Short notice" if visit.short_notice else ""),
                )
            )
    return items


@todos.register(Role.QA_LEAD, order=50)
def papers_received(user, authority, today):
    """The meetings the QA lead leads in the next four weeks whose school has sent its papers (one query)."""
    meetings = (
        _open_meetings(authority, today)
        .filter(
            qa_lead=user,
            planned_date__lte=today + timedelta(days=PAPERS_RECEIVED_DAYS),
            papers_received_on__isnull=False,
        )
        .order_by("planned_date", "pk")
    )
    with urls_for(authority):
        return [
            todos.Todo(
                group="Papers received",
                text=f"Papers from {visit.school.name} for the {visit.visit_type.phrase} on "
                f"{long_date(visit.planned_date)}",
                url=reverse("visits:detail", kwargs={"pk": visit.pk}),
                state=f"Sent on {long_date(visit.papers_received_on)}",
            )
            for visit in meetings
        ]


# --- improvement plans and review bodies (visits.improvement) ------------------------------------------------


@todos.register(Role.QA_LEAD, order=60)
def improvement_work(user, authority, today):
    """For each school the QA lead leads whose band asks for them: record its plan, review it when a review is owed
    this term (or half term), form its review body (fixed queries)."""
    from .improvement_selectors import improvement_todos

    items = []
    with urls_for(authority):
        for kind, school, band, plan, status in improvement_todos(user, authority, today):
            if kind == "record":
                items.append(
                    todos.Todo(
                        group="Improvement plans",
                        text=f"Record the {band.improvement_plan} for {school.name}",
                        url=reverse("visits:plan-add", kwargs={"urn": school.urn}),
                    )
                )
            elif kind == "review":
                items.append(
                    todos.Todo(
                        group="Improvement plans",
                        text=f"Review the {plan.title} for {school.name} by {long_date(status.due)}",
                        url=reverse("visits:plan-review", kwargs={"pk": plan.pk}),
                        due=status.due,
                        overdue=status.overdue,
                        state=f"Agreed on {long_date(plan.agreed_on)}",
                    )
                )
            else:
                items.append(
                    todos.Todo(
                        group="Review bodies",
                        text=f"Form the {band.review_body} for {school.name}",
                        url=reverse("visits:body-add", kwargs={"urn": school.urn}),
                    )
                )
    return items
