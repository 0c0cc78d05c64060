"""Who must give a second factor after their password, and what the set-up page shows (django-otp's devices:
an authenticator app, TOTP, and ten recovery codes that each work once)."""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
import rules
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

# Set at sign-in: the person has an authenticator, so they must give a code before any page (kept in the
# session, so that the many people who have none cost no query per request).
HAS_DEVICE_SESSION_KEY = "second_factor_has_device"
# Set by a single sign-on whose provider asserts more than one factor (qa_portal.accounts.sso_views).
SSO_MULTI_FACTOR_SESSION_KEY = "sso_multi_factor"


def second_factor_required(user):
    return rules.test_rule("accounts.second_factor_required", user)


def second_factor_due(request):
    """The signed-in person has not yet given the second factor they must give (or chose to)."""
    user = request.user
    # is_verified comes from django_otp's OTPMiddleware (a request made without it, in a unit test, is not asked).
    if not user.is_authenticated or not hasattr(user, "is_verified") or user.is_verified():
        return False
    # Signed in through a provider that says they gave more than one factor there (qa_portal.accounts.sso). Not
    # for the Django admin's users: they still give the service's own code.
    if request.session.get(SSO_MULTI_FACTOR_SESSION_KEY) and not (user.is_staff or user.is_superuser):
        return False
    return second_factor_required(user) or bool(request.session.get(HAS_DEVICE_SESSION_KEY))


@receiver(user_logged_in, dispatch_uid="second_factor_has_device")
def remember_whether_the_person_has_a_device(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_SESSION_KEY] = user_has_device(user)
        # A provider's word on the second factor counts for the sign-in it came with only (set after login()).
        request.session.pop(SSO_MULTI_FACTOR_SESSION_KEY, None)


def secret_key_text(device):
    """The key in the form authenticator apps ask for when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device):
    """The set-up link as an inline SVG (the Content Security Policy allows no image from elsewhere)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]  # no XML declaration: the SVG sits inside the page
    return re.sub(
        r'^<svg width="[^"]*" height="[^"]*"',
        '<svg width="200" height="200" role="img" aria-label="QR code to scan with your authenticator app"',
        svg,
    )
