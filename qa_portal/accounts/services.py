import re

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.emails import email_after_commit
from qa_portal.links import absolute_url

from .models import RoleAssignment, SecondFactorReset, User, normalise_email

RECOVERY_CODE_COUNT = 10
WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now, or a recovery code."


def user_create(*, email, first_name, last_name, password=None, job_title=""):
    user = User(email=normalise_email(email), first_name=first_name, last_name=last_name, job_title=job_title)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def role_assignment_create(*, user, role, authority, school=None, is_chair=False):
    assignment = RoleAssignment(user=user, role=role, authority=authority, school=school, is_chair=is_chair)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def person_invite(*, authority, email, first_name, last_name, role, school=None, is_chair=False):
    """Give a person a role in the authority, creating their account if new, and email them a link to set
    their password. The email goes only once the role is saved."""
    user = User.objects.filter(email=normalise_email(email)).first()
    if user is None:
        user = user_create(email=email, first_name=first_name, last_name=last_name)
    if RoleAssignment.objects.filter(user=user, role=role, authority=authority, school=school).exists():
        raise ValidationError("This person already has that role here.")
    assignment = role_assignment_create(user=user, role=role, authority=authority, school=school, is_chair=is_chair)
    link = absolute_url(
        "accounts:password-reset-confirm",
        authority=None,
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    email_after_commit(
        template="registration/emails/invitation",
        context={"user": user, "assignment": assignment, "link": link},
        to=[user.email],
    )
    return assignment


def second_factor_enrolment_start(*, user):
    """The authenticator the person is setting up: unconfirmed until they give its first code. The same one on
    every visit of the set-up page, so the key they typed stays right."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def _throttled_message(device):
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    seconds = max(1, round((details["locked_until"] - timezone.now()).total_seconds()))
    return f"You entered a wrong code too many times. Wait {seconds} seconds and try again."


@transaction.atomic
def second_factor_enrol(*, user, token):
    """Confirm the person's new authenticator with its first code and give them fresh recovery codes, which are
    returned (to show once; only the person's copy remains readable). Returns (device, codes)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise ValidationError("Start again: open the set-up page to get a new key.")
    if message := _throttled_message(device):
        raise ValidationError(message)
    if not device.verify_token(_digits(token)):
        raise ValidationError("The code is not right. Enter the 6-digit code your authenticator app shows now.")
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return device, codes


def second_factor_verify(*, user, token):
    """The device that accepts `token` (a code from the authenticator app, or a recovery code, which then stops
    working), or ValidationError."""
    token = (token or "").strip()
    if not token:
        raise ValidationError("Enter the code from your authenticator app")
    token = _digits(token)
    # Six digits come from the app; anything else is tried as a recovery code (letters and digits 2-7).
    if re.fullmatch(r"\d{6}", token):
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices, token = StaticDevice.objects.devices_for_user(user, confirmed=True), token.lower()
    for device in devices:
        if message := _throttled_message(device):
            raise ValidationError(message)
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    raise ValidationError(WRONG_CODE)


def _digits(token):
    return re.sub(r"[\s-]", "", token or "")


@transaction.atomic
def second_factor_reset(*, user, reset_by, authority=None):
    """Take away the person's authenticator and recovery codes (they lost their phone): they set up a new one the
    next time they sign in. Recorded, and the person is told by email."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record = SecondFactorReset.objects.create(user=user, reset_by=reset_by, authority=authority)
    email_after_commit(
        template="registration/emails/second_factor_reset",
        context={"user": user, "reset": record, "link": absolute_url("accounts:sign-in", authority=None)},
        to=[user.email],
    )
    return record
