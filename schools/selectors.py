"""Reads of the register. Every query that serves a person starts from school_list_for_user."""

from django.db.models import Q
from django.http import Http404

from qa_portal.accounts.roles import Role
from qa_portal.permissions import require_perm

from .models import School


def school_list_for_user(user):
    """Schools this person may see: the whole authority for its officers, one school for heads and governors."""
    if not user.is_authenticated:
        return School.objects.none()
    authority_ids = user.authority_ids_for(Role.QA_LEAD, Role.DIRECTOR, Role.AUTHORITY_ADMIN)
    school_ids = user.school_ids_for(Role.HEADTEACHER, Role.GOVERNOR)
    if not authority_ids and not school_ids:
        return School.objects.none()
    return School.objects.filter(Q(authority_id__in=authority_ids) | Q(pk__in=school_ids)).select_related(
        "authority", "qa_lead"
    )


def get_school_for_user(user, urn, perm="schools.view_school_page"):
    """The school with this URN if the person may see it (else 404) and may take `perm` on it (else 403)."""
    school = school_list_for_user(user).filter(urn=urn).first()
    if school is None:
        raise Http404("No school with that URN in your schools")
    require_perm(user, perm, school)
    return school


def schools_led_by(user):
    return school_list_for_user(user).filter(qa_lead=user)
