"""Governance sections of the school page and of the governor, director, QA lead and head home pages."""

from qa_portal.accounts import home_panels
from qa_portal.accounts.roles import Role
from schools import panels

from . import ladder
from .selectors import (
    board_for_school,
    board_summary,
    checklists_to_review,
    escalation_steps_of,
    governor_conversations_this_year,
    head_governance,
    latest_conversation_of,
    overdue_conversations_for_user,
    unopened_planned_conversations_for_user,
)


@panels.register(order=40)
def governance_panel(request, school):
    board = board_for_school(school)
    user = request.user
    can_view_escalation = user.has_perm("governance.view_escalation", school)
    steps = escalation_steps_of(school)
    may_see_school_letters = user.has_perm("governance.view_letters_to_school", school)
    return "governance/school_panel.html", {
        "school": school,
        "summary": board_summary(board) if board else None,
        "conversation": latest_conversation_of(school),
        "position": ladder.position_for(school, [s.step for s in steps]) if can_view_escalation else None,
        "can_view_escalation": can_view_escalation,
        "letters": [
            s for s in steps if s.letter and (can_view_escalation or (may_see_school_letters and s.letter_to_school))
        ],
    }


@home_panels.register(Role.GOVERNOR, order=10)
def governor_conversations(user, authority):
    schools = [a.school for a in user.role_assignments if a.role == Role.GOVERNOR and a.authority_id == authority.pk]
    return "governance/home_governor.html", {
        "rows": governor_conversations_this_year(user, authority),
        "schools": schools,
    }


@home_panels.register(Role.DIRECTOR, order=30)
def director_overdue(user, authority):
    return "governance/home_director.html", {
        "conversations": list(overdue_conversations_for_user(user, authority)[:20]),
        "unopened": list(unopened_planned_conversations_for_user(user, authority)[:20]),
    }


@home_panels.register(Role.QA_LEAD, order=40)
def qa_lead_checklists_to_review(user, authority):
    return "governance/home_qa_lead.html", {"conversations": checklists_to_review(user, authority)}


@home_panels.register(Role.HEADTEACHER, order=40)
def head_governance_panel(user, authority):
    return "governance/home_head.html", head_governance(user, authority)
