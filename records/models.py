"""What the records layer keeps itself: each erasure of a person and each subject-access export made."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Erasure(models.Model):
    """A person's personal data erased (by an admin, or by the retention task when `requested_by` is empty).

    `person_id` is kept as a number, not a foreign key: the account stays, anonymised, but the record must say
    which one it was whatever happens to it later."""

    authority = models.ForeignKey(
        "schools.Authority", on_delete=models.PROTECT, null=True, blank=True, related_name="erasures"
    )
    person_id = models.PositiveIntegerField("erased person's id")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    reason = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Erasure of person {self.person_id}"


class SubjectAccessExport(models.Model):
    """A subject-access export made for a person (the file itself is handed over, not kept)."""

    authority = models.ForeignKey("schools.Authority", on_delete=models.PROTECT, related_name="subject_access_exports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    files = models.JSONField(default=list, help_text="The names of the files in the export")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"Subject-access export for person {self.person_id}"
