"""The role-aware navigation: each entry names the roles that see it."""

from django.urls import reverse

from .roles import HOME_ORDER, HOME_SLUGS, Role

# (label, url name, roles that see it)
_ENTRIES = (
    ("Dashboard", "dashboards:dashboard", {Role.DIRECTOR}),
    ("Schools", "schools:register", {Role.QA_LEAD, Role.DIRECTOR, Role.AUTHORITY_ADMIN}),
    ("Visit plan", "visits:plan", {Role.QA_LEAD, Role.DIRECTOR, Role.AUTHORITY_ADMIN}),
    ("Classification", "classification:decisions", {Role.QA_LEAD, Role.DIRECTOR}),
    ("Frameworks", "classification:frameworks", {Role.AUTHORITY_ADMIN}),
    ("People", "accounts:people", {Role.AUTHORITY_ADMIN}),
    ("Background jobs", "jobs:list", {Role.AUTHORITY_ADMIN}),
)


def nav_items_for(user, path):
    if not user.is_authenticated:
        return []
    roles = user.role_set
    items = []
    home_roles = [role for role in HOME_ORDER if role in roles]
    for role in home_roles:
        label = "Home" if len(home_roles) == 1 else f"{Role(role).label} home"
        url = reverse("home-for-role", kwargs={"role": HOME_SLUGS[role]})
        items.append({"label": label, "url": url, "active": path == url})
    for school in _own_schools(user):
        url = reverse("schools:detail", kwargs={"urn": school.urn})
        label = "Our school" if len(_own_schools(user)) == 1 else school.name
        items.append({"label": label, "url": url, "active": path.startswith(url)})
    for label, url_name, who in _ENTRIES:
        if roles & who:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": path.startswith(url)})
    return items


def _own_schools(user):
    schools = {}
    for assignment in user.role_assignments:
        if assignment.role in (Role.HEADTEACHER, Role.GOVERNOR):
            schools.setdefault(assignment.school_id, assignment.school)
    return list(schools.values())
