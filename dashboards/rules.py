"""What the dashboards layer shows to whom. The object is the authority the page is about."""

import rules

from qa_portal.accounts.roles import Role
from qa_portal.accounts.rules import (
    holds_in_authority,
    is_director_of_authority,
    is_regional_of_authority,
)

# A regional overseer reads an authority's dashboard (and its downloads) as its director does, and nothing more.
rules.add_perm("dashboards.view_dashboard", is_director_of_authority | is_regional_of_authority)
rules.add_perm("dashboards.make_termly_report", is_director_of_authority)

# Each role's home page in an authority: for those who hold that role there.
HOME_PERMS = {role: f"dashboards.view_{role.value}_home" for role in Role}
for _role, _perm in HOME_PERMS.items():
    rules.add_perm(_perm, holds_in_authority(_role))
# The regional overview and its downloads (object: the authority the page is in; the overview covers every
# authority the person oversees).
VIEW_REGIONAL = HOME_PERMS[Role.REGIONAL]
