"""Authority-level permissions: the object is an Authority."""

import rules

from .roles import Role


@rules.predicate
def is_admin_of_authority(user, authority):
    return authority is not None and authority.pk in user.authority_ids_for(Role.AUTHORITY_ADMIN)


rules.add_perm("accounts.manage_people", is_admin_of_authority)
rules.add_perm("jobs.run_worker_check", is_admin_of_authority)
