from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import RoleAssignment, User


def user_create(*, email, first_name, last_name, password=None, job_title=""):
    user = User(email=email.strip().lower(), first_name=first_name, last_name=last_name, job_title=job_title)
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
def person_invite(*, authority, email, first_name, last_name, role, school=None, is_chair=False, base_url):
    """Give a person a role in the authority, creating their account if new, and email them a link to set
    their password. The email goes only once the role is saved."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    created = user is None
    if created:
        user = user_create(email=email, first_name=first_name, last_name=last_name)
    if RoleAssignment.objects.filter(user=user, role=role, authority=authority, school=school).exists():
        raise ValidationError("This person already has that role here.")
    assignment = role_assignment_create(user=user, role=role, authority=authority, school=school, is_chair=is_chair)
    transaction.on_commit(lambda: _send_invitation(user=user, assignment=assignment, base_url=base_url))
    return assignment


def _send_invitation(*, user, assignment, base_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    body = render_to_string(
        "registration/invitation_email.txt",
        {"user": user, "assignment": assignment, "link": link, "service_name": settings.SERVICE_NAME},
    )
    send_mail(f"You have been added to {settings.SERVICE_NAME}", body, None, [user.email])
