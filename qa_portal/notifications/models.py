from django.conf import settings
from django.db import models
from django.utils import timezone

from qa_portal.accounts.context import PREFIX
from qa_portal.links import url_prefix

from .kinds import Delivery


class Notification(models.Model):
    """Something a person is told: one line of text linking to the thing it is about.

    `key` names the event (`classification-confirmed:42`); a person has at most one notification per key, so
    a job that runs again tells nobody twice. `delivery` is how it was to be emailed when it was made, and
    `emailed_at` when its email (straight away or in a digest) was sent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    text = models.CharField(max_length=500)
    url = models.CharField("link", max_length=500)
    key = models.CharField(max_length=200)
    authority = models.ForeignKey(
        "schools.Authority", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_person")]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_digest_due"),
        ]

    def __str__(self):
        return f"{self.text} (to {self.recipient_id})"

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def link(self):
        """The path to open: `url` with its authority's prefix when it has an authority and no prefix yet, so the
        link opens in the right authority from any page (the list spans a person's authorities)."""
        if self.authority_id is None or PREFIX.match(self.url):
            return self.url
        return url_prefix(self.authority) + self.url

    @property
    def absolute_url(self):
        """The full link, for emails."""
        return settings.SITE_URL.rstrip("/") + self.link


class NotificationPreference(models.Model):
    """How a person wants one kind of notification emailed; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=64)
    delivery = models.CharField(max_length=16, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self):
        return f"{self.user_id}: {self.kind} = {self.delivery}"
