"""Each role's home in the authority the page is about, and the director's dashboard."""

from django.urls import reverse

from qa_portal.accounts import navigation
from qa_portal.accounts.roles import HOME_ORDER, HOME_SLUGS, Role

from .rules import HOME_PERMS


def role_homes(request):
    roles = [role for role in HOME_ORDER if request.user.has_perm(HOME_PERMS[role], request.authority)]
    return [
        ("Home" if len(roles) == 1 else f"{Role(role).label} home", reverse("home-for-role", args=[HOME_SLUGS[role]]))
        for role in roles
    ]


navigation.register_items(role_homes, order=0)
navigation.register("Dashboard", "dashboards:dashboard", perm="dashboards.view_dashboard", order=20)
