"""The rules engine: evidence + a framework (as data) -> a suggested band and readable reasons.

Nothing here knows which framework it runs. `gather_evidence` reads what the engine needs (a fixed number of
queries); `evaluate` is a pure function over that evidence, so it is easy to test and explain.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from schools.display import format_value
from schools.models import HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection, School
from schools.ofsted import (
    GRADED_JUDGEMENTS,
    REPORT_CARD_AREAS,
    OfstedPosition,
    position_summary,
    report_card_rank,
    worst_graded,
)

from .facts import Facts, facts_for_school
from .models import Assessment, Band, Classification, Criterion, EvidenceArea, Framework, Rule
from .reasons import Reason, ReasonKind

COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    Criterion.Comparator.LT: lambda value, limit: value < limit,
    Criterion.Comparator.LTE: lambda value, limit: value <= limit,
    Criterion.Comparator.GT: lambda value, limit: value > limit,
    Criterion.Comparator.GTE: lambda value, limit: value >= limit,
}


OFSTED_KINDS = frozenset(
    {
        Rule.Kind.OFSTED_CATEGORY,
        Rule.Kind.OFSTED_GRADE,
        Rule.Kind.OFSTED_JUDGEMENT,
        Rule.Kind.REPORT_CARD,
        Rule.Kind.SAFEGUARDING,
    }
)
# Rules that fire on a single event rather than on a count of concerns ("automatic triggers").
TRIGGERS = OFSTED_KINDS | {Rule.Kind.NEW_HEADTEACHER, Rule.Kind.TIME_IN_BAND, Rule.Kind.FACT}

# Facts the engine reads from a school's Ofsted history (schools.ofsted), usable by fact rules and criteria.
OFSTED_FACTS = {
    "ofsted_stuck": "Stuck school (DfE RISE criteria): Requires improvement or equivalent at the latest Ofsted "
    "inspection, below good at the one before",
}


def rule_family(rule: Rule) -> str:
    """Rules of one family say the same thing at different strengths; a reader is given only the strongest that
    fired (an inadequate school is not also "currently Requires improvement")."""
    if rule.kind in OFSTED_KINDS or rule.fact_key in OFSTED_FACTS:
        return "ofsted"
    if rule.kind == Rule.Kind.FACT:
        return f"fact:{rule.fact_key}"
    return str(rule.kind)


@dataclass
class IndicatorReading:
    code: str
    name: str
    unit: str
    value: Decimal
    national: Decimal | None
    period: str

    @property
    def display(self) -> str:
        """The value as the school page shows it: "96.3%", "Met", "£1,200"."""
        return str(format_value(self.unit, self.value))

    @property
    def national_display(self) -> str:
        return str(format_value(self.unit, self.national))


@dataclass
class Evidence:
    """Everything the engine looks at for one school on one date."""

    on_date: date
    is_maintained: bool
    phase: str
    indicators: dict[str, IndicatorReading] = field(default_factory=dict)  # by indicator code
    ofsted: OfstedPosition = field(default_factory=lambda: OfstedPosition(()))
    headteacher_event: HeadteacherEvent | None = None  # the latest
    facts: Facts = field(default_factory=dict)
    current_band: Band | None = None  # currently published
    current_band_since: date | None = None
    area_judgements: dict[str, str] = field(default_factory=dict)  # area key -> "concern" / "no_concern" / ...
    criterion_concerns: dict[str, bool] = field(default_factory=dict)  # criterion code -> the QA lead's call
    criterion_grades: dict[str, int] = field(default_factory=dict)  # graded criterion code -> the QA lead's grade
    sufficient_progress: bool | None = None
    capacity: str = ""  # the assessment's capacity to improve, one of the framework's levels (blank: not judged)

    @property
    def inspection(self) -> OfstedInspection | None:
        """The latest inspection of any kind."""
        return self.ofsted.latest


@dataclass
class Concern:
    criterion: Criterion
    text: str


@dataclass
class Result:
    band: Band | None
    reasons: list[Reason]
    concerns: list[Concern]
    areas_of_concern: list[EvidenceArea]
    fired_rules: list[Rule]
    grades: dict[str, int] = field(default_factory=dict)  # graded criterion code -> its grade (1 best to 4)

    @property
    def texts(self) -> list[str]:
        return [reason.text for reason in self.reasons]

    def summary(self) -> str:
        if self.band is None:
            return "No band suggested"
        return f"Suggested: {self.band.label} — " + "; ".join(
            reason.text for reason in self.reasons if reason.kind is not ReasonKind.NOTE
        )


def _fmt(number: Decimal | None) -> str:
    if number is None:
        return "—"
    return f"{number.normalize():f}"


def _with_unit(number: Decimal | None, unit: str) -> str:
    """A value in a reason as the school page shows it (schools.display.format_value): "96.3%", "Met"."""
    return _fmt(number) if number is None else format_value(unit, number)


def indicator_breach(criterion: Criterion, reading: IndicatorReading | None) -> tuple[bool, str | None]:
    """(breached: bool, text) for an indicator criterion and the school's reading (None if no value)."""
    threshold = criterion.threshold
    if reading is None or threshold is None:
        return False, None
    if criterion.basis == Criterion.Basis.NATIONAL:
        if reading.national is None:
            return False, None
        limit = reading.national + threshold
        text = f"{criterion.label}: {reading.name} {_with_unit(reading.value, reading.unit)} against "
        text += f"{_with_unit(reading.national, reading.unit)} nationally"
        if threshold:
            text += f" (threshold: national {'+' if threshold > 0 else '−'}{_fmt(abs(threshold))})"
    else:
        limit = threshold
        text = f"{criterion.label}: {reading.name} {_with_unit(reading.value, reading.unit)}"
        if reading.unit != Indicator.Unit.OUTCOME:  # "Safeguarding audit outcome Not met", not "(threshold Met)"
            text += f" (threshold {_with_unit(threshold, reading.unit)})"
    breached = COMPARE[criterion.comparator](reading.value, limit)
    return breached, f"{text}, {reading.period}"


def _applies(rule: Rule, evidence: Evidence) -> bool:
    if rule.capacity and evidence.capacity not in _csv(rule.capacity):
        return False
    if rule.applies_to == Rule.AppliesTo.MAINTAINED:
        return evidence.is_maintained
    if rule.applies_to == Rule.AppliesTo.ACADEMIES:
        return not evidence.is_maintained
    return True


def _band_allowed(band: Band, evidence: Evidence) -> bool:
    return evidence.is_maintained or not band.maintained_only


def _csv(text: str) -> set[str]:
    return {part.strip() for part in (text or "").split(",") if part.strip()}


def _months_between(start: date, end: date) -> int:
    """Whole months from start to end (1 March -> 1 April = 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


# The rubric's words for a grade ("1 Outstanding" ... "4 Inadequate"), as Ofsted grades.
GRADE_WORDS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}


def grade_label(grade: int) -> str:
    """ "3 Requires improvement": a grade as the rubric names it."""
    return f"{grade} {GRADE_WORDS[grade]}"


def grade_limits(text: str) -> list[Decimal] | None:
    """The three limits of `Criterion.grade_limits` ("0,10,25"), or None when blank or not three numbers."""
    try:
        limits = [Decimal(part) for part in _csv_list(text)]
    except ArithmeticError:
        return None
    return limits if len(limits) == 3 else None


def _csv_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def grade_from_value(limits: list[Decimal], value: Decimal) -> int:
    """Grade 1 at or below the first limit, 2 below the second, 3 at or below the third, 4 above it."""
    first, second, third = limits
    if value <= first:
        return 1
    if value < second:
        return 2
    if value <= third:
        return 3
    return 4


def criterion_grade(criterion: Criterion, evidence: Evidence) -> int | None:
    """A graded criterion's grade: from the indicator's value by `grade_limits`, else the QA lead's."""
    if not criterion.graded:
        return None
    if criterion.kind == Criterion.Kind.INDICATOR:
        limits = grade_limits(criterion.grade_limits)
        reading = evidence.indicators.get(criterion.indicator_code)
        if limits is not None:
            return None if reading is None else grade_from_value(limits, reading.value)
    return evidence.criterion_grades.get(criterion.code)


def _grade_text(criterion: Criterion, grade: int, evidence: Evidence) -> str:
    """ "1c Governance graded 3 (requires improvement)"; when the grade comes from an indicator's value, the reading
    first ("...: Governor vacancies 20% (threshold 10%), 2026/27: graded 3 (requires improvement)")."""
    graded = f"graded {grade} ({GRADE_WORDS[grade].lower()})"
    if criterion.kind == Criterion.Kind.INDICATOR and grade_limits(criterion.grade_limits) is not None:
        _breached, text = indicator_breach(criterion, evidence.indicators.get(criterion.indicator_code))
        if text is not None:
            return f"{text}: {graded}"
    return f"{criterion.label} {graded}"


def _concern_text(criterion: Criterion, evidence: Evidence, grade: int | None = None) -> str | None:
    """The reason text when the criterion is of concern for the school, else None. A graded criterion with a grade
    is of concern at its `concern_grade` or worse, whatever its threshold says."""
    if grade is not None:
        if criterion.concern_grade and grade >= criterion.concern_grade:
            return _grade_text(criterion, grade, evidence)
        if evidence.criterion_concerns.get(criterion.code) and criterion.kind == Criterion.Kind.INDICATOR:
            return f"{criterion.label} (QA lead's judgement)"
        return None
    if criterion.kind == Criterion.Kind.FACT:
        return criterion.label if evidence.facts.get(criterion.fact_key) else None
    if criterion.kind == Criterion.Kind.INDICATOR:
        breached, text = indicator_breach(criterion, evidence.indicators.get(criterion.indicator_code))
        if breached:
            return text
    # A judgement criterion, or an indicator within its threshold that the QA lead judged a concern all the same.
    if evidence.criterion_concerns.get(criterion.code):
        return f"{criterion.label} (QA lead's judgement)"
    return None


def evaluate(framework_data: "FrameworkData", evidence: Evidence) -> Result:
    """framework_data: FrameworkData (bands/areas/criteria/rules already loaded). Returns a Result."""
    concerns: list[Concern] = []
    concern_area_ids: set[int] = set()
    grades: dict[str, int] = {}
    for criterion in framework_data.criteria:
        if not criterion.applies_to_phase(evidence.phase):
            continue
        grade = criterion_grade(criterion, evidence)
        if grade is not None:
            grades[criterion.code] = grade
        text = _concern_text(criterion, evidence, grade)
        if text is not None:
            concerns.append(Concern(criterion=criterion, text=text))
            concern_area_ids.add(criterion.area_id)

    areas_of_concern = []
    for area in framework_data.areas:
        if area.pk in concern_area_ids or evidence.area_judgements.get(area.key) == "concern":
            areas_of_concern.append(area)

    fired: list[tuple[Band, str, Rule]] = []  # (band, reason text, rule)
    for rule in framework_data.rules:
        if not _applies(rule, evidence):
            continue
        outcome = _fire(rule, framework_data, evidence, concerns, areas_of_concern, grades)
        if outcome is None:
            continue
        band, text = outcome
        if _band_allowed(band, evidence):
            fired.append((band, text, rule))

    reasons: list[Reason] = []
    chosen: Band | None = None
    if fired:
        chosen = max(fired, key=lambda item: item[0].severity)[0]
        # The deciding rules first, then any others that fired, most severe first.
        families: set[str] = set()
        for band, text, rule in sorted(
            fired, key=lambda item: (-item[0].severity, item[2].kind not in TRIGGERS, item[2].order)
        ):
            # Less severe count rules add nothing a reader needs; less severe triggers are still worth knowing,
            # but only the strongest of each family.
            if band != chosen and rule.kind not in TRIGGERS:
                continue
            family = rule_family(rule)
            if family in families:
                continue
            families.add(family)
            reasons.append(
                Reason(
                    kind=ReasonKind.RULE,
                    rule=rule.code,
                    band=band.code,
                    trigger=rule.kind in TRIGGERS,
                    decisive=band == chosen,
                    text=text,
                )
            )
    for concern in concerns:
        reasons.append(Reason(kind=ReasonKind.CONCERN, criterion=concern.criterion.code, text=concern.text))
    note = _not_enough_note(framework_data, evidence, chosen, concerns)
    if note:
        reasons.append(Reason(kind=ReasonKind.NOTE, text=note))
    return Result(
        band=chosen,
        reasons=reasons,
        concerns=concerns,
        areas_of_concern=areas_of_concern,
        fired_rules=[rule for _band, _text, rule in fired],
        grades=grades,
    )


def _not_enough_note(
    framework_data: "FrameworkData", evidence: Evidence, chosen: Band | None, concerns: list[Concern]
) -> str | None:
    """Say so when concerns were found but too few for a more severe band ("not normally on one criterion
    alone"): a count rule that would have applied needs more criteria than the school has (and no rule for that
    band has its count of criteria met). What else that rule needs (areas of concern, criteria in its focus area)
    is said too, so the number is never read as enough on its own."""
    if not concerns or chosen is None:
        return None
    needs: list[tuple[int, int, int, str, str]] = []  # (severity, criteria needed, counted, band label, also)
    enough: set[int] = set()  # bands with a rule whose count of criteria is met: too few criteria is not the reason
    labels = {area.key: area.label for area in framework_data.areas}
    for rule in framework_data.rules:
        if rule.kind != Rule.Kind.CONCERNS or not _applies(rule, evidence) or rule.band is None:
            continue
        if rule.band.severity <= chosen.severity:
            continue
        limit = _csv(rule.areas)
        counted = len([c for c in concerns if not limit or c.criterion.area.key in limit])
        if counted >= rule.min_criteria:
            enough.add(rule.band.severity)
        elif counted > 0:
            extra: list[str] = []
            if rule.min_areas:
                extra.append(f"at least {_count(rule.min_areas, 'area', 'areas')} of concern")
            if rule.focus_area and rule.min_focus_criteria:
                focus = labels.get(rule.focus_area, rule.focus_area)
                extra.append(
                    f"at least {_count(rule.min_focus_criteria, 'criterion', 'criteria')} of concern in {focus}"
                )
            needs.append((rule.band.severity, rule.min_criteria, counted, rule.band.label, " and ".join(extra)))
    needs = [item for item in needs if item[0] not in enough]
    if not needs:
        return None
    _severity, need, count, label, also = min(needs)
    noun = "criterion of concern is" if count == 1 else "criteria of concern are"
    text = (
        f"{count} {noun} not enough on {'its' if count == 1 else 'their'} own for {label}: the framework needs {need}"
    )
    return f"{text}, with {also}" if also else text


def _fire(
    rule: Rule,
    framework_data: "FrameworkData",
    evidence: Evidence,
    concerns: list[Concern],
    areas_of_concern: list[EvidenceArea],
    grades: dict[str, int] | None = None,
) -> tuple[Band, str] | None:
    """(band, reason text) when the rule fires for this evidence, else None."""
    kind = rule.kind
    if kind == Rule.Kind.TIME_IN_BAND:
        return _fire_time_in_band(rule, framework_data, evidence)
    band = rule.band
    if band is None:  # every other kind of rule names its band (Rule.clean)
        return None
    if kind == Rule.Kind.DEFAULT:
        return band, f"{rule.label} → {band.label}"
    if kind == Rule.Kind.CONCERNS:
        limit = _csv(rule.areas)
        counted = [c for c in concerns if not limit or c.criterion.area.key in limit]
        counted_areas = [a for a in areas_of_concern if not limit or a.key in limit]
        if len(counted) < rule.min_criteria or len(counted_areas) < rule.min_areas:
            return None
        if not counted and not counted_areas:
            return None
        if rule.focus_area:
            in_focus = [c for c in concerns if c.criterion.area.key == rule.focus_area]
            if len(in_focus) < rule.min_focus_criteria:
                return None
        return band, f"{rule.label} → {band.label}: {_concerns_count_text(counted, counted_areas)}"
    if kind == Rule.Kind.GRADES:
        return _fire_grades(rule, band, framework_data, evidence, grades or {})
    if kind in OFSTED_KINDS:
        found = _ofsted_reason(rule, evidence.ofsted)
        return None if found is None else (band, f"{rule.label} → {band.label}: {found}")
    if kind == Rule.Kind.NEW_HEADTEACHER:
        event = evidence.headteacher_event
        if event is None or rule.months is None or event.started_on > evidence.on_date:
            return None
        if _months_between(event.started_on, evidence.on_date) >= rule.months:
            return None
        return band, (
            f"{rule.label} → at least {band.label}: new headteacher ({event.name}) "
            f"since {event.started_on:%B %Y}, within {rule.months} months"
        )
    if kind == Rule.Kind.FACT:
        if not evidence.facts.get(rule.fact_key):
            return None
        return band, f"{rule.label} → {band.label}"
    return None


def _fire_grades(
    rule: Rule, band: Band, framework_data: "FrameworkData", evidence: Evidence, grades: dict[str, int]
) -> tuple[Band, str] | None:
    """grades: at least `min_criteria` (at least 1) graded criteria, in `areas` when given, graded `grade` or worse."""
    if rule.grade is None:
        return None
    limit = _csv(rule.areas)
    graded = [
        (criterion, grades[criterion.code])
        for criterion in framework_data.criteria
        if criterion.code in grades
        and grades[criterion.code] >= rule.grade
        and (not limit or criterion.area.key in limit)
    ]
    if not graded or len(graded) < max(rule.min_criteria, 1):
        return None
    named = "; ".join(f"{c.label} graded {g} ({GRADE_WORDS[g].lower()})" for c, g in graded)
    return band, f"{rule.label} → {band.label}: {named}"


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _concerns_count_text(counted: list[Concern], counted_areas: list[EvidenceArea]) -> str:
    """What a concerns rule counted, as it is: an area is of concern because one of its criteria is, or because the
    QA lead recorded a concern for the whole area, and the two are said apart so that a count of criteria is never
    paired with areas that hold none of them ("3 criteria of concern in 2 areas (A, B); 2 more areas of concern
    recorded by the QA lead (C, D)")."""
    with_criteria = {c.criterion.area_id for c in counted}
    criteria_areas = [a for a in counted_areas if a.pk in with_criteria]
    judged_areas = [a for a in counted_areas if a.pk not in with_criteria]
    parts: list[str] = []
    if counted:
        text = _count(len(counted), "criterion", "criteria") + " of concern"
        if criteria_areas:
            names = ", ".join(a.label for a in criteria_areas)
            text += f" in {_count(len(criteria_areas), 'area', 'areas')} ({names})"
        parts.append(text)
    if judged_areas:
        names = ", ".join(a.label for a in judged_areas)
        more = "more " if counted else ""
        parts.append(
            f"{len(judged_areas)} {more}{'area' if len(judged_areas) == 1 else 'areas'} of concern "
            f"recorded by the QA lead ({names})"
        )
    return "; ".join(parts)


def _ofsted_reason(rule: Rule, position: OfstedPosition) -> str | None:
    """What Ofsted found that makes the rule fire, or None. Every kind reads what Ofsted currently says of the
    school: its latest graded or report-card inspection (monitoring and ungraded inspections change no grade)."""
    latest = position.latest_full
    if latest is None:
        return None
    kind = rule.kind
    when = f"inspection of {latest.start_date:%-d %B %Y}"
    if kind == Rule.Kind.OFSTED_CATEGORY:
        placed = position.category_inspection
        if placed is None or position.current_category not in _csv(rule.ofsted_categories):
            return None
        text = f"Ofsted placed the school in {placed.get_category_of_concern_display().lower()}"
        text += f" (inspection of {placed.start_date:%-d %B %Y})"
        monitoring = position.monitoring_since_category
        if monitoring:
            text += f"; it remains so after {len(monitoring)} monitoring inspection{'s' if len(monitoring) > 1 else ''}"
        return text
    if kind == Rule.Kind.SAFEGUARDING:
        if latest.safeguarding_effective is not False:
            return None
        finding = "not met" if latest.framework == OfstedInspection.Framework.REPORT_CARD else "not effective"
        return f"safeguarding {finding} ({when})"
    if kind == Rule.Kind.REPORT_CARD:
        if latest.framework != OfstedInspection.Framework.REPORT_CARD or not rule.report_card_grade:
            return None
        limit = report_card_rank(rule.report_card_grade)
        areas = _csv(rule.ofsted_areas)
        grades = latest.report_card_grades
        graded = [
            f"{label} {OfstedInspection.ReportCardGrade(grades[area]).label}"
            for area, label in REPORT_CARD_AREAS.items()
            if area in grades and (not areas or area in areas) and report_card_rank(grades[area]) >= limit
        ]
        if not graded:
            return None
        return "; ".join(graded) + f" (report card, {when})"
    if latest.framework != OfstedInspection.Framework.GRADED or rule.grade is None:
        return None
    if kind == Rule.Kind.OFSTED_GRADE:
        overall = latest.overall_effectiveness
        if not overall or overall < rule.grade:
            return None
        return f"overall effectiveness {OfstedInspection.Grade(overall).label} ({when})"
    if kind == Rule.Kind.OFSTED_JUDGEMENT:
        wanted = _csv(rule.ofsted_areas)
        named = [j for j in GRADED_JUDGEMENTS if j in wanted]  # in Ofsted's order
        worst = worst_graded(latest, named)
        if worst is None or worst < rule.grade:
            return None
        judged = [GRADED_JUDGEMENTS[j].lower() for j in named if (getattr(latest, j) or 0) >= rule.grade]
        grade = OfstedInspection.Grade(worst).label
        return f"{grade} for {_and_list(judged)} ({when})"
    return None


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _fire_time_in_band(rule: Rule, framework_data: "FrameworkData", evidence: Evidence) -> tuple[Band, str] | None:
    current = evidence.current_band
    since = evidence.current_band_since
    # By code: a school published under an earlier version of the framework is in the same band of this one.
    from_band = rule.from_band
    if current is None or from_band is None or current.code != from_band.code or since is None or rule.months is None:
        return None
    if evidence.sufficient_progress is not False:
        return None
    months = _months_between(since, evidence.on_date)
    if months < rule.months:
        return None
    target = rule.band or framework_data.next_band(current)
    if target is None:
        return None
    return target, (
        f"{rule.label} → {target.label}: in {current.label} since "
        f"{since:%-d %B %Y} ({months} months) without sufficient progress"
    )


class FrameworkData:
    """A framework with its bands, areas, criteria and rules loaded once (4 queries)."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.bands = list(framework.bands.order_by("severity"))
        by_id: dict[int | None, Band] = {band.pk: band for band in self.bands}
        self.areas = list(framework.areas.order_by("order"))
        areas_by_id = {area.pk: area for area in self.areas}
        self.criteria = list(framework.criteria.order_by("area__order", "order"))
        for criterion in self.criteria:
            criterion.area = areas_by_id[criterion.area_id]
        self.rules = list(framework.rules.order_by("order"))
        for rule in self.rules:
            rule.band = by_id.get(rule.band_id)
            rule.from_band = by_id.get(rule.from_band_id)

    def next_band(self, band: Band) -> Band | None:
        for candidate in self.bands:
            if candidate.severity > band.severity and not candidate.is_academy_track:
                return candidate
        return None

    @property
    def indicator_codes(self) -> set[str]:
        return {c.indicator_code for c in self.criteria if c.kind == Criterion.Kind.INDICATOR}


def latest_indicator_readings(school: School, codes: Iterable[str] | None = None) -> dict[str, IndicatorReading]:
    """{code: IndicatorReading} with the latest period per indicator for this school (one query)."""
    values = (
        IndicatorValue.objects.filter(school=school).select_related("indicator").order_by("indicator_id", "-period")
    )
    if codes is not None:
        values = values.filter(indicator__code__in=list(codes))
    readings: dict[str, IndicatorReading] = {}
    for value in values:
        code = value.indicator.code
        if code in readings:
            continue
        national = value.national if value.national is not None else value.indicator.national_value
        readings[code] = IndicatorReading(
            code=code,
            name=value.indicator.name,
            unit=value.indicator.unit,
            value=value.value,
            national=national,
            period=value.period,
        )
    return readings


def gather_evidence(
    school: School,
    framework_data: FrameworkData,
    on_date: date,
    *,
    assessment: Assessment | None = None,
    current: Classification | None = None,
) -> Evidence:
    """Collect the evidence for `school` on `on_date`. `current` is the published Classification (or None)."""
    evidence = Evidence(on_date=on_date, is_maintained=school.is_maintained, phase=school.phase)
    evidence.indicators = latest_indicator_readings(school, framework_data.indicator_codes)
    evidence.ofsted = OfstedPosition.of(list(OfstedInspection.objects.filter(school=school, start_date__lte=on_date)))
    evidence.headteacher_event = (
        HeadteacherEvent.objects.filter(school=school, started_on__lte=on_date).order_by("-started_on", "-pk").first()
    )
    evidence.facts = facts_for_school(school, on_date)
    evidence.facts["ofsted_stuck"] = evidence.ofsted.stuck
    if current is not None:
        evidence.current_band = current.band
        evidence.current_band_since = current.band_since
    if assessment is not None and assessment.pk:
        evidence.area_judgements = {j.area.key: j.judgement for j in assessment.area_judgements.select_related("area")}
        judgements = list(assessment.criterion_judgements.select_related("criterion"))
        evidence.criterion_concerns = {j.criterion.code: j.is_concern for j in judgements}
        evidence.criterion_grades = {j.criterion.code: j.grade for j in judgements if j.grade is not None}
        evidence.sufficient_progress = assessment.sufficient_progress
    if assessment is not None:
        evidence.capacity = assessment.capacity
    return evidence


def snapshot(evidence: Evidence, result: Result | None = None) -> dict[str, object]:
    """What the engine looked at, kept with the assessment (JSON); with the result, the criteria's grades."""
    inspection = evidence.ofsted.latest_full
    event = evidence.headteacher_event
    return {
        "on_date": evidence.on_date.isoformat(),
        "indicators": {
            code: {
                "name": r.name,
                "unit": r.unit,
                "value": str(r.value),
                "national": None if r.national is None else str(r.national),
                "period": r.period,
            }
            for code, r in evidence.indicators.items()
        },
        "ofsted": None
        if inspection is None
        else {
            "start_date": inspection.start_date.isoformat(),
            "overall_effectiveness": inspection.get_overall_effectiveness_display()
            if inspection.overall_effectiveness
            else "",
            "framework": inspection.framework,
            "category_of_concern": evidence.ofsted.current_category,
            "report_card_grades": dict(inspection.report_card_grades),
            "safeguarding_effective": inspection.safeguarding_effective,
            "summary": position_summary(evidence.ofsted),
        },
        "headteacher": None if event is None else {"name": event.name, "started_on": event.started_on.isoformat()},
        "facts": {key: bool(value) for key, value in evidence.facts.items()},
        "grades": {} if result is None else dict(result.grades),
        "capacity": evidence.capacity,
    }
