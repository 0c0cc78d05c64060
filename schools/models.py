import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qa_portal.brand import validate_brand_colour


class Authority(models.Model):
    """A local authority (DfE LA code, e.g. 894) or an academy trust (GIAS group id)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        ACADEMY_TRUST = "trust", "Academy trust"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LOCAL_AUTHORITY)
    code = models.CharField(max_length=16, help_text="DfE LA code for a local authority, GIAS group id for a trust")

    # The brand (qa_portal.brand): the service header, the letterhead of every document and who signs letters.
    class Marking(models.TextChoices):
        NONE = "", "No marking"
        OFFICIAL = "OFFICIAL", "OFFICIAL"
        OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"

    logo = models.FileField(upload_to="brand/", blank=True, help_text="PNG or JPEG, shown in the header and letterhead")
    logo_content_type = models.CharField(max_length=32, blank=True, editable=False)
    brand_colour = models.CharField(
        max_length=7,
        default="#0b0c0c",
        validators=[validate_brand_colour],
        help_text="The header's colour, as a hex code; white text on it must reach a contrast of 4.5:1",
    )
    address = models.TextField(blank=True, help_text="The postal address on letters, one line per line")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True, help_text="Who signs the authority's letters")
    signatory_title = models.CharField(max_length=200, blank=True, help_text="Their job title, under their name")
    letter_footer = models.CharField(max_length=300, blank=True, help_text="At the foot of every page of a letter")
    protective_marking = models.CharField(
        max_length=20,
        choices=Marking.choices,
        default=Marking.OFFICIAL_SENSITIVE,
        blank=True,
        help_text="Printed at the top and foot of every page of its documents",
    )
    # Off: its people sign in through single sign-on only (qa_portal.accounts.sso; superusers keep their password).
    password_sign_in = models.BooleanField("Allow sign-in with a password", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_authority_code")]

    def __str__(self):
        return self.name

    @property
    def logo_url(self):
        """The address of the authority's logo (schools:brand-logo), versioned by the stored file so that a new
        logo is fetched at once while an unchanged one is cached; "" when it has none."""
        if not self.logo:
            return ""
        version = hashlib.sha256(self.logo.name.encode()).hexdigest()[:12]
        return f"{reverse('schools:brand-logo', kwargs={'authority_id': self.pk})}?v={version}"


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

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"
        CLOSED = "closed", "Closed"

    urn = models.PositiveIntegerField("URN", unique=True)
    laestab = models.CharField("LAESTAB", max_length=7, blank=True, help_text="LA code and establishment number")
    name = models.CharField(max_length=200)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="schools")
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.OPEN)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    trust_name = models.CharField(max_length=200, blank=True)
    trust_code = models.CharField(max_length=20, blank=True)
    diocese = models.CharField(max_length=100, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    number_on_roll = models.PositiveIntegerField(null=True, blank=True)
    percent_fsm = models.DecimalField("% FSM", max_digits=5, decimal_places=1, null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    head_name = models.CharField("headteacher", max_length=200, blank=True)
    head_job_title = models.CharField("headteacher's job title", max_length=100, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
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

    gias_last_changed = models.DateField("last changed in GIAS", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["authority", "name"]),
            models.Index(fields=["authority", "phase"]),
            models.Index(fields=["authority", "type_group"]),
        ]

    def __str__(self):
        return f"{self.name} ({self.urn})"

    @property
    def age_range(self):
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age} to {self.statutory_high_age}"


class HeadteacherEvent(models.Model):
    """A headteacher taking up post at a school (rules need "new headteacher since …")."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="headteacher_events")
    started_on = models.DateField(help_text="When the change was first recorded, or the known start date")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=100, blank=True)
    previous_name = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=32, default="gias", help_text="gias, manual, demo")

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "started_on", "name"], name="unique_headteacher_event"),
        ]

    def __str__(self):
        return f"{self.name} at {self.school.name} from {self.started_on:%-d %B %Y}"


class OfstedInspection(models.Model):
    """One Ofsted inspection outcome. History is kept, not only the latest."""

    class Grade(models.IntegerChoices):
        OUTSTANDING = 1, "Outstanding"
        GOOD = 2, "Good"
        REQUIRES_IMPROVEMENT = 3, "Requires improvement"
        INADEQUATE = 4, "Inadequate"

    class CategoryOfConcern(models.TextChoices):
        NONE = "", "None"
        SPECIAL_MEASURES = "SM", "Special measures"
        SERIOUS_WEAKNESSES = "SWK", "Serious weaknesses (requires significant improvement)"

    class Framework(models.TextChoices):
        GRADED = "graded", "Graded inspection (Education inspection framework)"
        UNGRADED = "ungraded", "Ungraded or monitoring inspection"
        REPORT_CARD = "report_card", "Report card inspection (from November 2025)"

    class ReportCardGrade(models.TextChoices):
        EXCEPTIONAL = "exceptional", "Exceptional"
        STRONG = "strong", "Strong standard"
        EXPECTED = "expected", "Expected standard"
        NEEDS_ATTENTION = "needs_attention", "Needs attention"
        URGENT_IMPROVEMENT = "urgent_improvement", "Urgent improvement"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inspections")
    inspection_number = models.CharField(max_length=20, unique=True)
    inspection_type = models.CharField(max_length=100, blank=True)
    framework = models.CharField(max_length=16, choices=Framework.choices, default=Framework.GRADED)
    start_date = models.DateField()
    publication_date = models.DateField(null=True, blank=True)
    overall_effectiveness = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    quality_of_education = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    behaviour_and_attitudes = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    personal_development = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    leadership_and_management = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    early_years = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    sixth_form = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    safeguarding_effective = models.BooleanField(null=True, blank=True)
    category_of_concern = models.CharField(max_length=3, choices=CategoryOfConcern.choices, blank=True, default="")
    # Report-card framework: evaluation area -> ReportCardGrade value, e.g. {"inclusion": "expected"}, and the date
    # each grade was given (a monitoring inspection can regrade one area): area -> ISO date.
    report_card_grades = models.JSONField(default=dict, blank=True)
    report_card_grade_dates = models.JSONField(default=dict, blank=True)
    # Ungraded inspections: Ofsted's outcome as written, e.g. "School remains Good".
    ungraded_outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["school", "-start_date"])]

    def __str__(self):
        return f"Inspection {self.inspection_number} of {self.school.name}"


class Indicator(models.Model):
    """An evidence indicator in the catalogue (e.g. persistent absence %), with how to read it."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        NUMBER = "number", "number"
        SCORE = "score", "score"
        RATE = "rate", "rate per 100 pupils"
        POUNDS = "pounds", "£"
        OUTCOME = "outcome", "outcome (1 = met, 0 = not met)"

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=16, choices=Unit.choices, default=Unit.PERCENT)
    evidence_area = models.CharField(
        max_length=64, help_text="Default evidence area key, e.g. behaviour_and_attitudes; frameworks may remap"
    )
    higher_is_better = models.BooleanField(default=True)
    national_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["evidence_area", "name"]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One school's value of an indicator for a period (academic year like 2024/25, or a term)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=16, help_text="e.g. 2024/25")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    national = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=32, default="import")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["school", "indicator", "period"], name="unique_indicator_value"),
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self):
        return f"{self.indicator.code} {self.period} = {self.value}"


class ImportUpload(models.Model):
    """A data file an authority admin uploaded for a background import (kept with the job that ran it)."""

    class Kind(models.TextChoices):
        GIAS = "gias", "Get Information About Schools establishments (GIAS)"
        OFSTED = "ofsted", "Ofsted inspection outcomes (management information)"
        INDICATORS = "indicators", "The authority's own indicators"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="import_uploads")
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    dry_run = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"
