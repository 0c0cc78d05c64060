from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from qa_portal.emails import email_after_commit
from qa_portal.links import absolute_url

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
def person_invite(*, authority, email, first_name, last_name, role, school=None, is_chair=False):
    """Give a person a role in the authority, creating their account if new, and email them a link to set
    their password. The email goes only once the role is saved."""
    user = User.objects.filter(email__iexact=email.strip()).first()
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
