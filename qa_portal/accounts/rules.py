"""Predicates over an authority (the object is the Authority a page is about, usually `request.authority`).

Each app's rules.py builds its own permissions from these and from its object predicates; views only ask
`user.has_perm(perm, obj)` or go through `qa_portal.permissions.require_perm`.
"""

import rules

from .roles import OFFICER_ROLES, Role


def holds_in_authority(*roles):
    """A predicate: the person holds one of `roles` in the authority."""

    @rules.predicate(name=f"holds_{'_or_'.join(roles)}_in_authority")
    def predicate(user, authority):
        return authority is not None and authority.pk in user.authority_ids_for(*roles)

    return predicate


is_officer_of_authority = holds_in_authority(*OFFICER_ROLES)
is_qa_lead_of_authority = holds_in_authority(Role.QA_LEAD)
is_director_of_authority = holds_in_authority(Role.DIRECTOR)
is_admin_of_authority = holds_in_authority(Role.AUTHORITY_ADMIN)
is_headteacher_in_authority = holds_in_authority(Role.HEADTEACHER)
is_governor_in_authority = holds_in_authority(Role.GOVERNOR)
is_regional_of_authority = holds_in_authority(Role.REGIONAL)
# Officers, heads and governors: those who work with the authority's schools (a regional overseer reads only its
# dashboards).
works_with_schools_in_authority = holds_in_authority(*OFFICER_ROLES, Role.HEADTEACHER, Role.GOVERNOR)

rules.add_perm("accounts.manage_people", is_admin_of_authority)
# Resetting someone's authenticator: asked of the authority, for a person the selectors found in it.
rules.add_perm("accounts.reset_second_factor", is_admin_of_authority)


@rules.predicate
def oversees_schools_anywhere(user):
    return bool(user.authority_ids_for(*OFFICER_ROLES, Role.REGIONAL))


# Who must give a code from an authenticator app after their password: the authorities' officers and regional
# overseers (they hold judgements about many schools) and the Django admin's users. Heads and governors may turn
# it on.
rules.add_rule("accounts.second_factor_required", rules.is_staff | rules.is_superuser | oversees_schools_anywhere)
rules.add_perm("jobs.view_jobs", is_admin_of_authority)
rules.add_perm("jobs.run_worker_check", is_admin_of_authority)
