"""Governance sections of the school page and of the governor and director home pages."""

from django.utils import timezone

from qa_portal.academic_year import academic_year_for
from qa_portal.accounts import home_panels
from qa_portal.accounts.roles import Role
from schools import panels

from . import ladder
from .models import Conversation, EscalationStep
from .selectors import (
    board_for_school,
    board_summary,
    overdue_conversations_for_user,
    unopened_planned_conversations_for_user,
)


@panels.register(order=40)
def governance_panel(request, school):
    board = board_for_school(school)
    user = request.user
    can_view_escalation = user.has_perm("governance.view_escalation", school)
    steps = list(EscalationStep.objects.filter(school=school).only("step", "letter", "letter_to_school", "taken_on"))
    is_head = school.pk in user.school_ids_for(Role.HEADTEACHER)
    return "governance/school_panel.html", {
        "school": school,
        "summary": board_summary(board) if board else None,
        "conversation": Conversation.objects.filter(school=school).order_by("-academic_year").first(),
        "position": ladder.position_for(school, [s.step for s in steps]) if can_view_escalation else None,
        "can_view_escalation": can_view_escalation,
        "letters": [s for s in steps if s.letter and (can_view_escalation or (is_head and s.letter_to_school))],
    }


@home_panels.register(Role.GOVERNOR, order=10)
def governor_conversations(user):
    school_ids = user.school_ids_for(Role.GOVERNOR)
    year = academic_year_for(timezone.localdate())
    conversations = list(
        Conversation.objects.filter(school_id__in=school_ids, academic_year=year)
        .select_related("school")
        .prefetch_related("helpers")
    )
    rows = [(c, user.has_perm("governance.edit_checklist", c)) for c in conversations]
    schools = [a.school for a in user.role_assignments if a.role == Role.GOVERNOR]
    return "governance/home_governor.html", {"rows": rows, "schools": schools}


@home_panels.register(Role.DIRECTOR, order=30)
def director_overdue(user):
    return "governance/home_director.html", {
        "conversations": list(overdue_conversations_for_user(user)[:20]),
        "unopened": list(unopened_planned_conversations_for_user(user)[:20]),
    }


@home_panels.register(Role.QA_LEAD, order=40)
def qa_lead_checklists_to_review(user):
    conversations = list(
        Conversation.objects.filter(school__qa_lead=user, status=Conversation.Status.SUBMITTED)
        .filter(school__authority_id__in=user.authority_ids_for(Role.QA_LEAD))
        .select_related("school")
        .order_by("due_by")
    )
    return "governance/home_qa_lead.html", {"conversations": conversations}


@home_panels.register(Role.HEADTEACHER, order=40)
def head_governance(user):
    school_ids = user.school_ids_for(Role.HEADTEACHER)
    conversations = list(
        Conversation.objects.filter(school_id__in=school_ids).select_related("school").order_by("-academic_year")[:3]
    )
    letters = list(
        EscalationStep.objects.filter(school_id__in=school_ids, letter_to_school=True)
        .exclude(letter="")
        .select_related("school")
    )
    return "governance/home_head.html", {"conversations": conversations, "letters": letters}
