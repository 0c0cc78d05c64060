"""Governing boards, governors, the annual governance conversation and the escalation ladder."""

import calendar
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qa_portal.academic_year import year_label
from qa_portal.audit import AuditedModel
from qa_portal.concurrency import edit_version_column


def add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# The visit type the planner uses for the annual governance conversation (visits.visit_types).
CONVERSATION_VISIT_TYPE = "annual_governance_conversation"


class Board(AuditedModel):
    """The governing board of a maintained school, or an academy's local governing body."""

    class Kind(models.TextChoices):
        GOVERNING_BOARD = "governing_board", "Governing board"
        LOCAL_GOVERNING_BODY = "local_governing_body", "Local governing body"

    school = models.OneToOneField("schools.School", on_delete=models.CASCADE, related_name="board")
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.GOVERNING_BOARD)
    size = models.PositiveSmallIntegerField(
        "number of governor places", help_text="As set by the instrument of government"
    )
    instrument_date = models.DateField("instrument of government dated", null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.get_kind_display()} of {self.school.name}"

    def vacancies_on(self, day):
        """(places, filled, vacancies, percent) on `day`; uses prefetched governors when present."""
        filled = sum(1 for governor in self.governors.all() if governor.fills_place_on(day))
        vacancies = max(self.size - filled, 0)
        percent = (
            (Decimal(vacancies * 100) / self.size).quantize(Decimal("0.1"), ROUND_HALF_UP) if self.size else Decimal(0)
        )
        return self.size, filled, vacancies, percent


class Governor(AuditedModel):
    class Category(models.TextChoices):
        PARENT = "parent", "Parent"
        STAFF = "staff", "Staff"
        LA = "la", "Local authority"
        FOUNDATION = "foundation", "Foundation"
        CO_OPTED = "co_opted", "Co-opted"
        PARTNERSHIP = "partnership", "Partnership"
        ASSOCIATE = "associate", "Associate member"
        HEADTEACHER = "headteacher", "Headteacher"

    class BoardRole(models.TextChoices):
        MEMBER = "", "Member"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        CLERK = "clerk", "Clerk"

    # Associate members and the clerk attend but do not fill a governor place.
    NOT_IN_PLACES = (Category.ASSOCIATE,)

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="governors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="governor_records"
    )
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=16, choices=Category.choices)
    board_role = models.CharField("role on the board", max_length=16, choices=BoardRole.choices, blank=True)
    term_start = models.DateField("term starts")
    term_end = models.DateField("term ends", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="governor_term_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def fills_place_on(self, day):
        return (
            self.board_role != self.BoardRole.CLERK
            and self.category not in self.NOT_IN_PLACES
            and self.term_start <= day
            and (self.term_end is None or self.term_end >= day)
        )

    def term_ends_soon(self, day):
        """The term ends within the next 3 calendar months."""
        return self.term_end is not None and day <= self.term_end <= add_months(day, 3)


class GovernorTraining(models.Model):
    governor = models.ForeignKey(Governor, on_delete=models.CASCADE, related_name="training")
    title = models.CharField(max_length=200)
    completed_on = models.DateField()

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self):
        return f"{self.title} ({self.completed_on:%-d %B %Y})"


class DeclarationOfInterest(models.Model):
    governor = models.ForeignKey(Governor, on_delete=models.CASCADE, related_name="declarations")
    declared_on = models.DateField()
    interests = models.TextField(blank=True, help_text="Blank means nothing to declare")

    class Meta:
        ordering = ["-declared_on"]

    def __str__(self):
        return f"Declaration of {self.declared_on:%-d %B %Y}"


# --- The annual conversation checklist (data per framework) ---


class ChecklistTemplate(models.Model):
    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="checklist_templates")
    framework = models.ForeignKey(
        "classification.Framework",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_templates",
        help_text="The framework this checklist was loaded with (its areas are data per framework)",
    )
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["authority", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "slug", "version"], name="unique_checklist_template")
        ]

    def __str__(self):
        return self.name


class ChecklistArea(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(max_length=64)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="unique_checklist_area")]

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    area = models.ForeignKey(ChecklistArea, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=64)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["area__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["area", "key"], name="unique_checklist_item")]

    def __str__(self):
        return self.text


class Conversation(AuditedModel):
    """One annual governance conversation with a maintained school's board: checklist, review, agreed record."""

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted to the authority"
        AGREED = "agreed", "Agreed record"

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="governance_conversations")
    academic_year = models.PositiveSmallIntegerField(help_text="Start year: 2026 = 2026/27")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="conversations")
    visit = models.ForeignKey(
        "visits.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_conversations",
        help_text="The planned annual governance conversation visit",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    due_by = models.DateField("conversation due by", help_text="Overdue if not agreed by this date")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField("conversation held on", null=True, blank=True)
    outcome_summary = models.TextField(blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    helpers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="governance_checklists_helping")

    edit_version = edit_version_column()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-academic_year", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="one_conversation_per_school_year")
        ]

    def __str__(self):
        return f"Annual governance conversation {self.year_label}, {self.school.name}"

    @property
    def year_label(self):
        return year_label(self.academic_year)


class ChecklistResponse(AuditedModel):
    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="responses")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item__area__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["conversation", "item"], name="one_response_per_item")]


class EvidenceFile(models.Model):
    response = models.ForeignKey(ChecklistResponse, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="governance/evidence/%Y/")
    # What the upload checker found the file to be (qa_portal.uploads), and what it is served as.
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class AreaReview(AuditedModel):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="area_reviews")
    area = models.ForeignKey(ChecklistArea, on_delete=models.PROTECT, related_name="+")
    authority_view = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order"]
        constraints = [models.UniqueConstraint(fields=["conversation", "area"], name="one_review_per_area")]


class AgreedAction(AuditedModel):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]


# --- Escalation ladder, warning notices, statutory powers ---


class EscalationStep(AuditedModel):
    """A step taken on the escalation ladder. `step` is a code from governance.ladder."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="escalation_steps")
    step = models.CharField(max_length=48)
    taken_on = models.DateField()
    who = models.CharField("who was involved", max_length=300)
    summary = models.TextField()
    letter = models.FileField(upload_to="governance/letters/%Y/", blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True, editable=False)
    letter_to_school = models.BooleanField("the letter is addressed to the school", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_on", "pk"]


class WarningNotice(AuditedModel):
    class Outcome(models.TextChoices):
        PENDING = "", "Compliance period running"
        COMPLIED = "complied", "Complied"
        NOT_COMPLIED = "not_complied", "Not complied: powers considered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class IssuedBy(models.TextChoices):
        AUTHORITY = "authority", "The local authority (section 60, Education and Inspections Act 2006)"
        RSC = "rsc", "The Regional Schools Commissioner (for the Secretary of State)"

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="warning_notices")
    issued_by = models.CharField(max_length=16, choices=IssuedBy.choices, default=IssuedBy.AUTHORITY)
    low_standards = models.BooleanField("unacceptably low standards of performance", default=False)
    management_breakdown = models.BooleanField("serious breakdown in management or governance", default=False)
    safety_threatened = models.BooleanField("safety of pupils or staff threatened", default=False)
    issued_on = models.DateField()
    compliance_days = models.PositiveSmallIntegerField("compliance period in days", default=15)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on"]

    @property
    def compliance_ends_on(self):
        return self.issued_on + timedelta(days=self.compliance_days)

    @property
    def grounds(self):
        return [
            field.verbose_name
            for field in (
                self._meta.get_field(n) for n in ("low_standards", "management_breakdown", "safety_threatened")
            )
            if getattr(self, field.name)
        ]


class StatutoryPower(AuditedModel):
    class Power(models.TextChoices):
        REQUIRE_ARRANGEMENTS = "require_arrangements", "Require the governing body to enter into arrangements"
        ADDITIONAL_GOVERNORS = "additional_governors", "Appoint additional governors"
        IEB = "ieb", "Replace the governing body with an interim executive board"
        SUSPEND_BUDGET = "suspend_budget", "Suspend the delegated budget"
        # A trust's own powers over its academies (its scheme of delegation).
        TRUST_ADDITIONAL_GOVERNORS = "trust_additional_governors", "Appoint additional trustees or local governors"
        INTERIM_BOARD = "interim_board", "Establish an interim advisory board"
        REPLACE_LOCAL_BOARD = "replace_local_board", "Replace the local governing body"

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="statutory_powers")
    power = models.CharField(max_length=32, choices=Power.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
