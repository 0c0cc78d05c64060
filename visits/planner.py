"""Plan generation: from a school's published band and framework to planned visits, with proposed dates.

Everything the plan needs (which visits, how many, per year/term/half-term, the annual governance conversation)
comes from the framework rows. The unique constraint on Visit makes running a plan twice create nothing new.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from classification.selectors import framework_for_school, published_band_for_school
from schools.models import School

from . import calendar as cal
from .deadlines import deadlines_for
from .models import PlanChange, Visit, VisitType
from .visit_types import visit_types_ensure

GOVERNANCE_CONVERSATION = "annual_governance_conversation"


@dataclass(frozen=True)
class Slot:
    term: str
    visit_type: str
    sequence: int
    half: int | None = None  # 0 or 1 for half-termly entitlements: which half of the term


def required_slots(*, school, framework, band, terms):
    """The visits the band's entitlements (and the framework's governance conversation) require in one year."""
    slots = []
    counters = defaultdict(int)

    def add(term, code, half=None):
        counters[(term.code, code)] += 1
        slots.append(Slot(term=term.code, visit_type=code, sequence=counters[(term.code, code)], half=half))

    if band is not None:
        for entitlement in sorted(band.entitlements.all(), key=lambda e: e.pk):
            if entitlement.per == "term":
                for term in terms:
                    for _ in range(entitlement.count):
                        add(term, entitlement.visit_type)
            elif entitlement.per == "half_term":
                for term in terms:
                    for half in (0, 1):
                        for _ in range(entitlement.count):
                            add(term, entitlement.visit_type, half)
            elif entitlement.term:
                # The policy names the term (e.g. West Somerset's Autumn improvement-plan evaluation).
                term = next((t for t in terms if t.code == entitlement.term), None)
                for _ in range(entitlement.count if term else 0):
                    add(term, entitlement.visit_type)
            else:
                # Spread a yearly count evenly over the terms: 1 -> spring; 2 -> autumn, summer; 3 -> one each.
                for index in range(entitlement.count):
                    term = terms[int((index + 0.5) * len(terms) / entitlement.count)]
                    add(term, entitlement.visit_type)
    if (
        framework is not None
        and framework.annual_governance_conversation
        and school.is_maintained
        and not any(slot.visit_type == GOVERNANCE_CONVERSATION for slot in slots)
    ):
        add(terms[len(terms) // 2], GOVERNANCE_CONVERSATION)
    return slots


def _visit_type(code, cache):
    """The visit type for a code: from the catalogue (visit_types.VISIT_TYPES, restored if its rows are missing),
    or, for a code an authority added in its own framework settings, a plain new type."""
    if code not in cache:
        visit_type = VisitType.objects.filter(code=code).first()
        if visit_type is None:
            visit_types_ensure()
            visit_type = VisitType.objects.filter(code=code).first()
        if visit_type is None:
            visit_type = VisitType.objects.create(code=code, name=code.replace("_", " ").capitalize())
        cache[code] = visit_type
    return cache[code]


def propose_date(*, window, busy, position, today):
    """A school day in `window` near `position` (0..1 through it), avoiding `busy` dates and the past."""
    days = [day for day in window if day > today]
    if not days:
        return None
    ideal = min(int(position * len(days)), len(days) - 1)
    for offset in range(len(days)):
        for candidate in (ideal + offset, ideal - offset):
            if 0 <= candidate < len(days) and days[candidate] not in busy:
                return days[candidate]
    return days[ideal]


def school_plan(*, school, start_year, reason, band=None, framework=None, today=None, type_cache=None):
    """Create the visits the school is owed in the year and remove future unconfirmed ones it is no longer owed.

    Held, confirmed and cancelled visits are never removed. Returns {"added": n, "removed": n, "kept": n}.
    """
    today = today or timezone.localdate()
    type_cache = {} if type_cache is None else type_cache
    framework = framework or framework_for_school(school)
    if band is None:
        band = published_band_for_school(school)
    terms = cal.terms_for(authority=school.authority, start_year=start_year)
    term_by_code = {term.code: term for term in terms}
    slots = required_slots(school=school, framework=framework, band=band, terms=terms) if framework else []
    wanted = {(slot.term, slot.visit_type, slot.sequence): slot for slot in slots}
    existing = {
        (visit.term, visit.visit_type.code, visit.sequence): visit
        for visit in Visit.objects.filter(school=school, academic_year=start_year, is_extra=False).select_related(
            "visit_type"
        )
    }
    result = {"added": 0, "removed": 0, "kept": 0}
    year_label = cal.year_label(start_year)

    # Remove first, so freed dates can be reused.
    for key, visit in existing.items():
        if key in wanted:
            continue
        description = f"{visit.visit_type.name} on {visit.planned_date:%d %B %Y} ({term_by_code[visit.term]})"
        if visit.status == Visit.Status.PLANNED and visit.planned_date > today:
            PlanChange.objects.create(
                school=school,
                academic_year=start_year,
                action=PlanChange.Action.REMOVED,
                description=description,
                reason=reason,
            )
            visit.delete()
            result["removed"] += 1
        elif visit.status in (Visit.Status.CONFIRMED, Visit.Status.HELD):
            PlanChange.objects.create(
                school=school,
                academic_year=start_year,
                visit=visit,
                action=PlanChange.Action.KEPT,
                description=description,
                reason=f"{reason}; kept because it is {visit.get_status_display().lower()}",
            )
            result["kept"] += 1

    missing = [slot for key, slot in wanted.items() if key not in existing]
    if not missing:
        return result
    closures = cal.closure_days_for(school.authority)
    lead = school.qa_lead
    busy_qs = Visit.objects.exclude(status=Visit.Status.CANCELLED).filter(
        planned_date__gte=terms[0].starts_on, planned_date__lte=terms[-1].ends_on
    )
    busy_qs = busy_qs.filter(qa_lead=lead) if lead else busy_qs.filter(school=school)
    busy = set(busy_qs.values_list("planned_date", flat=True))
    busy |= set(Visit.objects.filter(school=school, academic_year=start_year).values_list("planned_date", flat=True))

    by_window = defaultdict(list)
    for slot in wanted.values():
        by_window[(slot.term, slot.half)].append(slot)
    for (term_code, half), window_slots in by_window.items():
        term = term_by_code[term_code]
        if term.ends_on <= today:
            continue  # never add visits to a term that is over
        if half is None:
            window = cal.school_days(
                term.starts_on,
                term.ends_on,
                closures=closures,
                breaks=[(term.half_term_break_starts, term.half_term_break_ends)],
            )
        else:
            start, end = term.half_terms()[half]
            window = cal.school_days(start, end, closures=closures)
        window = [day for day in window if day > today]
        if not window:
            continue  # this half-term (or term) has no school days left: nothing is added to the past
        for index, slot in enumerate(window_slots):
            if (slot.term, slot.visit_type, slot.sequence) in existing:
                continue
            planned_date = propose_date(
                window=window, busy=busy, position=(index + 0.5) / len(window_slots), today=today
            )
            if planned_date is None:
                continue
            visit_type = _visit_type(slot.visit_type, type_cache)
            agenda_due, papers_due, minutes_due = deadlines_for(
                visit_type=visit_type, planned_date=planned_date, framework=framework
            )
            visit = Visit(
                school=school,
                academic_year=start_year,
                term=slot.term,
                visit_type=visit_type,
                sequence=slot.sequence,
                planned_date=planned_date,
                qa_lead=lead,
                framework_name=framework.name if framework else "",
                band_label=band.label if band else "",
                agenda_due=agenda_due,
                papers_due=papers_due,
                minutes_due=minutes_due,
            )
            visit.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    visit.save()
            except IntegrityError:
                continue  # another run planned it first: the constraint keeps one
            busy.add(planned_date)
            PlanChange.objects.create(
                school=school,
                academic_year=start_year,
                visit=visit,
                action=PlanChange.Action.ADDED,
                description=f"{visit_type.name} on {planned_date:%d %B %Y} ({term}, {year_label})",
                reason=reason,
            )
            result["added"] += 1
    return result


def plan_visits(*, start_year, authority=None, today=None, progress=None):
    """Plan every open school (of one authority, or all) for the academic year. Safe to run again."""
    schools = School.objects.exclude(status=School.Status.CLOSED).select_related("authority", "qa_lead")
    if authority is not None:
        schools = schools.filter(authority=authority)
    schools = list(schools.order_by("authority_id", "pk"))
    totals = {"schools": 0, "added": 0, "removed": 0, "kept": 0}
    type_cache = {}
    reason = f"Plan for {cal.year_label(start_year)}"
    for index, school in enumerate(schools, start=1):
        result = school_plan(school=school, start_year=start_year, reason=reason, today=today, type_cache=type_cache)
        totals["schools"] += 1
        for key in ("added", "removed", "kept"):
            totals[key] += result[key]
        if progress:
            progress(index, len(schools))
    return totals
