"""Sign-in lockout (django-axes): an account is locked for one address only, so nobody elsewhere can lock its
owner out, and the owner is told by email when it happens."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from qa_portal.emails import email_after_commit
from qa_portal.links import absolute_url

from .models import User, normalise_email


def axes_username(request, credentials=None):
    """The account an attempt is for, whatever the case it was typed in (settings.AXES_USERNAME_CALLABLE): typing
    it in capitals must not give a fresh count of tries."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalise_email(username) or None


def lockout_response(request, original_response=None, credentials=None):
    """The locked-out page (settings.AXES_LOCKOUT_CALLABLE): what happened and from when they can try again."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "try_again_at": timezone.localtime(attempt_time + settings.AXES_COOLOFF_TIME),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def tell_the_owner_of_a_lockout(sender, request, username, ip_address, **kwargs):
    """Connected to axes' user_locked_out. Axes sends it on the attempt that locks and on every attempt while
    locked; only the one that locks sends an email."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    user = User.objects.filter(email=normalise_email(username), is_active=True).first()
    if user is None:
        return
    email_after_commit(
        template="registration/emails/sign_in_locked",
        context={
            "user": user,
            "when": timezone.localtime(getattr(request, "axes_attempt_time", None) or timezone.now()),
            "ip_address": ip_address,
            "failures": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "reset_link": absolute_url("accounts:password-reset", authority=None),
        },
        to=[user.email],
    )
