"""Who may do what to a school. Predicates take the user and the school; views call them through
qa_portal.permissions.require_perm via the selectors' get_*_for_user helpers."""

import rules

from qa_portal.accounts.roles import Role


def _in_authority(user, school, *roles):
    return school is not None and school.authority_id in user.authority_ids_for(*roles)


@rules.predicate
def is_authority_officer(user, school):
    return _in_authority(user, school, Role.QA_LEAD, Role.DIRECTOR, Role.AUTHORITY_ADMIN)


@rules.predicate
def is_assigned_qa_lead(user, school):
    return _in_authority(user, school, Role.QA_LEAD) and school.qa_lead_id == user.pk


@rules.predicate
def is_director(user, school):
    return _in_authority(user, school, Role.DIRECTOR)


@rules.predicate
def is_authority_admin(user, school):
    return _in_authority(user, school, Role.AUTHORITY_ADMIN)


@rules.predicate
def is_headteacher(user, school):
    return school is not None and school.pk in user.school_ids_for(Role.HEADTEACHER)


@rules.predicate
def is_governor(user, school):
    return school is not None and school.pk in user.school_ids_for(Role.GOVERNOR)


rules.add_perm("schools.view_school_page", is_authority_officer | is_headteacher | is_governor)
rules.add_perm("schools.edit_school_contacts", is_assigned_qa_lead | is_authority_admin)
rules.add_perm("schools.assign_qa_lead", is_authority_admin)


@rules.predicate
def is_admin_of_authority(user, authority):
    """For authority-level actions: the object is an Authority."""
    return authority is not None and authority.pk in user.authority_ids_for(Role.AUTHORITY_ADMIN)


rules.add_perm("schools.run_imports", is_admin_of_authority)
