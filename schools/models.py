from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Authority(models.Model):
    """A local authority (DfE LA code, e.g. 894) or an academy trust (GIAS group id)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        ACADEMY_TRUST = "trust", "Academy trust"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LOCAL_AUTHORITY)
    code = models.CharField(
        max_length=16, help_text="DfE LA code for a local authority, GIAS group id for a trust"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_authority_code")]

    def __str__(self):
        return self.name


class School(models.Model):
    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SIXTEEN_PLUS = "16_plus", "16 plus"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class TypeGroup(models.TextChoices):
        LA_MAINTAINED = "la_maintained", "Local authority maintained schools"
        ACADEMIES = "academies", "Academies"
        FREE_SCHOOLS = "free_schools", "Free Schools"
        SPECIAL = "special", "Special schools"
        OTHER = "other", "Other types"

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="schools")
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.PRIMARY)
    establishment_type = models.CharField(
        "type of establishment", max_length=100, blank=True, help_text="As GIAS names it"
    )
    type_group = models.CharField(max_length=16, choices=TypeGroup.choices, default=TypeGroup.LA_MAINTAINED)
    is_maintained = models.BooleanField(
        "authority has intervention powers",
        default=True,
        help_text="True for maintained schools; academies and free schools answer to their trust",
    )
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField("school office email", blank=True)
    website = models.URLField(blank=True)
    qa_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="QA lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_schools",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["authority", "name"])]

    def __str__(self):
        return f"{self.name} ({self.urn})"
