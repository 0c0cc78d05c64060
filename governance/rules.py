"""Who may do what in governance. Predicates take (user, school) or (user, conversation)."""

import rules

from qa_portal.accounts.rules import is_director_of_authority, is_qa_lead_of_authority
from schools.rules import is_assigned_qa_lead, is_authority_admin, is_authority_officer, is_director, is_governor
from schools.rules import is_headteacher as is_head


def _school(obj):
    return getattr(obj, "school", obj)


@rules.predicate
def officer_of(user, obj):
    return is_authority_officer(user, _school(obj))


@rules.predicate
def manages(user, obj):
    school = _school(obj)
    return is_assigned_qa_lead(user, school) or is_director(user, school) or is_authority_admin(user, school)


@rules.predicate
def reviews(user, obj):
    school = _school(obj)
    return is_assigned_qa_lead(user, school) or is_director(user, school)


@rules.predicate
def governor_of(user, obj):
    return is_governor(user, _school(obj))


@rules.predicate
def head_of(user, obj):
    return is_head(user, _school(obj))


@rules.predicate
def chair_of(user, obj):
    return user.is_chair_of(_school(obj).pk)


@rules.predicate
def invited_helper(user, conversation):
    return is_governor(user, conversation.school) and conversation.helpers.filter(pk=user.pk).exists()


@rules.predicate
def checklist_open(user, conversation):
    return conversation.status == "draft"


# The authority's list of overdue conversations (object: the Authority).
rules.add_perm("governance.view_overdue", is_qa_lead_of_authority | is_director_of_authority)
# Boards: everyone at the school and the authority see it; QA lead, director and admin change it.
rules.add_perm("governance.view_board", officer_of | head_of | governor_of)
rules.add_perm("governance.manage_board", manages)
# The checklist and agreed record (object: Conversation).
rules.add_perm("governance.view_conversation", officer_of | head_of | governor_of)
rules.add_perm("governance.edit_checklist", checklist_open & (chair_of | invited_helper))
rules.add_perm("governance.invite_helpers", checklist_open & chair_of)
rules.add_perm("governance.review_conversation", reviews)
rules.add_perm("governance.open_conversation", manages)
# Escalation (object: School): officers see the ladder; the QA lead and director record steps.
rules.add_perm("governance.view_escalation", officer_of)
# Letters the authority addressed to the school itself (object: School).
rules.add_perm("governance.view_letters_to_school", officer_of | head_of)
rules.add_perm("governance.record_escalation", reviews)
