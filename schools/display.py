"""How register data reads to people: Ofsted outcomes, indicator values and small trend charts."""

from decimal import Decimal

from .imports.ofsted import REPORT_CARD_AREA_LABELS
from .models import Indicator, OfstedInspection

G = OfstedInspection.Grade
RC = OfstedInspection.ReportCardGrade

# Latest-outcome keys used by the register filter, its column and the downloads.
OUTCOME_CHOICES = [
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate (any)"),
    ("special_measures", "Special measures"),
    ("serious_weaknesses", "Serious weaknesses"),
    ("report_card", "Report card inspection"),
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


def outcome_label(framework, overall, category):
    """A short reading of one inspection's outcome, e.g. 'Inadequate: special measures'."""
    if framework is None:
        return "Not yet inspected"
    if category == OfstedInspection.CategoryOfConcern.SPECIAL_MEASURES:
        return "Inadequate: special measures"
    if category == OfstedInspection.CategoryOfConcern.SERIOUS_WEAKNESSES:
        return "Inadequate: serious weaknesses"
    if framework == OfstedInspection.Framework.REPORT_CARD:
        return "Report card inspection"
    if overall:
        return G(overall).label
    if framework == OfstedInspection.Framework.UNGRADED:
        return "Ungraded inspection"
    return "Not judged"


def outcome_tag(framework, overall, category):
    if category:
        return "govuk-tag--red"
    if framework == OfstedInspection.Framework.REPORT_CARD:
        return "govuk-tag--blue"
    return GRADE_TAGS.get(overall, "govuk-tag--grey")


def report_card_rows(inspection):
    """[(area label, grade label, tag class)] in the report card's own order."""
    rows = []
    for key, label in REPORT_CARD_AREA_LABELS.items():
        grade = inspection.report_card_grades.get(key)
        if grade in RC.values:
            rows.append((label, RC(grade).label, REPORT_CARD_TAGS[grade]))
    for key, grade in inspection.report_card_grades.items():  # areas this version does not name yet
        if key not in REPORT_CARD_AREA_LABELS and grade in RC.values:
            rows.append((key.replace("_", " ").capitalize(), RC(grade).label, REPORT_CARD_TAGS[grade]))
    return rows


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
