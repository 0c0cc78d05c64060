"""Every audited model (django-simple-history) the audit log reads, with its path to its authority and school.

A model that gains `history = HistoricalRecords()` is added here; tests/records checks that none is missing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Audited:
    model: str  # "app_label.Model"
    label: str  # what the log calls one row, sentence case
    authority: str  # lookup from the model to its Authority
    school: str = ""  # lookup from the model to its School's id ("" for authority-wide records)
    name: str = ""  # for authority-wide records: the field naming the record itself
    describe: Callable | None = None  # for authority-wide records: what the row is about, from the history row

    @property
    def key(self):
        return self.model.lower().replace(".", "-")

    @property
    def history_model(self):
        return apps.get_model(self.model).history.model


AUDITED: tuple[Audited, ...] = (
    Audited(
        "accounts.RoleAssignment",
        "Role",
        "authority",
        "school",
        describe=lambda row: f"Role ({row.get_role_display()}) of {row.user}",
    ),
    Audited("schools.School", "School record", "authority", "id"),
    Audited("classification.Framework", "Framework", "authority", name="name"),
    Audited("classification.Band", "Band", "framework__authority", name="label"),
    Audited(
        "classification.LetterTemplate",
        "Letter template",
        "authority",
        describe=lambda row: f"Letter template ({row.get_kind_display().lower()})",
    ),
    Audited("classification.Entitlement", "Band entitlement", "band__framework__authority"),
    Audited("classification.Assessment", "Assessment", "school__authority", "school"),
    Audited(
        "classification.AreaJudgement", "Evidence area judgement", "assessment__school__authority", "assessment__school"
    ),
    Audited(
        "classification.CriterionJudgement",
        "Criterion judgement",
        "assessment__school__authority",
        "assessment__school",
    ),
    Audited("classification.Classification", "Classification", "school__authority", "school"),
    Audited("classification.DiscussionRequest", "Discussion request", "school__authority", "school"),
    Audited("classification.ReviewRequest", "Review request", "school__authority", "school"),
    Audited("visits.Visit", "Visit", "school__authority", "school"),
    Audited("visits.Agenda", "Agenda", "visit__school__authority", "visit__school"),
    Audited("visits.Action", "Action", "visit__school__authority", "visit__school"),
    Audited("visits.Contribution", "Contribution", "visit__school__authority", "visit__school"),
    Audited("visits.SchoolPaper", "School paper", "visit__school__authority", "visit__school"),
    Audited("visits.VisitNote", "Note of visit", "visit__school__authority", "visit__school"),
    Audited("visits.NoteSection", "Note of visit section", "note__visit__school__authority", "note__visit__school"),
    Audited("visits.ImprovementPlan", "Improvement plan", "school__authority", "school"),
    Audited("visits.PlanReview", "Improvement plan review", "plan__school__authority", "plan__school"),
    Audited("visits.ReviewBody", "Review body", "school__authority", "school"),
    Audited("visits.ReviewBodyMember", "Review body member", "body__school__authority", "body__school"),
    Audited("governance.Board", "Governing board", "school__authority", "school"),
    Audited("governance.Governor", "Governor record", "board__school__authority", "board__school"),
    Audited("governance.Conversation", "Governance conversation", "school__authority", "school"),
    Audited(
        "governance.ChecklistResponse", "Checklist answer", "conversation__school__authority", "conversation__school"
    ),
    Audited(
        "governance.AreaReview", "Checklist area review", "conversation__school__authority", "conversation__school"
    ),
    Audited("governance.AgreedAction", "Agreed action", "conversation__school__authority", "conversation__school"),
    Audited("governance.EscalationStep", "Escalation step", "school__authority", "school"),
    Audited("governance.WarningNotice", "Warning notice", "school__authority", "school"),
    Audited("governance.StatutoryPower", "Statutory power", "school__authority", "school"),
    Audited(
        "records.Erasure",
        "Erasure of personal data",
        "authority",
        describe=lambda row: f"Erasure of the personal data of person {row.person_id}",
    ),
    Audited(
        "records.SubjectAccessExport",
        "Subject-access export",
        "authority",
        describe=lambda row: f"Subject-access export for {row.person}",
    ),
)

BY_KEY = {entry.key: entry for entry in AUDITED}
