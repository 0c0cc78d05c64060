"""What classification puts on the role homes' "To do" lists (qa_portal.accounts.todos)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from qa_portal.accounts import todos
from qa_portal.accounts.roles import Role

from . import selectors, triggers

# --- proposals, discussions and reviews ----------------------------------------------------------------------

# How long a head sees the outcome of a discussion or review they asked for.
OUTCOME_DAYS = 60


def _on(moment):
    return f"{timezone.localdate(moment):%-d %B %Y}"


@todos.register(Role.DIRECTOR, order=10)
def director_decisions(user, authority, today):
    items = [
        todos.Todo(
            group="Proposals awaiting your confirmation",
            text=f"{row.school.name}: {row.band.label} proposed by {row.proposed_by} ({row.school.authority.name})",
            url=reverse("classification:decision", kwargs={"pk": row.pk}),
            state=f"Proposed on {_on(row.proposed_at)}",
        )
        for row in selectors.proposals_awaiting_decision(user, authority)[:50]
    ]
    items += [
        todos.Todo(
            group="Reviews to decide",
            text=f"Review of {review.school.name}'s classification ({review.classification.band.label})",
            url=reverse("classification:review", kwargs={"pk": review.pk}),
            due=review.due_on,
            overdue=review.due_on < today,
        )
        for review in selectors.reviews_to_decide(user, authority)
    ]
    return items


@todos.register(Role.QA_LEAD, order=10)
def qa_lead_requests(user, authority, today):
    items = [
        todos.Todo(
            group="Discussion requests to answer",
            text=f"{discussion.school.name}: {discussion.requested_by} asks to discuss the classification",
            url=reverse("classification:close-discussion", kwargs={"pk": discussion.pk}),
            state=f"Asked on {_on(discussion.created_at)}",
        )
        for discussion in selectors.discussions_to_answer(user, authority)
    ]
    items += [
        todos.Todo(
            group="Reviews: band to change",
            text=f"Reassess {review.school.name}: a review decided its band ({review.classification.band.label}) "
            "is to change",
            url=reverse("classification:review", kwargs={"pk": review.pk}),
            state=f"Decided on {_on(review.decided_at)}",
        )
        for review in selectors.reviews_to_reassess(user, authority)
    ]
    return items


@todos.register(Role.HEADTEACHER, order=10)
def head_outcomes(user, authority, today):
    since = timezone.now() - datetime.timedelta(days=OUTCOME_DAYS)
    discussions, reviews = selectors.outcomes_for_head(user, authority, since)
    group = "Outcome of your requests"
    items = [
        todos.Todo(
            group=group,
            text=f"Review of {review.school.name}'s classification: {review.get_outcome_display().lower()}",
            url=reverse("schools:detail", kwargs={"urn": review.school.urn}) + "#classification-reviews",
            state=f"{review.get_outcome_display()} on {_on(review.decided_at)}",
        )
        for review in reviews
    ]
    items += [
        todos.Todo(
            group=group,
            text=f"Discussion of {discussion.school.name}'s classification: see what was agreed",
            url=reverse("schools:detail", kwargs={"urn": discussion.school.urn}) + "#classification-discussions",
            state=f"Closed on {_on(discussion.updated_at)}",
        )
        for discussion in discussions
    ]
    return items


# --- reassessment triggers fired -----------------------------------------------------------------------------

REASSESS_GROUP = "Reassess: something changed"


def _trigger_item(trigger, state=""):
    return todos.Todo(
        group=REASSESS_GROUP,
        text=f"{trigger.school.name}: {trigger.summary}",
        url=reverse("classification:school", kwargs={"urn": trigger.school.urn}),
        state=state,
    )


@todos.register(Role.QA_LEAD, order=20)
def qa_lead_reassessment_triggers(user, authority, today):
    """Open reassessment triggers of the schools the QA lead leads (classification.triggers), newest first."""
    return [_trigger_item(trigger) for trigger in triggers.open_triggers_for_qa_lead(user, authority)]


@todos.register(Role.DIRECTOR, order=20)
def director_reassessment_triggers(user, authority, today):
    """Open reassessment triggers of schools with no QA lead: someone has to be given the school to reassess it."""
    return [
        _trigger_item(trigger, state="No QA lead: ask the authority admin to assign one")
        for trigger in triggers.open_triggers_without_qa_lead(authority)
    ]
