import rules

from qa_portal.accounts.roles import Role


@rules.predicate
def is_director_of_authority(user, authority):
    return authority is not None and authority.pk in user.authority_ids_for(Role.DIRECTOR)


rules.add_perm("dashboards.view_dashboard", is_director_of_authority)
rules.add_perm("dashboards.make_termly_report", is_director_of_authority)
