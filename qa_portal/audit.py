"""Who wrote a judgement or decision, and when. History itself is kept by django-simple-history."""

from django.conf import settings
from django.db import models


class AuditedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def stamp(self, user):
        """Record who is writing this row; call from services before full_clean()/save()."""
        if user is not None and getattr(user, "pk", None):
            if self.pk is None and self.created_by_id is None:
                self.created_by = user
            self.updated_by = user
