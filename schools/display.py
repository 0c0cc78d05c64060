"""How register data reads to people: Ofsted outcomes, indicator values and small trend charts."""

import json
from datetime import date
from decimal import Decimal

from .models import Indicator, OfstedInspection
from .ofsted import GRADED_JUDGEMENTS, REPORT_CARD_AREAS, REPORT_CARD_SCALE, report_card_rank

G = OfstedInspection.Grade
RC = OfstedInspection.ReportCardGrade
F = OfstedInspection.Framework
CoC = OfstedInspection.CategoryOfConcern

# Latest-outcome keys used by the register filter (schools.filters). "Latest" is the latest graded or report-card
# inspection: an ungraded or monitoring inspection never changes what Ofsted says of a school.
OUTCOME_CHOICES = [
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate (any)"),
    ("special_measures", "Special measures"),
    ("serious_weaknesses", "Serious weaknesses"),
    ("report_card", "Report card inspection"),
    ("needs_attention", "Report card: lowest grade Needs attention"),
    ("urgent_improvement", "Report card: lowest grade Urgent improvement"),
    ("not_inspected", "Not yet inspected"),
]

REPORT_CARD_TAGS = {
    RC.EXCEPTIONAL: "govuk-tag--purple",
    RC.STRONG: "govuk-tag--green",
    RC.EXPECTED: "govuk-tag--blue",
    RC.NEEDS_ATTENTION: "govuk-tag--orange",
    RC.URGENT_IMPROVEMENT: "govuk-tag--red",
}
GRADE_TAGS = {
    G.OUTSTANDING: "govuk-tag--purple",
    G.GOOD: "govuk-tag--green",
    G.REQUIRES_IMPROVEMENT: "govuk-tag--orange",
    G.INADEQUATE: "govuk-tag--red",
}
KIND_LABELS = {F.GRADED: "Graded", F.REPORT_CARD: "Report card", F.UNGRADED: "Ungraded or monitoring"}
# Short names of the categories, for sentences and the register ("Serious weaknesses", not the model's long label).
CATEGORY_LABELS = {CoC.SPECIAL_MEASURES: "Special measures", CoC.SERIOUS_WEAKNESSES: "Serious weaknesses"}
# Ofsted gave no overall effectiveness grade at graded inspections from this date.
NO_OVERALL_GRADE_FROM = date(2024, 9, 1)


def kind_label(framework):
    """'Report card', 'Graded', 'Ungraded or monitoring', or 'None' when there is no inspection."""
    return KIND_LABELS.get(framework, "None") if framework else "None"


def category_label(category):
    return CATEGORY_LABELS.get(category, "None")


def _grades(report_card_grades):
    """The area -> grade mapping, whether the database gave a dict or (a JSON subquery on some backends) text."""
    if isinstance(report_card_grades, str):
        try:
            report_card_grades = json.loads(report_card_grades)
        except ValueError:
            return {}
    return report_card_grades if isinstance(report_card_grades, dict) else {}


def lowest_report_card_grade(report_card_grades):
    """The lowest grade of a report card (an RC value), or None when no area has a grade."""
    grades = [g for g in _grades(report_card_grades).values() if g in RC.values]
    return max(grades, key=report_card_rank) if grades else None


def report_card_summary(report_card_grades):
    """How many areas got each grade, lowest first: '1 Urgent improvement, 2 Needs attention, 3 Expected standard'."""
    grades = [g for g in _grades(report_card_grades).values() if g in RC.values]
    counts = [(grade, grades.count(grade)) for grade in reversed(REPORT_CARD_SCALE) if grade in grades]
    return ", ".join(f"{n} {RC(grade).label}" for grade, n in counts)


def _month(day):
    return day.strftime("%b %Y") if day else ""


def latest_outcome_label(framework, overall, category, report_card_grades=None, on=None):
    """The register's reading of a school's latest graded or report-card inspection, saying its kind and month:
    'Good (graded, Jun 2019)', 'Graded, no overall grade (Nov 2024)', 'Report card (Mar 2026): lowest grade Needs
    attention', 'Special measures (graded, Oct 2025)' or 'Not yet inspected'."""
    if not framework:
        return "Not yet inspected"
    month = _month(on)
    when = f", {month}" if month else ""
    if category in CATEGORY_LABELS:
        return f"{CATEGORY_LABELS[category]} ({kind_label(framework).lower()}{when})"
    if framework == F.REPORT_CARD:
        lowest = lowest_report_card_grade(report_card_grades)
        text = f"Report card ({month})" if month else "Report card"
        return f"{text}: lowest grade {RC(lowest).label}" if lowest else text
    if framework == F.GRADED:
        if overall in G.values:
            return f"{G(overall).label} (graded{when})"
        return f"Graded, no overall grade ({month})" if month else "Graded, no overall grade"
    return f"{kind_label(framework)} inspection" + (f" ({month})" if month else "")


def register_outcome(school):
    """latest_outcome_label of a register row (annotated by schools.selectors.register_queryset): the register's
    Ofsted column and its downloads."""
    return latest_outcome_label(
        getattr(school, "latest_ofsted_framework", None),
        getattr(school, "latest_ofsted_overall", None),
        getattr(school, "latest_ofsted_category", None),
        getattr(school, "latest_ofsted_report_card", None),
        getattr(school, "latest_ofsted_date", None),
    )


def inspection_outcome(inspection):
    """One inspection's kind and outcome, for the history table and the timeline: 'Graded: Good', 'Graded: Inadequate
    (special measures)', 'Graded, no overall grade', 'Report card: 1 Needs attention, 5 Expected standard', or an
    ungraded inspection's outcome as Ofsted wrote it."""
    category = CATEGORY_LABELS.get(inspection.category_of_concern)
    suffix = f" ({category.lower()})" if category else ""
    if inspection.framework == F.UNGRADED:
        return inspection.ungraded_outcome or "Ungraded inspection"
    if inspection.framework == F.REPORT_CARD:
        summary = report_card_summary(inspection.report_card_grades)
        return (f"Report card: {summary}" if summary else "Report card") + suffix
    if inspection.overall_effectiveness in G.values:
        return f"Graded: {G(inspection.overall_effectiveness).label}{suffix}"
    return "Graded, no overall grade" + suffix


def report_card_rows(inspection):
    """[(area label, grade label, tag class, date of grade)] in the report card's own order. The date is the one
    recorded for the area (a later monitoring inspection can regrade one), else the inspection's start."""
    dates = _grades(inspection.report_card_grade_dates)
    grades = _grades(inspection.report_card_grades)
    keys = [k for k in REPORT_CARD_AREAS if k in grades] + [k for k in grades if k not in REPORT_CARD_AREAS]
    rows = []
    for key in keys:
        grade = grades[key]
        if grade not in RC.values:
            continue
        label = REPORT_CARD_AREAS.get(key) or key.replace("_", " ").capitalize()  # areas this version does not name
        graded_on = _iso_date(dates.get(key)) or inspection.start_date
        rows.append((label, RC(grade).label, REPORT_CARD_TAGS[grade], graded_on))
    return rows


def _iso_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def grade_label(value):
    return G(value).label if value in G.values else "Not judged"


def graded_rows(inspection):
    """[(judgement label, grade label)] of a graded inspection, overall effectiveness aside; early years and sixth
    form only where the school has them."""
    rows = []
    for key, label in GRADED_JUDGEMENTS.items():
        if key == "overall_effectiveness":
            continue
        value = getattr(inspection, key)
        if key in ("early_years", "sixth_form") and value is None:
            continue
        rows.append((label, grade_label(value)))
    return rows


def safeguarding_label(inspection):
    if inspection.safeguarding_effective is None:
        return "Not recorded"
    if inspection.framework == F.REPORT_CARD:
        return "Met" if inspection.safeguarding_effective else "Not met"
    return "Effective" if inspection.safeguarding_effective else "Not effective"


def format_value(unit, value):
    if value is None:
        return "–"
    value = Decimal(value)
    if unit == Indicator.Unit.PERCENT:
        return f"{value.normalize():f}%"
    if unit == Indicator.Unit.POUNDS:
        return f"£{value:,.0f}"
    if unit == Indicator.Unit.OUTCOME:
        return "Met" if value >= 1 else "Not met"
    if unit == Indicator.Unit.NUMBER and value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}" if value != 0 else "0"


EVIDENCE_AREA_LABELS = {
    "quality_of_education": "Quality of education",
    "behaviour_and_attitudes": "Behaviour and attitudes",
    "personal_development": "Personal development",
    "leadership_and_management": "Leadership and management",
    "organisational_change": "Organisational change",
}


def evidence_area_label(key):
    return EVIDENCE_AREA_LABELS.get(key, key.replace("_", " ").capitalize())


def trend_word(indicator, values):
    """'Improving', 'Declining' or 'No change' from the first to the last known value; '' with fewer than two."""
    known = [v for v in values if v is not None]
    if len(known) < 2 or known[0] == known[-1]:
        return "No change" if len(known) >= 2 else ""
    better = (known[-1] > known[0]) == indicator.higher_is_better
    return "Improving" if better else "Declining"


def sparkline(values, *, width=120, height=36, pad=5):
    """Coordinates for a small SVG line chart of up to a few values (None = gap). Pure numbers, no markup."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return None
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(1, len(values) - 1)
    points = []
    for index, value in enumerate(values):
        if value is None:
            continue
        x = pad + index * step if len(values) > 1 else width / 2
        y = height - pad - (float(value) - low) / span * (height - 2 * pad) if high != low else height / 2
        points.append((round(x, 1), round(y, 1)))
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{x},{y}" for x, y in points),
    }
