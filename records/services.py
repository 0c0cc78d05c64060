"""Writes on personal data: subject-access exports, erasure (by an admin or when a retention period ends)."""

import io
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.models import Governor
from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.accounts.roles import Role
from qa_portal.notifications.models import Notification, NotificationPreference
from visits.models import CalendarToken

from .exports import subject_access_files
from .models import Erasure, SubjectAccessExport

ERASURE_REASON = "Erasure of personal data"


def erased_name(person_id):
    return f"Erased person {person_id}"


def subject_access_export_make(*, authority, person, user):
    """(export record, ZIP bytes) of everything held about `person` in `authority`; making it is recorded."""
    files = subject_access_files(person, authority)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    export = SubjectAccessExport(
        authority=authority, person=person, made_by=user, made_at=timezone.now(), files=list(files)
    )
    export._history_user = user
    export.save()
    return export, buffer.getvalue()


def _erase(person, *, by, authority, reason):
    """Anonymise the account and what is personal about it; the authority's records stay, naming the anonymised
    person."""
    name = erased_name(person.pk)
    for assignment in RoleAssignment.objects.filter(user=person):
        assignment._history_user = by
        assignment._change_reason = ERASURE_REASON
        assignment.delete()
    Notification.objects.filter(recipient=person).delete()
    NotificationPreference.objects.filter(user=person).delete()
    CalendarToken.objects.filter(user=person).delete()
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    for governor in Governor.objects.filter(user=person):
        governor.name = name
        governor._history_user = by
        governor._change_reason = ERASURE_REASON
        governor.save(update_fields=["name"])
    # Their own history rows keep what happened, not who they were.
    Governor.history.filter(user_id=person.pk).update(name=name)
    person.first_name, person.last_name = "Erased", f"person {person.pk}"
    person.email = f"erased-{person.pk}@erased.invalid"
    person.job_title = ""
    person.last_login = None
    person.is_active = False
    person.set_unusable_password()
    person.save()
    erasure = Erasure(
        authority=authority, person_id=person.pk, requested_by=by, requested_at=timezone.now(), reason=reason
    )
    erasure._history_user = by
    erasure.save()
    return erasure


@transaction.atomic
def person_erase(*, authority, person, user, reason):
    """An authority admin erases a person's personal data, where the law allows it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for erasing this person's personal data"})
    if person.pk == user.pk:
        raise ValidationError("You cannot erase your own personal data. Ask another authority admin to do it.")
    runs = user.authority_ids_for(Role.AUTHORITY_ADMIN)
    elsewhere = (
        RoleAssignment.objects.filter(user=person).exclude(authority_id__in=runs).select_related("authority").first()
    )
    if elsewhere is not None:
        raise ValidationError(
            f"{person} still holds a role in {elsewhere.authority.name}, which you do not run. "
            "An authority admin there must remove it first."
        )
    return _erase(person, by=user, authority=authority, reason=reason.strip())


def _anniversary(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


RETAINED_ROLES = {Role.GOVERNOR: "RETENTION_GOVERNOR_YEARS", Role.HEADTEACHER: "RETENTION_HEADTEACHER_YEARS"}


@transaction.atomic
def retention_apply(*, today: date | None = None):
    """Erase governors and headteachers whose last role ended their retention period ago (the longest period of
    the roles they held), and delete notifications older than RETENTION_NOTIFICATION_DAYS. Safe to run again:
    the erased hold no role and have their Erasure, so they are not found twice. Returns (erased, notifications
    deleted)."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=settings.RETENTION_NOTIFICATION_DAYS)
    notifications, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    erased = 0
    already = Erasure.objects.values("person_id")
    candidates = (
        User.objects.filter(roles__isnull=True, pk__in=RoleAssignment.history.values("user_id"))
        .exclude(pk__in=already)
        .order_by("pk")
    )
    for person in candidates:
        history = RoleAssignment.history.filter(user_id=person.pk)
        held = set(history.values_list("role", flat=True))
        if not held or held - set(RETAINED_ROLES):
            continue  # officers' records are kept under the authority's own policy, not here
        years = max(getattr(settings, RETAINED_ROLES[role]) for role in held)
        left_at = history.filter(history_type="-").aggregate(left=Max("history_date"))["left"]
        if left_at is None:
            continue
        left_on = timezone.localdate(left_at)
        if today < _anniversary(left_on, years):
            continue
        last = history.filter(history_type="-").order_by("-history_date", "-history_id").first()
        _erase(
            person,
            by=None,
            authority=last.authority,
            reason=f"Retention period: {years} years after their last role ended on {left_on:%-d %B %Y}",
        )
        erased += 1
    return erased, notifications
