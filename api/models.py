"""Personal API tokens: a person makes one for one authority they work in, names it, and revokes it. Only the
SHA-256 hash of the key is kept (the key is shown once, when it is made); its first characters are kept to tell
tokens apart in lists."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    class Lifetime(models.IntegerChoices):
        DAYS_30 = 30, "30 days"
        DAYS_90 = 90, "90 days"
        DAYS_180 = 180, "180 days"
        DAYS_365 = 365, "1 year"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    def is_active_at(self, when):
        return self.revoked_at is None and self.expires_at > when
