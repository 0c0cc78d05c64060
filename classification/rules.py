"""Who may do what with frameworks, assessments and classifications.

Predicates take (user, obj) where obj is a School, an Assessment, a Classification, a ReviewRequest or a Framework.
"""

import rules

from qa_portal.accounts.roles import OFFICER_ROLES, Role
from qa_portal.accounts.rules import (
    is_admin_of_authority,
    is_director_of_authority,
    is_officer_of_authority,
    is_qa_lead_of_authority,
)
from schools.models import Authority


def _school(obj):
    if obj is None:
        return None
    return getattr(obj, "school", obj)


def _authority_id(obj):
    """The authority of a School, Assessment, Classification, Framework or of an Authority itself."""
    if obj is None:
        return None
    if isinstance(obj, Authority):
        return obj.pk
    if hasattr(obj, "authority_id") and not hasattr(obj, "school_id"):
        return obj.authority_id
    return _school(obj).authority_id


@rules.predicate
def is_officer(user, obj):
    return obj is not None and _authority_id(obj) in user.authority_ids_for(*OFFICER_ROLES)


@rules.predicate
def is_assigned_qa_lead(user, obj):
    school = _school(obj)
    return (
        school is not None
        and school.authority_id in user.authority_ids_for(Role.QA_LEAD)
        and school.qa_lead_id == user.pk
    )


@rules.predicate
def is_director(user, obj):
    return obj is not None and _authority_id(obj) in user.authority_ids_for(Role.DIRECTOR)


@rules.predicate
def is_authority_admin(user, obj):
    return obj is not None and _authority_id(obj) in user.authority_ids_for(Role.AUTHORITY_ADMIN)


@rules.predicate
def is_headteacher(user, obj):
    school = _school(obj)
    return school is not None and school.pk in user.school_ids_for(Role.HEADTEACHER)


@rules.predicate
def is_governor(user, obj):
    school = _school(obj)
    return school is not None and school.pk in user.school_ids_for(Role.GOVERNOR)


@rules.predicate
def is_not_proposer(user, classification):
    return classification is not None and classification.proposed_by_id != user.pk


@rules.predicate
def did_not_propose_reviewed(user, review):
    """The review of a classification is not decided by the officer who proposed it."""
    return review is not None and review.classification.proposed_by_id != user.pk


# Internal work: assessments, drafts, proposals, internal notes. Never heads or governors.
rules.add_perm("classification.view_internal", is_officer)
rules.add_perm("classification.assess_school", is_assigned_qa_lead)
rules.add_perm("classification.propose_band", is_assigned_qa_lead)
# "A QA lead cannot confirm their own proposal": a director who did not propose it.
rules.add_perm("classification.decide_classification", is_director & is_not_proposer)
rules.add_perm("classification.record_discussion", is_assigned_qa_lead | is_director)
rules.add_perm("classification.publish_classification", is_assigned_qa_lead | is_director)
# What the school sees: the published band and its reasons.
rules.add_perm("classification.view_published", is_officer | is_headteacher | is_governor)
rules.add_perm("classification.view_reasons", is_officer | is_headteacher | is_governor)
rules.add_perm("classification.request_discussion", is_headteacher)
rules.add_perm("classification.close_discussion", is_assigned_qa_lead | is_director)
# A review the school asks for (obj = School to ask; ReviewRequest to decide): decided by a director who may confirm
# classifications and did not propose the one under review.
rules.add_perm("classification.request_review", is_headteacher)
rules.add_perm("classification.decide_review", is_director & did_not_propose_reviewed)
# Frameworks (obj = Framework) and the annual letters (obj = Authority-owned framework).
rules.add_perm("classification.manage_framework", is_authority_admin)
rules.add_perm("classification.view_framework", is_officer)
rules.add_perm("classification.send_annual_letters", is_director | is_authority_admin)
# The authority's decisions and frameworks (object: the Authority).
rules.add_perm("classification.view_decisions", is_qa_lead_of_authority | is_director_of_authority)
rules.add_perm("classification.view_reviews", is_director_of_authority)
rules.add_perm("classification.view_frameworks", is_officer_of_authority)
rules.add_perm("classification.manage_frameworks", is_admin_of_authority)
# What the authority's letters say (its letter templates; object: the Authority): its admins only.
rules.add_perm("classification.manage_letter_templates", is_admin_of_authority)
