"""What a school's Ofsted history says today: the latest full inspection, the current category of concern, whether
the school is "stuck", across the three kinds of inspection Ofsted has used.

- Graded inspections (Education inspection framework, to November 2025): an overall grade 1-4 and four or more
  sub-judgements; from September 2024 the overall grade is "Not judged" but the sub-judgements are still given.
- Report card inspections (renewed framework, from November 2025): each evaluation area on a five-point scale,
  safeguarding met / not met, no overall grade.
- Ungraded and monitoring inspections: they give no grades and never change a category of concern.

A category of concern is set by a graded or report-card inspection and lasts, through monitoring inspections, until
a later graded or report-card inspection removes it ("until removed formally by Ofsted"). Pure functions over a list
of inspections, newest first, so the engine, the school page and tests read the same answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .models import OfstedInspection

Framework = OfstedInspection.Framework
Grade = OfstedInspection.Grade
RC = OfstedInspection.ReportCardGrade

FULL_FRAMEWORKS = (Framework.GRADED, Framework.REPORT_CARD)

# Graded judgements, in the order Ofsted reports them.
GRADED_JUDGEMENTS = {
    "overall_effectiveness": "Overall effectiveness",
    "quality_of_education": "Quality of education",
    "behaviour_and_attitudes": "Behaviour and attitudes",
    "personal_development": "Personal development",
    "leadership_and_management": "Leadership and management",
    "early_years": "Early years provision",
    "sixth_form": "Sixth form provision",
}

# Report-card evaluation areas, in the order Ofsted presents them on a report card.
REPORT_CARD_AREAS = {
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_well_being": "Personal development and well-being",
    "leadership_and_governance": "Leadership and governance",
    "early_years": "Early years",
    "sixth_form": "Post-16 provision",
}

# Five-point scale, best first: a rule "at or below Needs attention" takes Needs attention and Urgent improvement.
REPORT_CARD_SCALE = [RC.EXCEPTIONAL, RC.STRONG, RC.EXPECTED, RC.NEEDS_ATTENTION, RC.URGENT_IMPROVEMENT]

# The DfE's "stuck school" reads these graded judgements when an inspection has no overall grade.
_STUCK_JUDGEMENTS = ("quality_of_education", "leadership_and_management")


def report_card_rank(grade: str) -> int:
    """0 (Exceptional) to 4 (Urgent improvement); -1 for anything else."""
    return REPORT_CARD_SCALE.index(RC(grade)) if grade in RC.values else -1


def graded_value(inspection: OfstedInspection, judgement: str) -> int | None:
    value = getattr(inspection, judgement, None)
    return value if isinstance(value, int) else None


def worst_graded(inspection: OfstedInspection, judgements: Sequence[str]) -> int | None:
    """The worst (highest) grade among `judgements`, or None when none is graded."""
    values = [v for v in (graded_value(inspection, j) for j in judgements) if v is not None]
    return max(values) if values else None


def requires_improvement_or_equivalent(inspection: OfstedInspection) -> bool:
    """Graded Requires improvement, or its equivalent: from September 2024 a Requires improvement sub-judgement for
    quality of education and/or leadership and management; on a report card, Needs attention for leadership and
    governance (DfE, Schools eligible for RISE intervention). A category of concern is worse than this."""
    if inspection.category_of_concern:
        return False
    if inspection.framework == Framework.REPORT_CARD:
        return inspection.report_card_grades.get("leadership_and_governance") == RC.NEEDS_ATTENTION
    if inspection.overall_effectiveness:
        return inspection.overall_effectiveness == Grade.REQUIRES_IMPROVEMENT
    return worst_graded(inspection, _STUCK_JUDGEMENTS) == Grade.REQUIRES_IMPROVEMENT


def below_good(inspection: OfstedInspection) -> bool:
    """Requires improvement or Inadequate, or their equivalent, or a category of concern."""
    if inspection.category_of_concern:
        return True
    if inspection.framework == Framework.REPORT_CARD:
        grade = inspection.report_card_grades.get("leadership_and_governance", "")
        return report_card_rank(grade) >= report_card_rank(RC.NEEDS_ATTENTION)
    if inspection.overall_effectiveness:
        return inspection.overall_effectiveness >= Grade.REQUIRES_IMPROVEMENT
    worst = worst_graded(inspection, _STUCK_JUDGEMENTS)
    return worst is not None and worst >= Grade.REQUIRES_IMPROVEMENT


@dataclass(frozen=True)
class OfstedPosition:
    """A school's Ofsted position on a date, read from its history (newest first)."""

    inspections: tuple[OfstedInspection, ...]

    @classmethod
    def of(cls, inspections: Sequence[OfstedInspection], on_date: date | None = None) -> "OfstedPosition":
        kept = [i for i in inspections if on_date is None or i.start_date <= on_date]
        kept.sort(key=lambda i: (i.start_date, i.pk or 0), reverse=True)
        return cls(tuple(kept))

    @property
    def latest(self) -> OfstedInspection | None:
        return self.inspections[0] if self.inspections else None

    @property
    def full_inspections(self) -> list[OfstedInspection]:
        return [i for i in self.inspections if i.framework in FULL_FRAMEWORKS]

    @property
    def latest_full(self) -> OfstedInspection | None:
        """The latest graded or report-card inspection: what Ofsted currently says of the school."""
        full = self.full_inspections
        return full[0] if full else None

    @property
    def latest_graded(self) -> OfstedInspection | None:
        return next((i for i in self.inspections if i.framework == Framework.GRADED), None)

    @property
    def latest_report_card(self) -> OfstedInspection | None:
        return next((i for i in self.inspections if i.framework == Framework.REPORT_CARD), None)

    @property
    def latest_ungraded(self) -> OfstedInspection | None:
        return next((i for i in self.inspections if i.framework == Framework.UNGRADED), None)

    @property
    def category_inspection(self) -> OfstedInspection | None:
        """The inspection that placed the school in its current category of concern, or None."""
        latest = self.latest_full
        if latest is None or not latest.category_of_concern:
            return None
        placed = latest
        for inspection in self.full_inspections[1:]:
            if inspection.category_of_concern != latest.category_of_concern:
                break
            placed = inspection
        return placed

    @property
    def current_category(self) -> str:
        """'SM', 'SWK' or '' today."""
        latest = self.latest_full
        return latest.category_of_concern if latest is not None else ""

    @property
    def monitoring_since_category(self) -> list[OfstedInspection]:
        """Ungraded or monitoring inspections since the category was set (they leave it in place)."""
        placed = self.category_inspection
        if placed is None:
            return []
        return [i for i in self.inspections if i.framework == Framework.UNGRADED and i.start_date >= placed.start_date]

    @property
    def stuck(self) -> bool:
        """A "stuck" school (DfE): Requires improvement or equivalent at its latest inspection, and below good at the
        one before."""
        full = self.full_inspections
        return len(full) >= 2 and requires_improvement_or_equivalent(full[0]) and below_good(full[1])

    @property
    def safeguarding_not_met(self) -> bool:
        latest = self.latest_full
        return latest is not None and latest.safeguarding_effective is False


def inspection_summary(inspection: OfstedInspection) -> str:
    """One line for an inspection as Ofsted reports it, e.g. 'Report card inspection of 4 March 2026: Inclusion
    Expected standard, ...; safeguarding met'."""
    when = f"{inspection.start_date:%-d %B %Y}"
    if inspection.framework == Framework.REPORT_CARD:
        grades = inspection.report_card_grades
        parts = [f"{label} {RC(grades[key]).label}" for key, label in REPORT_CARD_AREAS.items() if key in grades]
        text = f"Report card inspection of {when}: " + ", ".join(parts)
        if inspection.safeguarding_effective is not None:
            text += f"; safeguarding {'met' if inspection.safeguarding_effective else 'not met'}"
        return text
    if inspection.framework == Framework.UNGRADED:
        outcome = inspection.ungraded_outcome or "no grades given"
        return f"{inspection.inspection_type or 'Ungraded inspection'} of {when}: {outcome}"
    overall = inspection.overall_effectiveness
    text = f"Graded inspection of {when}: overall effectiveness {Grade(overall).label if overall else 'not judged'}"
    judgements = [
        f"{label.lower()} {Grade(value).label}"
        for key, label in GRADED_JUDGEMENTS.items()
        if key != "overall_effectiveness" and (value := graded_value(inspection, key)) is not None
    ]
    if judgements:
        text += "; " + ", ".join(judgements)
    if inspection.safeguarding_effective is not None:
        text += f"; safeguarding {'effective' if inspection.safeguarding_effective else 'not effective'}"
    return text


def position_summary(position: OfstedPosition) -> str:
    """What Ofsted currently says of the school, in a sentence or two ('' when never inspected)."""
    latest = position.latest_full
    if latest is None:
        ungraded = position.latest_ungraded
        return inspection_summary(ungraded) if ungraded else ""
    text = inspection_summary(latest)
    placed = position.category_inspection
    if placed is not None:
        text += (
            f". Category of concern: {placed.get_category_of_concern_display().lower()} since the inspection of "
            f"{placed.start_date:%-d %B %Y}"
        )
        monitoring = position.monitoring_since_category
        if monitoring:
            text += f", still so after {len(monitoring)} monitoring inspection{'s' if len(monitoring) > 1 else ''}"
    if position.stuck:
        text += ". A stuck school (DfE RISE criteria)"
    return text
