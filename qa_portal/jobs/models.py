from django.conf import settings
from django.db import models

from .registry import get_kind


class Job(models.Model):
    """A piece of background work a person started, with its progress and result, kept for the record."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    authority = models.ForeignKey(
        "schools.Authority", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Runs started (a worker that dies mid-run leaves one behind); the reaper retries a stalled job once.
    attempts = models.PositiveSmallIntegerField(default=0)
    # Written while the job runs; a running job silent for JOB_STALE_AFTER_SECONDS has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When the job was last handed to the broker; one still queued long after is sent again.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "kind", "-created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def title(self):
        try:
            return get_kind(self.kind).title
        except LookupError:
            return self.kind

    @property
    def is_finished(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self):
        if self.is_finished:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class OutboxMessage(models.Model):
    """Follow-up work a change queued, written in the change's transaction and sent once it commits: a Celery
    task, an email, or a call (`target`, a dotted path). What could not be sent then waits here and the sweep
    (`jobs.flush_outbox`, every minute) sends it again until it goes; sent messages are deleted."""

    class Kind(models.TextChoices):
        TASK = "task", "Task"
        EMAIL = "email", "Email"
        CALL = "call", "Call"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    target = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind} {self.target} #{self.pk} ({self.get_status_display()})"
