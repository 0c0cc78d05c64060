"""Reads of notifications. A person's notifications are theirs alone, in every authority they work in: another
person's notification is out of scope (404), whichever page asks."""

from django.http import Http404

from .kinds import kinds
from .models import Notification, NotificationPreference


def notification_list_for_user(user):
    """The person's notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("authority").order_by("-created_at", "-pk")


def get_notification_for_user(user, notification_id):
    notification = notification_list_for_user(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def unread_count_for_user(user):
    """How many of the person's notifications are unread (one COUNT query)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries_for_users(users, kind):
    """{user id: delivery} for each person, for `kind` (their choice, else the kind's default); one query."""
    default = kinds()[kind].default
    chosen = dict(
        NotificationPreference.objects.filter(user__in=list(users), kind=kind).values_list("user_id", "delivery")
    )
    return {user.pk: chosen.get(user.pk, default) for user in users}


def notification_settings_for_user(user):
    """[(Kind, delivery)] for every registered kind, as the person has chosen or by the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(kind, chosen.get(code, kind.default)) for code, kind in kinds().items()]
