"""Who may do what to a school (the object is the School) or to the register (the object is the Authority).
Views call them through qa_portal.permissions, via the selectors' get_*_for_user helpers."""

import rules

from qa_portal.accounts.roles import OFFICER_ROLES, Role
from qa_portal.accounts.rules import is_admin_of_authority, is_officer_of_authority, works_with_schools_in_authority


def _in_authority(user, school, *roles):
    return school is not None and school.authority_id in user.authority_ids_for(*roles)


@rules.predicate
def is_authority_officer(user, school):
    return _in_authority(user, school, *OFFICER_ROLES)


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


@rules.predicate
def is_chair(user, school):
    return school is not None and user.is_chair_of(school.pk)


rules.add_perm("schools.view_school_page", is_authority_officer | is_headteacher | is_governor)
rules.add_perm("schools.edit_school_contacts", is_assigned_qa_lead | is_authority_admin)
rules.add_perm("schools.assign_qa_lead", is_authority_admin)
# The register and the imports (object: the Authority). Everyone working in the authority may open the register
# (heads and governors find their own school in it); its officers browse every school.
rules.add_perm("schools.view_register", works_with_schools_in_authority)
rules.add_perm("schools.browse_schools", is_officer_of_authority)
rules.add_perm("schools.run_imports", is_admin_of_authority)
# Choosing schools in the register and giving them a QA lead (each school is then asked schools.assign_qa_lead).
rules.add_perm("schools.assign_qa_leads", is_admin_of_authority)
# The authority's brand (logo, colour, address, signatory, marking): its admins only (object: the Authority).
rules.add_perm("schools.change_brand", is_admin_of_authority)
# Whether its people may sign in with a password, or through single sign-on only: its admins only.
rules.add_perm("schools.change_sign_in", is_admin_of_authority)
