"""Classification frameworks as data, and the assessments and decisions made with them.

A framework (bands, evidence areas, criteria, rules, entitlements, deadlines) is data loaded from a preset in
classification/presets/*.toml and editable by an authority admin. Nothing in code depends on which framework runs.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from qa_portal.academic_year import year_label
from qa_portal.audit import AuditedModel
from qa_portal.concurrency import edit_version_column
from schools.models import OfstedInspection

from .reasons import Reason


class RunBy(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    TRUST = "trust", "Academy trust"


class Cadence(models.TextChoices):
    MONTH = "month", "every month"
    TERM = "term", "every term"
    YEAR = "year", "every year"


class Framework(AuditedModel):
    """One authority's written classification policy for an academic year, as data. Versions are kept.

    A version is drafted from the one in force ("Edit as a new version"), edited while it is a draft, then
    published from a date: it becomes current (`is_current`, the version in force) and the one before it is kept,
    superseded, for the decisions made under it. A version published from a later date waits, scheduled, until the
    daily job brings it into force on that date. Only a draft can be edited.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "In force"
        SUPERSEDED = "superseded", "Superseded"

    authority = models.ForeignKey("schools.Authority", on_delete=models.PROTECT, related_name="frameworks")
    slug = models.SlugField(max_length=64, help_text="The preset it came from, e.g. telford-wrekin-2024")
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    academic_year = models.PositiveIntegerField(help_text="Start year of the academic year: 2026 means 2026/27")
    is_current = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="The policy document the framework comes from")
    # Meeting deadlines (read by visits).
    agenda_days_before = models.PositiveIntegerField(null=True, blank=True)
    papers_days_before = models.PositiveIntegerField(null=True, blank=True)
    minutes_days_after = models.PositiveIntegerField(null=True, blank=True)
    minutes_working_days = models.BooleanField(default=True, help_text="True: working days; False: calendar days")
    annual_governance_conversation = models.BooleanField(default=False)
    # Decision rules.
    review_meeting_min_severity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Moving into or out of a band of this severity or higher needs a review meeting first, except when the "
            "school first enters the framework. Blank: no review meeting needed."
        ),
    )
    annual_letter_month = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Month in which every school is written to with its band (9 = September)"
    )
    # The review a school can ask for (the classification letter says how and by when).
    review_request_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days after publication within which a school may ask for a review. Blank: any time",
    )
    review_response_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days within which a requested review is decided"
    )
    # Papers the school sends before a meeting (read by visits):
    # [{"key": "self_evaluation", "title": "...", "bands": ["amber", "red"]}] ("bands" absent or empty: every band).
    meeting_papers = models.JSONField(default=list, blank=True)
    # Who runs the framework: a local authority (powers over its maintained schools, looking at academies) or an
    # academy trust over its own academies. The escalation ladder, powers and letters follow from it.
    run_by = models.CharField(max_length=16, choices=RunBy.choices, default=RunBy.LOCAL_AUTHORITY)
    # How often each school is reassessed (besides reassessment on a trigger): drives "assessments due".
    reassess_every = models.CharField(max_length=16, choices=Cadence.choices, default=Cadence.YEAR)
    # The separate judgement of a school's capacity to improve, when the policy makes one: comma-separated levels,
    # best first ("good,adequate,some,limited"). Blank: not judged.
    capacity_levels = models.CharField(max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="Hash of the preset file loaded")
    # Versions: drafted from `based_on`, published from `effective_from`.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The version drafted from"
    )
    effective_from = models.DateField(null=True, blank=True, help_text="The day the version comes (or came) into force")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    edit_version = edit_version_column()
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "slug", "version"], name="unique_framework_version"),
            models.UniqueConstraint(
                fields=["authority"], condition=models.Q(is_current=True), name="one_current_framework_per_authority"
            ),
            # One version on its way at a time: a draft, or one published from a later date.
            models.UniqueConstraint(
                fields=["authority"],
                condition=models.Q(status__in=["draft", "scheduled"]),
                name="one_pending_framework_per_authority",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["draft", "scheduled"], is_current=True),
                name="pending_framework_not_current",
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version}, {self.academic_year_label})"

    @property
    def academic_year_label(self):
        return year_label(self.academic_year)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def version_label(self):
        """ "Telford and Wrekin 2024 version 2": how a decision names the version it was made under."""
        return f"{self.name} version {self.version}"


class Band(AuditedModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    code = models.SlugField(max_length=32)
    label = models.CharField(max_length=100)
    colour = models.CharField(max_length=20, blank=True, help_text="GOV.UK tag modifier, e.g. green, yellow, red")
    severity = models.PositiveIntegerField(help_text="Higher means more support and challenge")
    definition = models.TextField(blank=True)
    support_offer = models.TextField(blank=True)
    maintained_only = models.BooleanField(default=False)
    is_academy_track = models.BooleanField(default=False)
    school_requirements = models.TextField(blank=True, help_text="What the policy asks of a school in this band")
    entry_requires = models.CharField(
        max_length=300, blank=True, help_text="What must have happened (with a date) before a school enters the band"
    )
    improvement_plan = models.CharField(
        max_length=200, blank=True, help_text="The plan a school in this band keeps, e.g. Raising Achievement Plan"
    )
    plan_review_every = models.CharField(
        max_length=16, blank=True, choices=[("term", "every term"), ("half_term", "every half term")]
    )
    review_body = models.CharField(
        max_length=200, blank=True, help_text="The body that reviews a school in this band, e.g. Review Team"
    )
    prompt = models.TextField(blank=True, help_text="What the QA lead is prompted to consider after a time in band")
    prompt_after_terms = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "severity"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_band_code"),
            models.UniqueConstraint(fields=["framework", "severity"], name="unique_band_severity"),
        ]

    def __str__(self):
        return self.label

    @property
    def tag_class(self):
        return f"govuk-tag--{self.colour}" if self.colour else ""


class Entitlement(AuditedModel):
    class Per(models.TextChoices):
        YEAR = "year", "a year"
        TERM = "term", "a term"
        HALF_TERM = "half_term", "a half term"

    band = models.ForeignKey(Band, on_delete=models.CASCADE, related_name="entitlements")
    visit_type = models.CharField(max_length=64, help_text="Visit type code, e.g. qa_visit")
    count = models.PositiveIntegerField()
    per = models.CharField(max_length=16, choices=Per.choices, default=Per.YEAR)
    is_minimum = models.BooleanField(default=False, help_text="'At least' this many")
    term = models.CharField(
        max_length=8,
        blank=True,
        choices=[("autumn", "Autumn"), ("spring", "Spring"), ("summer", "Summer")],
        help_text="For a yearly entitlement the policy ties to one term (e.g. an Autumn evaluation); blank = spread",
    )
    written_reports = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    # Which schools the entitlement is for, by kind (visits.school_kinds): blank = every school.
    only_kinds = models.CharField(max_length=200, blank=True)
    except_kinds = models.CharField(max_length=200, blank=True)
    # "trust": one visit for each trust's academies in the band, not one per academy.
    scope = models.CharField(
        max_length=8, choices=[("school", "each school"), ("trust", "each trust")], default="school"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["band", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """ "At least 2 QA visits a year", "1 monitoring and support meeting a term": the visit type's name from
        the catalogue, counted."""
        from .visit_types import entitlement_label

        return entitlement_label(
            count=self.count, visit_type=self.visit_type, per=self.get_per_display(), is_minimum=self.is_minimum
        )


class StandingAgendaItem(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standing_agenda_items")
    visit_type = models.CharField(max_length=64, blank=True, help_text="Visit type code; blank = every meeting")
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "visit_type", "order"]

    def __str__(self):
        return self.title

    @property
    def visit_type_name(self):
        """The meetings it is on: "Every meeting", or the catalogue's name of its visit type."""
        if not self.visit_type:
            return "Every meeting"
        from .visit_types import visit_type_name

        return visit_type_name(self.visit_type)


class EvidenceArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(max_length=64)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="unique_area_key")]

    def __str__(self):
        return self.label


class Criterion(models.Model):
    """One criterion of concern in an evidence area.

    kind=indicator: a breach of the threshold on a register indicator is a concern (automatically).
    kind=judgement: the QA lead records whether it is a concern.
    kind=fact: a named fact from a registered fact provider (e.g. warning_notice_active) being true is a concern.
    """

    class Kind(models.TextChoices):
        INDICATOR = "indicator", "Indicator threshold"
        JUDGEMENT = "judgement", "QA lead judgement"
        FACT = "fact", "Fact from another part of the system"

    class Comparator(models.TextChoices):
        LT = "lt", "below"
        LTE = "lte", "at or below"
        GT = "gt", "above"
        GTE = "gte", "at or above"

    class Basis(models.TextChoices):
        ABSOLUTE = "absolute", "the threshold itself"
        NATIONAL = "national", "national value plus the threshold"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    area = models.ForeignKey(EvidenceArea, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=64)
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.JUDGEMENT)
    indicator_code = models.SlugField(max_length=64, blank=True)
    comparator = models.CharField(max_length=4, choices=Comparator.choices, blank=True)
    threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    basis = models.CharField(max_length=16, choices=Basis.choices, default=Basis.ABSOLUTE)
    phases = models.CharField(max_length=200, blank=True, help_text="Comma-separated school phases; blank = all")
    fact_key = models.CharField(max_length=64, blank=True)
    quote = models.TextField(blank=True, help_text="The policy text this criterion comes from")
    order = models.PositiveIntegerField(default=0)
    # A graded criterion is graded 1 (best) to 4; a grade of `concern_grade` or worse is a concern. An indicator
    # criterion can be graded by its value: `grade_limits` "0,10,25" (see docs/frameworks.md).
    graded = models.BooleanField(default=False)
    concern_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    grade_limits = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["framework", "area__order", "order"]
        verbose_name_plural = "criteria"
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_criterion_code")]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind == self.Kind.INDICATOR and (
            not self.indicator_code or not self.comparator or self.threshold is None
        ):
            raise ValidationError("An indicator criterion needs an indicator, a comparator and a threshold")
        if self.kind == self.Kind.FACT and not self.fact_key:
            raise ValidationError("A fact criterion needs a fact key")

    def applies_to_phase(self, phase):
        if not self.phases:
            return True
        return phase in {p.strip() for p in self.phases.split(",")}


class Rule(models.Model):
    """A rule turning evidence into a suggested band. The suggestion is the most severe band any rule gives.

    concerns: at least min_areas areas of concern AND at least min_criteria criteria of concern (counted in
              `areas` only, when given) AND at least min_focus_criteria concerns in `focus_area` -> band
              ("not normally placed on one criterion alone" = min_criteria 2 on that band's rule).
    ofsted_category: the school's current category of concern (set by its latest graded or report-card inspection,
                     kept through monitoring inspections) is in `ofsted_categories` -> band.
    ofsted_grade: the latest graded or report-card inspection is graded, overall effectiveness at or worse than
                  `grade` -> band.
    ofsted_judgement: the latest graded or report-card inspection is graded and one of the judgements in
                      `ofsted_areas` (e.g. leadership_and_management) is at or worse than `grade` -> band; it reads
                      inspections from September 2024, which have no overall grade.
    report_card: the latest graded or report-card inspection is a report card and an area in `ofsted_areas` (blank =
                 any) is graded `report_card_grade` or below -> band.
    safeguarding: the latest graded or report-card inspection found safeguarding not met (not effective) -> band.
    new_headteacher: a headteacher started within `months` months -> at least band.
    time_in_band: published in `from_band` for at least `months` months and the assessment records insufficient
                  progress -> band (or the next band by severity when band is blank).
    fact: the fact `fact_key` is true -> band.
    default: the band when no other rule fires.
    """

    class Kind(models.TextChoices):
        CONCERNS = "concerns", "Number of concerns"
        OFSTED_CATEGORY = "ofsted_category", "Ofsted category of concern"
        OFSTED_GRADE = "ofsted_grade", "Ofsted overall effectiveness"
        OFSTED_JUDGEMENT = "ofsted_judgement", "Ofsted graded judgement"
        REPORT_CARD = "report_card", "Ofsted report card area"
        SAFEGUARDING = "safeguarding", "Ofsted safeguarding not met"
        NEW_HEADTEACHER = "new_headteacher", "New headteacher"
        TIME_IN_BAND = "time_in_band", "Time in band without sufficient progress"
        FACT = "fact", "Fact"
        GRADES = "grades", "Criterion grades"
        DEFAULT = "default", "Default band"

    class AppliesTo(models.TextChoices):
        ALL = "all", "All schools"
        MAINTAINED = "maintained", "Maintained schools"
        ACADEMIES = "academies", "Academies"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(max_length=64)
    label = models.CharField(max_length=300, help_text="Named in the explanation when the rule fires")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    band = models.ForeignKey(Band, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    from_band = models.ForeignKey(Band, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    min_areas = models.PositiveIntegerField(default=0)
    min_criteria = models.PositiveIntegerField(default=0)
    areas = models.CharField(
        max_length=300, blank=True, help_text="Comma-separated area keys counted by a concerns rule; blank = all"
    )
    focus_area = models.SlugField(max_length=64, blank=True, help_text="Also needs concerns in this area")
    min_focus_criteria = models.PositiveIntegerField(default=0)
    months = models.PositiveIntegerField(null=True, blank=True)
    ofsted_categories = models.CharField(max_length=20, blank=True, help_text="Comma-separated, e.g. SM,SWK")
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    ofsted_areas = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated: graded judgements (ofsted_judgement) or report-card areas (report_card)",
    )
    report_card_grade = models.CharField(
        max_length=20, blank=True, choices=OfstedInspection.ReportCardGrade.choices, help_text="This grade or below"
    )
    fact_key = models.CharField(max_length=64, blank=True)
    applies_to = models.CharField(max_length=16, choices=AppliesTo.choices, default=AppliesTo.ALL)
    quote = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    # The rule fires only when the assessment's capacity to improve is one of these (blank: whatever it is).
    capacity = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_rule_code")]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind != self.Kind.TIME_IN_BAND and self.band_id is None:
            raise ValidationError("Choose the band this rule gives")
        if self.kind == self.Kind.TIME_IN_BAND and (self.from_band_id is None or not self.months):
            raise ValidationError("A time-in-band rule needs the band and the number of months")
        if self.kind == self.Kind.NEW_HEADTEACHER and not self.months:
            raise ValidationError("A new-headteacher rule needs the number of months")
        if self.kind == self.Kind.OFSTED_CATEGORY and not self.ofsted_categories:
            raise ValidationError("An Ofsted rule needs the categories of concern")
        if self.kind == self.Kind.OFSTED_JUDGEMENT and (not self.ofsted_areas or not self.grade):
            raise ValidationError("An Ofsted judgement rule needs the judgements and the grade")
        if self.kind == self.Kind.REPORT_CARD and not self.report_card_grade:
            raise ValidationError("A report card rule needs the grade")
        if self.kind == self.Kind.FACT and not self.fact_key:
            raise ValidationError("A fact rule needs a fact key")


# ---------------------------------------------------------------------------------------------------------------
# Assessments and decisions
# ---------------------------------------------------------------------------------------------------------------


class Assessment(AuditedModel):
    """A QA lead's assessment of one school against its framework, with the engine's suggestion. Kept forever."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Complete"

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    assessed_on = models.DateField()
    sufficient_progress = models.BooleanField(
        null=True, blank=True, help_text="Has the school made sufficient progress since its last classification?"
    )
    internal_notes = models.TextField(blank=True, help_text="Never shown to the school")
    capacity = models.CharField(
        max_length=64, blank=True, help_text="Capacity to improve, one of the framework's levels"
    )
    suggested_band = models.ForeignKey(Band, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    explanation = models.JSONField(default=list, blank=True, help_text="Readable reasons, one per rule that fired")
    evidence_snapshot = models.JSONField(default=dict, blank=True, help_text="Indicator values and facts used")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["school", "-assessed_on"])]

    def __str__(self):
        return f"Assessment of {self.school.name} on {self.assessed_on:%-d %B %Y}"

    def reasons(self) -> list[Reason]:
        """The engine's reasons for the suggestion, read from `explanation`."""
        return [Reason.from_json(row) for row in self.explanation]


class AreaJudgement(AuditedModel):
    class Judgement(models.TextChoices):
        NOT_RECORDED = "", "Not recorded"
        STRENGTH = "strength", "Strength"
        NO_CONCERN = "no_concern", "No concern"
        CONCERN = "concern", "Concern"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="area_judgements")
    area = models.ForeignKey(EvidenceArea, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=16, choices=Judgement.choices, blank=True, default="")
    evidence = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "area"], name="unique_area_judgement")]


class CriterionJudgement(AuditedModel):
    """The QA lead's call on a judgement criterion (or an override note on an indicator criterion)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="criterion_judgements")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    is_concern = models.BooleanField(default=False)
    grade = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (best) to 4, on a graded criterion")
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_criterion_judgement"),
        ]


class Classification(AuditedModel):
    """A proposed band for a school and what happened to it: proposed → confirmed (or returned) → discussed →
    published. A new review makes a new row; nothing is overwritten."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting confirmation"
        RETURNED = "returned", "Returned to the QA lead"
        CONFIRMED = "confirmed", "Confirmed"
        DISCUSSED = "discussed", "Discussed with the headteacher"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="classifications")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="classifications")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="classifications")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    suggested_band = models.ForeignKey(Band, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    band = models.ForeignKey(Band, on_delete=models.PROTECT, related_name="classifications")
    rationale = models.TextField()
    reasons = models.JSONField(default=list, blank=True, help_text="Reasons the school is told")
    concerns = models.TextField(blank=True, help_text="Academy track: concerns to raise with the trust")
    trust_conversation = models.TextField(blank=True, help_text="Academy track: the conversation with the trust")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    review_meeting_on = models.DateField(null=True, blank=True)
    entry_condition_on = models.DateField(
        null=True, blank=True, help_text="When the band's entry condition (Band.entry_requires) was met"
    )
    discussed_on = models.DateField(null=True, blank=True)
    discussion_note = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    band_since = models.DateField(null=True, blank=True, help_text="When the school entered this band")
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "-published_at"]),
            models.Index(fields=["status"]),
            # "The band on a date" (dashboard): the school's latest publication on or before it, read from the
            # index without visiting ten years of rows.
            models.Index(
                fields=["school", "-published_at", "-id", "band"],
                condition=models.Q(published_at__isnull=False),
                name="classif_band_on_date_idx",
            ),
        ]

    def __str__(self):
        return f"{self.band.label} for {self.school.name} ({self.get_status_display()})"

    @property
    def differs_from_suggestion(self):
        return self.suggested_band_id is not None and self.suggested_band_id != self.band_id


class Letter(models.Model):
    """A letter to the headteacher and chair: on publication of a band, or in the annual batch. Written once."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", "Classification letter"
        ANNUAL = "annual", "Annual letter"

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="classification_letters")
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    academic_year = models.PositiveIntegerField()
    band_label = models.CharField(max_length=100)
    reasons = models.JSONField(default=list)
    support_offer = models.TextField(blank=True)
    recipients = models.JSONField(default=list, help_text="Email addresses the letter was sent to")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification"],
                condition=models.Q(kind="publication"),
                name="one_publication_letter_per_classification",
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                condition=models.Q(kind="annual"),
                name="one_annual_letter_per_school_year",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.school.name}"


class DiscussionRequest(AuditedModel):
    """A headteacher asking to discuss the school's classification: a task for the QA lead."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="classification_discussions")
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="discussions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]


class ReviewRequest(AuditedModel):
    """A headteacher asking for a review of a published classification. It goes to an officer other than the
    one who proposed it (a director), who decides by `due_on`; the outcome is shown to the head and emailed."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting a decision"
        DECIDED = "decided", "Decided"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Band kept"
        CHANGED = "changed", "Band to change"

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="classification_reviews")
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT, related_name="reviews")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField("reasons for the decision", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"Review of {self.school.name}'s classification ({self.get_status_display()})"


class ReassessmentTrigger(models.Model):
    """Something that happened to a school that the framework makes a reason to reassess it (a category of concern
    from an Ofsted import, a new headteacher from GIAS): a to-do for its QA lead until a later assessment."""

    class Kind(models.TextChoices):
        OFSTED_CATEGORY = "ofsted_category", "Ofsted category of concern"
        OFSTED_INSPECTION = "ofsted_inspection", "New Ofsted inspection"
        NEW_HEADTEACHER = "new_headteacher", "New headteacher"

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="reassessment_triggers")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    happened_on = models.DateField()
    key = models.CharField(max_length=200, unique=True, help_text="What fired it, so that a rerun fires nothing new")
    fired_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolved_triggers"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(fields=["school"], condition=models.Q(resolved_at__isnull=True), name="trigger_open_idx")
        ]

    def __str__(self):
        return self.summary


class LetterTemplate(AuditedModel):
    """What an authority's letters of one kind say, in its own words: a subject and a body with placeholders
    ({school_name}, {band}… classification.letter_templates). An authority without one of a kind uses the
    default wording. The reasons, the support and the review paragraph are generated around the body."""

    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=16, choices=Letter.Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind"], name="one_letter_template_per_authority_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} template of {self.authority}"
