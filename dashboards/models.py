from django.conf import settings
from django.db import models


class TermlyReport(models.Model):
    """The dashboard for one term as a PDF for scrutiny (e.g. Barnsley's Challenge Board). Kept once made."""

    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="termly_reports")
    academic_year = models.PositiveSmallIntegerField(help_text="Start year: 2026 means 2026/27")
    term = models.CharField(max_length=8)
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    filters = models.JSONField(default=dict, blank=True)
    commentary = models.TextField(blank=True, help_text="The director's commentary, written before making it")
    pdf = models.FileField(upload_to="reports/termly/%Y/")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title
