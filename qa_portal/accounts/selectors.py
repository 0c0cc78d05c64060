from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.links import url_prefix

from .context import authorities_for_user
from .models import RoleAssignment, User
from .roles import Role


def authority_choices_for_user(user):
    """[{authority, roles there, url of its home}] for the authority switcher, by name (no query of its own)."""
    return [
        {
            "authority": authority,
            "roles": sorted({Role(a.role).label for a in user.role_assignments if a.authority_id == authority.pk}),
            "url": url_prefix(authority) + "/",
        }
        for authority in authorities_for_user(user)
    ]


def people_in_authority(authority):
    """Everyone with a role in the authority, each with their roles there and whether they have an authenticator
    (`has_second_factor`) (two queries)."""
    roles_here = RoleAssignment.objects.filter(authority=authority).select_related("school")
    return (
        User.objects.filter(roles__authority=authority)
        .distinct()
        .annotate(has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .prefetch_related(Prefetch("roles", queryset=roles_here, to_attr="roles_here"))
        .order_by("last_name", "first_name")
    )


def person_in_authority(authority, pk):
    """One person with a role in the authority; anyone else is 404."""
    return get_object_or_404(User.objects.filter(roles__authority=authority).distinct(), pk=pk)


def second_factor_status(user):
    """{has_device: an authenticator is set up, recovery_codes_left: how many unused recovery codes}."""
    return {
        "has_device": user_has_device(user),
        "recovery_codes_left": StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    }


def qa_leads_of_authority(authority):
    return User.objects.filter(roles__role=Role.QA_LEAD, roles__authority=authority).distinct()


def school_contact_emails(school, *, chair=True):
    """Email addresses of the school's headteacher(s) and, unless chair=False, its chair of governors
    (active accounts only, sorted)."""
    roles = [Role.HEADTEACHER, Role.GOVERNOR] if chair else [Role.HEADTEACHER]
    rows = RoleAssignment.objects.filter(school=school, role__in=roles, user__is_active=True).select_related("user")
    return sorted({row.user.email for row in rows if row.user.email and (row.role == Role.HEADTEACHER or row.is_chair)})
