from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from qa_portal.permissions import require_perm
from schools.models import Authority

from .models import RoleAssignment, User
from .roles import Role


def authorities_for_user(user, *roles):
    return Authority.objects.filter(pk__in=user.authority_ids_for(*roles)).order_by("name")


def get_admin_authority_for_user(user, authority_id=None, perm="accounts.manage_people"):
    """The authority this person administers (the only one, or the one asked for).

    Someone who administers no authority is refused (403); an authority that is not theirs is not found (404).
    """
    authorities = authorities_for_user(user, Role.AUTHORITY_ADMIN)
    if not authorities.exists():
        raise PermissionDenied("Only authority admins can do this")
    authority = authorities.filter(pk=authority_id).first() if authority_id else authorities.first()
    if authority is None:
        raise Http404("No authority you administer")
    return require_perm(user, perm, authority)


def people_in_authority(authority):
    """Everyone with a role in the authority, each with their roles there (two queries)."""
    roles_here = RoleAssignment.objects.filter(authority=authority).select_related("school")
    return (
        User.objects.filter(roles__authority=authority)
        .distinct()
        .prefetch_related(Prefetch("roles", queryset=roles_here, to_attr="roles_here"))
        .order_by("last_name", "first_name")
    )


def school_contact_emails(school, *, chair=True):
    """Email addresses of the school's headteacher(s) and, unless chair=False, its chair of governors
    (active accounts only, sorted)."""
    roles = [Role.HEADTEACHER, Role.GOVERNOR] if chair else [Role.HEADTEACHER]
    rows = RoleAssignment.objects.filter(school=school, role__in=roles, user__is_active=True).select_related("user")
    return sorted({row.user.email for row in rows if row.user.email and (row.role == Role.HEADTEACHER or row.is_chair)})
