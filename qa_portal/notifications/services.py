"""Writes of notifications: telling people (`notify`), reading, choosing how to be emailed and the weekly digest."""

import datetime
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from qa_portal.emails import email_after_commit
from qa_portal.links import absolute_url
from qa_portal.wording import in_sentence

from .kinds import Delivery, get_kind
from .models import Notification, NotificationPreference
from .selectors import deliveries_for_users

GENERIC_TEMPLATE = "notifications/emails/notification"
DIGEST_TEMPLATE = "notifications/emails/digest"


def _people(recipients):
    """Active people, each once, in a stable order (None and inactive accounts dropped)."""
    found = {}
    for person in recipients:
        if person is not None and person.is_active and person.pk is not None:
            found.setdefault(person.pk, person)
    return [found[pk] for pk in sorted(found)]


def notify(
    *,
    recipients,
    kind: str,
    text: str,
    url: str,
    key: str,
    authority=None,
    email_template: str | None = None,
    context: dict | None = None,
) -> int:
    """Tell each of `recipients` about one event: a notification in the service, and an email after commit for
    those who take this kind straight away (the others get it in the weekly digest, or not by email).

    `url` is a path in the product (stored as given; links get `authority`'s prefix when it has none); `key`
    names the event: a person is told about a key once, so calling again (a job that reruns) is a no-op for them.
    Returns the number of new notifications."""
    get_kind(kind)  # ValueError for a kind nobody registered
    text = " ".join(str(text).split())
    if not url or not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification links to a path in the service, like /schools/123/, not {url!r}")
    people = _people(recipients)
    if not people:
        return 0
    already = set(Notification.objects.filter(key=key, recipient__in=people).values_list("recipient_id", flat=True))
    people = [person for person in people if person.pk not in already]
    deliveries = deliveries_for_users(people, kind)
    now = timezone.now()
    pending = []
    for person in people:
        notification = Notification(
            recipient=person,
            kind=kind,
            text=text,
            url=url,
            key=key,
            authority=authority,
            delivery=deliveries[person.pk],
            created_at=now,
            emailed_at=now if deliveries[person.pk] == Delivery.IMMEDIATE else None,
        )
        notification.full_clean(validate_constraints=False)
        pending.append(notification)
    settings_url = absolute_url("notifications:settings", authority=authority)
    created = 0
    with transaction.atomic():
        for notification in pending:
            try:
                with transaction.atomic():  # a savepoint: someone else told this person first (a concurrent run)
                    notification.save()
            except IntegrityError:
                continue
            created += 1
            if notification.delivery == Delivery.IMMEDIATE:
                email_after_commit(
                    template=email_template or GENERIC_TEMPLATE,
                    context={
                        "notification": notification,
                        "url": notification.absolute_url,
                        "settings_url": settings_url,
                        **(context or {}),
                    },
                    to=[notification.recipient.email],
                )
    return created


def notification_mark_read(*, user, notification):
    """Mark one of the person's own notifications read (already read: unchanged)."""
    if notification.recipient_id != user.pk:
        raise ValidationError("You can only mark your own notifications as read")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user):
    """Mark every unread notification of the person read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_preferences_save(*, user, deliveries):
    """Save how the person wants each kind emailed: {kind code: delivery}. Validated before anything is written."""
    for code, delivery in deliveries.items():
        try:
            get_kind(code)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if delivery not in Delivery.values:
            raise ValidationError(f"Choose how to be told about {in_sentence(get_kind(code).label)}")
    with transaction.atomic():
        for code, delivery in deliveries.items():
            NotificationPreference.objects.update_or_create(user=user, kind=code, defaults={"delivery": delivery})
            if delivery == Delivery.OFF:
                # Waiting for the digest, now not wanted by email.
                Notification.objects.filter(
                    recipient=user, kind=code, delivery=Delivery.DIGEST, emailed_at__isnull=True
                ).update(delivery=Delivery.OFF)


def notification_digest_send(*, on_date: datetime.date | None = None) -> int:
    """The weekly digest: one email per person listing their notifications waiting for it (made on or before
    `on_date`, default today), each then marked emailed, so running it again sends nothing. Returns the number
    of emails."""
    on_date = on_date or timezone.localdate()
    due = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST,
            emailed_at__isnull=True,
            created_at__date__lte=on_date,
            recipient__is_active=True,
        )
        .order_by("recipient_id", "created_at", "pk")
        .values_list("recipient_id", "pk")
    )
    sent = 0
    for _recipient_id, rows in groupby(list(due), key=lambda row: row[0]):
        ids = [pk for _, pk in rows]
        with transaction.atomic():
            # Locked and read again: a digest running at the same time sends each notification once.
            notifications = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(pk__in=ids, emailed_at__isnull=True)
                .select_related("recipient", "authority")
                .order_by("created_at", "pk")
            )
            if not notifications:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
            person = notifications[0].recipient
            email_after_commit(
                template=DIGEST_TEMPLATE,
                context={
                    "person": person,
                    "notifications": notifications,
                    "on_date": on_date,
                    "list_url": absolute_url("notifications:list", authority=None),
                    "settings_url": absolute_url("notifications:settings", authority=None),
                },
                to=[person.email],
            )
            sent += 1
    return sent
