"""The register in the service navigation, and "Our school" for heads and governors."""

from django.urls import reverse

from qa_portal.accounts import navigation
from qa_portal.accounts.roles import SCHOOL_ROLES


def our_schools(request):
    """A head's or governor's own school(s) in the authority the page is about."""
    schools = {}
    for assignment in request.user.role_assignments:
        if assignment.role in SCHOOL_ROLES and assignment.authority_id == request.authority.pk:
            schools.setdefault(assignment.school_id, assignment.school)
    label = "Our school" if len(schools) == 1 else None
    return [(label or school.name, reverse("schools:detail", args=[school.urn])) for school in schools.values()]


navigation.register_items(our_schools, order=10)
navigation.register("Schools", "schools:register", perm="schools.browse_schools", order=30)
