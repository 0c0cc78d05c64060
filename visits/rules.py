"""Who may do what to a visit or a note (predicates take (user, visit) or (user, note)), and to the authority's
visit plan and calendar (the object is the Authority)."""

import rules

from qa_portal.accounts.roles import Role
from qa_portal.accounts.rules import is_admin_of_authority, is_officer_of_authority, is_qa_lead_of_authority
from schools.rules import is_assigned_qa_lead as _school_qa_lead
from schools.rules import is_authority_admin as _school_admin
from schools.rules import is_authority_officer as _school_officer
from schools.rules import is_director as _school_director
from schools.rules import is_governor as _school_governor
from schools.rules import is_headteacher as _school_head


@rules.predicate
def is_officer(user, visit):
    return visit is not None and _school_officer(user, visit.school)


@rules.predicate
def leads_visit(user, visit):
    if visit is None:
        return False
    in_authority = visit.school.authority_id in user.authority_ids_for(Role.QA_LEAD)
    return (in_authority and visit.qa_lead_id == user.pk) or _school_qa_lead(user, visit.school)


@rules.predicate
def is_admin(user, visit):
    return visit is not None and _school_admin(user, visit.school)


@rules.predicate
def is_head(user, visit):
    return visit is not None and _school_head(user, visit.school)


@rules.predicate
def is_school_governor(user, visit):
    return visit is not None and _school_governor(user, visit.school)


@rules.predicate
def is_chair(user, visit):
    return visit is not None and user.is_chair_of(visit.school_id)


@rules.predicate
def visit_open(user, visit):
    return visit is not None and visit.is_open


# Notes: predicates take the note.
@rules.predicate
def note_officer(user, note):
    return note is not None and is_officer(user, note.visit)


@rules.predicate
def note_lead(user, note):
    return note is not None and (leads_visit(user, note.visit) or is_admin(user, note.visit))


@rules.predicate
def note_head_can_see(user, note):
    return note is not None and note.status != "draft" and is_head(user, note.visit)


@rules.predicate
def note_chair_can_see(user, note):
    return note is not None and note.status == "published" and is_chair(user, note.visit)


@rules.predicate
def note_awaiting_head(user, note):
    return note is not None and note.status == "sent" and is_head(user, note.visit)


rules.add_perm("visits.view_visit", is_officer | is_head | is_school_governor)
rules.add_perm("visits.manage_visit", leads_visit | is_admin)
rules.add_perm("visits.contribute", is_head & visit_open)
rules.add_perm("visits.view_note", note_officer | note_head_can_see | note_chair_can_see)
# Internal comments are for the school's own authority's officers, never for the school (whatever other
# authority the reader is an officer of).
rules.add_perm("visits.view_internal_comments", note_officer)
rules.add_perm("visits.edit_note", note_lead)
rules.add_perm("visits.respond_note", note_awaiting_head)
# Adding a visit to a school's plan: its QA lead or the authority admin (the school is the object).
rules.add_perm("visits.add_visit", _school_qa_lead | _school_admin)
# The authority's visit plan and academic calendar (object: the Authority).
rules.add_perm("visits.view_plan", is_officer_of_authority)
rules.add_perm("visits.run_plan", is_qa_lead_of_authority | is_admin_of_authority)
rules.add_perm("visits.manage_calendar", is_admin_of_authority)
# Improvement plans and review bodies (object: the School). Read by the school's officers, head and governors
# (as the school page's other panels); the plan is the school's QA lead's to keep; the review body its QA lead's,
# a director's or the authority admin's to form.
rules.add_perm("visits.view_improvement", _school_officer | _school_head | _school_governor)
rules.add_perm("visits.manage_improvement_plan", _school_qa_lead)
rules.add_perm("visits.manage_review_body", _school_qa_lead | _school_director | _school_admin)
