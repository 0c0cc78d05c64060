from django.db import models


class Role(models.TextChoices):
    QA_LEAD = "qa_lead", "QA lead"
    DIRECTOR = "director", "Director"
    HEADTEACHER = "headteacher", "Headteacher"
    GOVERNOR = "governor", "Governor"
    AUTHORITY_ADMIN = "authority_admin", "Authority admin"
    # Oversees several authorities (a regional adviser, a trust across LAs, a shared service): each authority's
    # figures side by side and its dashboard, read-only; none of its schools' own pages.
    REGIONAL = "regional", "Regional overseer"


# The authority's own officers: they see every school of their authority, including internal work.
OFFICER_ROLES = (Role.QA_LEAD, Role.DIRECTOR, Role.AUTHORITY_ADMIN)
# Roles tied to one school; the officers' roles work across their authority.
SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.GOVERNOR})
AUTHORITY_ROLES = frozenset((*OFFICER_ROLES, Role.REGIONAL))

# The order in which a person holding several roles in an authority lands on a home page.
HOME_ORDER = (Role.DIRECTOR, Role.QA_LEAD, Role.AUTHORITY_ADMIN, Role.REGIONAL, Role.HEADTEACHER, Role.GOVERNOR)

HOME_SLUGS = {
    Role.QA_LEAD: "qa-lead",
    Role.DIRECTOR: "director",
    Role.HEADTEACHER: "headteacher",
    Role.GOVERNOR: "governor",
    Role.AUTHORITY_ADMIN: "admin",
    Role.REGIONAL: "regional",
}
ROLE_BY_HOME_SLUG = {slug: role for role, slug in HOME_SLUGS.items()}
