"""Academic calendar, visit types, planned visits and meetings, agendas, notes of visit and their checks.

Framework rows (bands, entitlements, deadlines) live in classification; visits keep text snapshots of the
framework and band a visit was planned under, so history reads the same after a framework changes.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from simple_history.models import HistoricalRecords

from qa_portal.academic_year import year_label
from qa_portal.audit import AuditedModel
from qa_portal.concurrency import edit_version_column
from qa_portal.uploads import DOC, DOCX, ODT, PDF, XLSX


class AcademicYear(models.Model):
    """One authority's academic year; start_year 2026 means 2026/27."""

    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="academic_years")
    start_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["authority", "start_year"]
        constraints = [models.UniqueConstraint(fields=["authority", "start_year"], name="unique_academic_year")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return year_label(self.start_year)


class Term(models.Model):
    """A term with its half-term break; the two half-terms are the school days either side of the break."""

    class Code(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=8, choices=Code.choices)
    order = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    half_term_break_starts = models.DateField()
    half_term_break_ends = models.DateField()

    class Meta:
        ordering = ["academic_year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "code"], name="unique_term_per_year"),
            models.CheckConstraint(condition=models.Q(starts_on__lt=models.F("ends_on")), name="term_starts_first"),
            models.CheckConstraint(
                condition=models.Q(half_term_break_starts__gt=models.F("starts_on"))
                & models.Q(half_term_break_ends__lt=models.F("ends_on"))
                & models.Q(half_term_break_starts__lte=models.F("half_term_break_ends")),
                name="half_term_inside_term",
            ),
        ]

    def __str__(self):
        return f"{self.get_code_display()} {self.academic_year.label}"

    def half_terms(self):
        """[(start, end), (start, end)]: the two halves of the term either side of the break."""
        return [
            (self.starts_on, self.half_term_break_starts - timedelta(days=1)),
            (self.half_term_break_ends + timedelta(days=1), self.ends_on),
        ]


class ClosureDay(models.Model):
    """An INSET day or other day the authority's schools are closed: no visit is proposed on it."""

    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200, default="INSET day")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["authority", "date"], name="unique_closure_day")]

    def __str__(self):
        return f"{self.date:%-d %B %Y}: {self.reason}"


class VisitType(models.Model):
    """A kind of visit or meeting, as data (codes fixed in the contracts between apps)."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    is_meeting = models.BooleanField(default=False, help_text="Meetings carry agenda, papers and minutes deadlines")
    default_attendees = models.TextField(blank=True, help_text="One per line; used when an agenda is drafted")
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def phrase(self):
        """The name inside a sentence: "QA visit" stays, "Interim visit" becomes "interim visit"."""
        if len(self.name) > 1 and self.name[1].isupper():
            return self.name
        return self.name[:1].lower() + self.name[1:]


class Visit(AuditedModel):
    """One planned (or extra) visit or meeting to a school, with its computed deadlines."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CONFIRMED = "confirmed", "Confirmed"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="visits")
    academic_year = models.PositiveSmallIntegerField(help_text="Start year: 2026 means 2026/27")
    term = models.CharField(max_length=8, choices=Term.Code.choices)
    visit_type = models.ForeignKey(VisitType, on_delete=models.PROTECT, related_name="visits")
    sequence = models.PositiveSmallIntegerField(default=1)
    is_extra = models.BooleanField(default=False, help_text="Added by a person, not by the plan")
    planned_date = models.DateField()
    qa_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits_led"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    framework_name = models.CharField(max_length=200, blank=True)
    band_label = models.CharField(max_length=100, blank=True)
    agenda_due = models.DateField(null=True, blank=True)
    papers_due = models.DateField(null=True, blank=True)
    minutes_due = models.DateField(null=True, blank=True)
    papers_received_on = models.DateField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)
    # Planned inside its agenda or papers lead time (a band raised late in a term): its deadlines run from the day
    # it was planned, never before it.
    short_notice = models.BooleanField(default=False)
    # When and where (meetings say both; the agenda, emails and the calendar feed carry them).
    start_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    # Raised on every change people's calendars must follow (iCalendar SEQUENCE).
    calendar_sequence = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "term", "visit_type", "sequence"],
                condition=models.Q(is_extra=False),
                name="unique_planned_visit",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""), name="cancelled_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["qa_lead", "planned_date"]),
            models.Index(fields=["school", "academic_year"]),
            # The dashboard's overdue agendas and minutes: only open meetings and held meetings with a minutes
            # deadline are indexed, so finding the overdue ones does not read ten years of other visits.
            models.Index(
                fields=["school", "agenda_due"],
                condition=models.Q(status__in=["planned", "confirmed"], agenda_due__isnull=False),
                name="visit_open_agenda_due_idx",
            ),
            models.Index(
                fields=["minutes_due", "school"],
                condition=models.Q(status="held", minutes_due__isnull=False),
                name="visit_held_minutes_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.visit_type.name} at {self.school.name} on {self.planned_date:%-d %B %Y}"

    @property
    def academic_year_label(self):
        return year_label(self.academic_year)

    @property
    def is_meeting(self):
        return self.visit_type.is_meeting

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.CONFIRMED)


class PlanChange(models.Model):
    """What a (re-)plan changed and why: one row per visit added, removed or kept."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"
        KEPT = "kept", "Kept (held or confirmed)"
        MOVED = "moved", "Moved"

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="plan_changes")
    academic_year = models.PositiveSmallIntegerField()
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_changes")
    action = models.CharField(max_length=8, choices=Action.choices)
    description = models.CharField(max_length=300)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.description}"


class Agenda(AuditedModel):
    """The agenda of a meeting: drafted automatically, edited by the QA lead, then circulated."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="agenda")
    items = models.TextField(help_text="One item per line")
    attendees = models.TextField(blank=True, help_text="One per line")
    drafted_at = models.DateTimeField(null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    edit_version = edit_version_column()
    history = HistoricalRecords()

    def item_list(self):
        return [line.strip() for line in self.items.splitlines() if line.strip()]

    def attendee_list(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class Action(AuditedModel):
    """An action agreed at a visit or meeting; open actions go on the next meeting's agenda."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.CharField(max_length=120, blank=True)
    due_on = models.DateField("due by", null=True, blank=True)
    is_open = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text


def improvement_plan_path(instance, filename):
    """Where the improvement plan a contribution once held was stored (kept for migration 0001; the plan is now a
    SchoolPaper, its file where it was)."""
    return f"visits/{instance.visit_id}/improvement-plan/{filename}"


ALLOWED_UPLOAD_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx"]
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SCHOOL_PAPER_TYPES = frozenset({PDF, DOCX, DOC, ODT, XLSX})  # checked by content (qa_portal.uploads)


class Contribution(AuditedModel):
    """What the school writes before the visit: agreed lines of enquiry, self-evaluation and improvement plan
    summaries. The documents themselves are SchoolPaper rows of the visit."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="contribution")
    lines_of_enquiry = models.TextField(blank=True)
    sef_summary = models.TextField("self-evaluation summary", blank=True)
    improvement_plan_text = models.TextField("improvement plan summary", blank=True)

    history = HistoricalRecords()


def school_paper_path(instance, filename):
    return f"visits/{instance.visit_id}/papers/{instance.kind}/{filename}"


class SchoolPaper(AuditedModel):
    """One paper the school sends before a meeting (self-evaluation, improvement plan, or another paper the
    framework asks for: `Framework.meeting_papers`). A new upload of the same kind replaces the file."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="papers")
    kind = models.SlugField(max_length=64)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=school_paper_path, validators=[FileExtensionValidator(ALLOWED_UPLOAD_EXTENSIONS)])
    # What the upload checker found the file to be (qa_portal.uploads), and what it is served as.
    content_type = models.CharField(max_length=100, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="unique_school_paper_kind")]

    def __str__(self):
        return self.title


class VisitNote(AuditedModel):
    """The note of visit (or minutes of a meeting), and its factual-accuracy check by the headteacher."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent for factual accuracy"
        RESPONDED = "responded", "Checked by the headteacher"
        PUBLISHED = "published", "Published"

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="note")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    aspect = models.CharField("aspect looked at", max_length=300, blank=True)
    going_well = models.TextField("what is going well", blank=True)
    next_steps = models.TextField("next steps", blank=True)
    internal_comments = models.TextField(blank=True, help_text="Never shown to the school")
    attendees = models.TextField(blank=True, help_text="One per line: name and role; from the agenda when drafted")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_accurate = models.BooleanField(null=True, blank=True)
    head_general_comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    edit_version = edit_version_column()
    history = HistoricalRecords()

    class Meta:
        # The dashboard's notes awaiting the head's check: few at any time, however many notes there are.
        indexes = [models.Index(fields=["status"], condition=models.Q(status="sent"), name="visitnote_sent_idx")]

    @property
    def visible_to_school(self):
        return self.status != self.Status.DRAFT

    def attendee_list(self):
        """The attendees, one a line, blank lines left out."""
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class NoteSection(models.Model):
    """One evidence area of a note: the evaluation, the evidence used, the head's comment on its accuracy and how
    the QA lead answered it (the published note records which sections were corrected)."""

    class ResponseOutcome(models.TextChoices):
        CORRECTED = "corrected", "Corrected"
        NOT_CHANGED = "not_changed", "Not changed"

    note = models.ForeignKey(VisitNote, on_delete=models.CASCADE, related_name="sections")
    area_key = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    evaluation = models.TextField(blank=True)
    evidence = models.TextField("evidence used", blank=True)
    head_comment = models.TextField(blank=True)
    lead_response = models.TextField("QA lead's response", blank=True)
    response_outcome = models.CharField(max_length=12, choices=ResponseOutcome.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["note", "area_key"], name="unique_note_section")]

    def __str__(self):
        return self.title


class SentNotification(models.Model):
    """One email sent by a job; the unique key makes reminders and digests safe to run twice."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A private ICS feed address for one person; revoking it makes the address answer 404."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar address of {self.user}"


class ImprovementPlan(AuditedModel):
    """The plan a school in a band that asks for one keeps (`Band.improvement_plan`, e.g. Telford & Wrekin 2014's
    Raising Achievement Plan), written with the authority and reviewed at the band's cadence (`Band.plan_review_every`).
    One open plan per school at a time; a closed plan is kept with its reviews."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="improvement_plans")
    title = models.CharField(max_length=200)
    written_jointly = models.BooleanField("written jointly with the authority", default=True)
    agreed_on = models.DateField()
    success_criteria = models.TextField(blank=True)
    file = models.FileField(upload_to="visits/plans/%Y/", blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "-agreed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(closed_on__isnull=True), name="one_open_improvement_plan"
            )
        ]

    def __str__(self):
        return self.title


class PlanReview(AuditedModel):
    """One review of an improvement plan and the progress data, against its success criteria."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_reviews")
    progress = models.TextField(help_text="Progress against the success criteria")
    next_steps = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-reviewed_on", "-pk"]


class ReviewBody(AuditedModel):
    """The body that reviews a school in a band that has one (`Band.review_body`, e.g. Telford & Wrekin 2014's
    Review Team): its chair and members, where its minutes go, and the exit strategy. Its meetings are visits."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="review_bodies")
    name = models.CharField(max_length=200)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    formed_on = models.DateField()
    minutes_to = models.CharField(
        "minutes go to", max_length=300, blank=True, help_text="Who receives the minutes, besides the school"
    )
    exit_strategy = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "-formed_on", "-pk"]
        verbose_name_plural = "review bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(closed_on__isnull=True), name="one_open_review_body"
            )
        ]

    def __str__(self):
        return self.name


class ReviewBodyMember(AuditedModel):
    body = models.ForeignKey(ReviewBody, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, help_text="e.g. Attached Adviser, Educational Psychologist")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "pk"]

    def __str__(self):
        return f"{self.name}, {self.role}"
