"""What governance puts on the role homes' "To do" lists (qa_portal.accounts.todos)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qa_portal.accounts import todos
from qa_portal.accounts.roles import Role
from qa_portal.dates import long_date
from qa_portal.links import urls_for
from visits.models import Visit

from .models import Conversation
from .selectors import band_prompts_due, checklists_to_review


def conversation_date(conversation):
    """When the board's checklist is needed: the planned conversation visit's date (it can move after the
    conversation was opened), else the date the conversation is due by."""
    visit = conversation.visit
    if visit is not None and visit.status != Visit.Status.CANCELLED:
        return visit.planned_date
    return conversation.due_by


def checklists_to_complete(user, authority):
    """The checklists the governor may complete (governance.edit_checklist: the chair, and governors the chair
    invited to help) that the board has not submitted yet, at their boards in `authority`. One query."""
    boards = user.school_ids_for(Role.GOVERNOR, authority_id=authority.pk)
    chairs = {school_id for school_id in boards if user.is_chair_of(school_id)}
    if not boards:
        return []
    return list(
        Conversation.objects.filter(school_id__in=boards, status=Conversation.Status.DRAFT)
        .filter(Q(school_id__in=chairs) | Q(helpers=user))
        .select_related("school", "visit")
        .distinct()
        .order_by("due_by", "school__name", "academic_year")
    )


@todos.register(Role.GOVERNOR, order=10)
def governor_checklists(user, authority, today):
    items = []
    for conversation in checklists_to_complete(user, authority):
        due = conversation_date(conversation)
        items.append(
            todos.Todo(
                group="Governance checklist to complete",
                text=f"Complete the governance checklist for {conversation.school.name}",
                url=reverse(
                    "governance:checklist",
                    kwargs={"urn": conversation.school.urn, "year": conversation.academic_year},
                ),
                due=due,
                overdue=due < today,
                state=f"Annual governance conversation {conversation.year_label}",
            )
        )
    return sorted(items, key=lambda item: item.due)


@todos.register(Role.QA_LEAD, order=40)
def qa_lead_checklists_submitted(user, authority, today):
    """Checklists the boards of the QA lead's schools submitted, until the conversation's record is agreed."""
    items = []
    for conversation in checklists_to_review(user, authority):
        items.append(
            todos.Todo(
                group="Checklists submitted",
                text=f"Review the governance checklist of {conversation.school.name} ({conversation.year_label})",
                url=reverse(
                    "governance:review", kwargs={"urn": conversation.school.urn, "year": conversation.academic_year}
                ),
                due=conversation.due_by,
                overdue=conversation.due_by < today,
                state=f"Submitted on {timezone.localdate(conversation.submitted_at):%-d %B %Y}"
                if conversation.submitted_at
                else "",
            )
        )
    return items


# --- A band's prompt after time in it without sufficient progress (Band.prompt, Band.prompt_after_terms) ---

BAND_PROMPTS = "Time in band without sufficient progress"


def _band_prompt_items(authority, today, qa_lead=None):
    with urls_for(authority):
        return [
            todos.Todo(
                group=BAND_PROMPTS,
                text=f"{row.school.name}: {band.prompt}",
                url=reverse("governance:escalation", kwargs={"urn": row.school.urn}),
                state=f"{band.label} since {long_date(since)} ({terms} terms); no sufficient progress at the last "
                "assessment",
            )
            for row, band, since, terms in band_prompts_due(authority, today, qa_lead=qa_lead)
        ]


@todos.register(Role.QA_LEAD, order=45)
def qa_lead_band_prompts(user, authority, today):
    """The QA lead's schools that have been in a band with a prompt for its number of terms without sufficient
    progress, and with no warning notice in force (e.g. Worcestershire: "the LA will consider whether it needs to
    issue a warning notice")."""
    return _band_prompt_items(authority, today, qa_lead=user)


@todos.register(Role.DIRECTOR, order=45)
def director_band_prompts(user, authority, today):
    """The same, for every school of the authority."""
    return _band_prompt_items(authority, today)
