"""Plan generation: from a school's published band and framework to planned visits, with proposed dates.

Everything the plan needs (which visits, how many, per year/term/half-term, the annual governance conversation)
comes from the framework rows. The unique constraint on Visit makes running a plan twice create nothing new.

A meeting is placed at least its agenda and papers lead time ahead of the day it is planned (deadlines.lead_days);
when its term or half term has no school day that far ahead it is planned anyway, as short notice, with shortened
deadlines that are never before the day it was planned (deadlines.py). The school's headteachers and the meeting's
QA lead are told of each new meeting after commit (`visit_planned`, once per visit).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from classification.models import Band, Framework
from classification.selectors import (
    current_framework_for_authority,
    published_band_for_school,
    published_classifications_for_schools,
)
from qa_portal.accounts.models import User
from qa_portal.data_versions import authority_data_changed
from qa_portal.dates import long_date
from qa_portal.links import urls_for
from qa_portal.notifications.services import notify
from qa_portal.wording import from_code
from schools.kinds import kinds_match
from schools.models import Authority, School
from schools.people import headteachers_of_schools

from . import calendar as cal
from .deadlines import deadlines_for, is_short_notice, lead_days
from .models import PlanChange, Term, Visit, VisitType
from .notifications import VISIT_PLANNED
from .visit_types import visit_types_ensure

GOVERNANCE_CONVERSATION = "annual_governance_conversation"
SCHOOLS_PER_GROUP = 500
BULK_BATCH = 2000

PlanTotals = dict[str, int]  # {"added": n, "removed": n, "kept": n} (and "schools": n for plan_visits)
Progress = Callable[[int, int], object]  # (schools done, schools in all)


@dataclass(frozen=True)
class Slot:
    term: str
    visit_type: str
    sequence: int
    half: int | None = None  # 0 or 1 for half-termly entitlements: which half of the term


def required_slots(
    *,
    school: School,
    framework: Framework | None,
    band: Band | None,
    terms: Sequence[Term],
    carries_trust_visits: bool = True,
) -> list[Slot]:
    """The visits the band's entitlements (and the framework's governance conversation) require in one year.

    An entitlement is planned only for the kinds of school it is for (`only_kinds`, `except_kinds`); one scoped to
    the trust (`scope = "trust"`) only at the academy that carries its trust's visits (`carries_trust_visits`)."""
    slots: list[Slot] = []
    counters: defaultdict[tuple[str, str], int] = defaultdict(int)

    def add(term: Term, code: str, half: int | None = None) -> None:
        counters[(term.code, code)] += 1
        slots.append(Slot(term=term.code, visit_type=code, sequence=counters[(term.code, code)], half=half))

    if band is not None:
        for entitlement in sorted(band.entitlements.all(), key=lambda e: e.pk):
            if not kinds_match(school, only=entitlement.only_kinds, exclude=entitlement.except_kinds):
                continue
            if entitlement.scope == "trust" and not carries_trust_visits:
                continue
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
                named = next((t for t in terms if t.code == entitlement.term), None)
                if named is not None:
                    for _ in range(entitlement.count):
                        add(named, entitlement.visit_type)
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


def _visit_type(code: str, cache: dict[str, VisitType]) -> VisitType:
    """The visit type for a code: from the catalogue (visit_types.VISIT_TYPES, restored if its rows are missing),
    or, for a code an authority added in its own framework settings, a plain new type."""
    if code not in cache:
        visit_type = VisitType.objects.filter(code=code).first()
        if visit_type is None:
            visit_types_ensure()
            visit_type = VisitType.objects.filter(code=code).first()
        if visit_type is None:
            visit_type = VisitType.objects.create(code=code, name=from_code(code))
        cache[code] = visit_type
    return cache[code]


def propose_date(
    *, window: Sequence[date], busy: Collection[date], position: float, today: date, lead_days: int = 0
) -> date | None:
    """A school day in `window` near `position` (0..1 through it), avoiding `busy` dates and the past.

    With `lead_days` (a meeting's agenda and papers lead time), only days at least that many days after today;
    when the window has none (late in a term), its latest free day: the most notice there can be."""
    days = [day for day in window if day > today]
    if not days:
        return None
    if lead_days:
        ahead = [day for day in days if (day - today).days >= lead_days]
        if not ahead:
            return next((day for day in reversed(days) if day not in busy), days[-1])
        days = ahead
    ideal = min(int(position * len(days)), len(days) - 1)
    for offset in range(len(days)):
        for candidate in (ideal + offset, ideal - offset):
            if 0 <= candidate < len(days) and days[candidate] not in busy:
                return days[candidate]
    return days[ideal]


@dataclass
class _AuthorityPlan:
    """What planning one authority's schools for a year needs, read once: terms, closures, school-day windows,
    the framework, visit types, and how many visits each QA lead and each school already has on each date."""

    authority: Authority
    start_year: int
    today: date
    reason: str
    type_cache: dict[str, VisitType]
    framework: Framework | None = None
    terms: list[Term] = field(default_factory=list)
    closures: set[date] = field(default_factory=set)
    windows: dict[tuple[str, int | None], list[date]] = field(default_factory=dict)  # (term code, half) -> days
    # Counts, not sets: freeing one visit's date must not free a lead's other visit on the same day.
    busy_by_lead: defaultdict[int, Counter[date]] = field(default_factory=lambda: defaultdict(Counter))
    busy_by_school: defaultdict[int, Counter[date]] = field(default_factory=lambda: defaultdict(Counter))
    leads_loaded: set[int] = field(default_factory=set)
    trust_carriers: dict[tuple[str, str], int] = field(default_factory=dict)  # (trust, band code) -> school id

    @property
    def term_by_code(self) -> dict[str, Term]:
        return {term.code: term for term in self.terms}

    def window(self, term: Term, half: int | None) -> list[date]:
        """School days after today in one term (half=None) or one half of it."""
        if (term.code, half) not in self.windows:
            if half is None:
                breaks = [(term.half_term_break_starts, term.half_term_break_ends)]
                days = cal.school_days(term.starts_on, term.ends_on, closures=self.closures, breaks=breaks)
            else:
                start, end = term.half_terms()[half]
                days = cal.school_days(start, end, closures=self.closures)
            self.windows[(term.code, half)] = [day for day in days if day > self.today]
        return self.windows[(term.code, half)]

    def busy_for(self, school: School) -> set[date]:
        """The dates this school's visit would clash with: its QA lead's visits in the year's terms, and the
        school's own visits this year."""
        lead_dates = self.busy_by_lead[school.qa_lead_id] if school.qa_lead_id else Counter[date]()
        return {day for day, count in (lead_dates + self.busy_by_school[school.pk]).items() if count > 0}

    def take(self, school: School, day: date) -> None:
        self.busy_by_school[school.pk][day] += 1
        if school.qa_lead_id:
            self.busy_by_lead[school.qa_lead_id][day] += 1

    def carries_trust_visits(self, school: School, band: Band) -> bool:
        """True when the school is the one of its trust's open academies in `band` (the first by name) at which
        the trust's visits are planned. A school outside a trust carries its own."""
        trust_key = school.trust_code or school.trust_name
        if not trust_key or school.is_maintained:
            return True
        cache_key = (trust_key, band.code)
        if cache_key not in self.trust_carriers:
            field_name = "trust_code" if school.trust_code else "trust_name"
            academies = list(
                School.objects.filter(authority=self.authority, is_maintained=False, **{field_name: trust_key})
                .exclude(status=School.Status.CLOSED)
                .order_by("name", "pk")
                .values_list("pk", flat=True)
            )
            bands = published_classifications_for_schools(academies)
            in_band = [pk for pk in academies if pk in bands and bands[pk].band.code == band.code]
            self.trust_carriers[cache_key] = in_band[0] if in_band else school.pk
        return self.trust_carriers[cache_key] == school.pk

    def free(self, school: School, day: date) -> None:
        self.busy_by_school[school.pk][day] -= 1
        if school.qa_lead_id:
            self.busy_by_lead[school.qa_lead_id][day] -= 1


def _load_busy_dates(plan: _AuthorityPlan, schools: Sequence[School]) -> None:
    """Each QA lead's visits (once per authority plan, whichever group of schools first needs them) and each
    school's own visits of the year."""
    first, last = plan.terms[0].starts_on, plan.terms[-1].ends_on
    lead_ids = {school.qa_lead_id for school in schools if school.qa_lead_id} - plan.leads_loaded
    rows = (
        Visit.objects.exclude(status=Visit.Status.CANCELLED)
        .filter(planned_date__gte=first, planned_date__lte=last, qa_lead_id__in=lead_ids)
        .values_list("qa_lead_id", "planned_date")
    )
    for lead_id, day in rows:
        plan.busy_by_lead[lead_id][day] += 1
    plan.leads_loaded |= lead_ids
    own = Visit.objects.filter(school_id__in=[school.pk for school in schools], academic_year=plan.start_year)
    for school_id, day in own.values_list("school_id", "planned_date"):
        plan.busy_by_school[school_id][day] += 1


def _plan_schools(*, plan: _AuthorityPlan, schools: Sequence[School], bands: Mapping[int, Band | None]) -> PlanTotals:
    """Plan a group of one authority's schools: reads in a few queries, writes in bulk. Returns the totals."""
    result = {"added": 0, "removed": 0, "kept": 0}
    framework = plan.framework
    term_by_code = plan.term_by_code
    year_label = cal.year_label(plan.start_year)
    existing_by_school: defaultdict[int, dict[tuple[str, str, int], Visit]] = defaultdict(dict)
    school_ids = [school.pk for school in schools]
    for visit in Visit.objects.filter(
        school_id__in=school_ids, academic_year=plan.start_year, is_extra=False
    ).select_related("visit_type"):
        existing_by_school[visit.school_id][(visit.term, visit.visit_type.code, visit.sequence)] = visit
    _load_busy_dates(plan, schools)

    removed: list[int] = []
    changes: list[PlanChange] = []
    new_visits: list[tuple[Visit, str]] = []  # (visit, description of the change)
    for school in schools:
        band = bands.get(school.pk)
        carries = band is None or not any(e.scope == "trust" for e in band.entitlements.all())
        if not carries and band is not None:
            carries = plan.carries_trust_visits(school, band)
        slots = (
            required_slots(
                school=school, framework=framework, band=band, terms=plan.terms, carries_trust_visits=carries
            )
            if framework
            else []
        )
        wanted = {(slot.term, slot.visit_type, slot.sequence): slot for slot in slots}
        existing = existing_by_school[school.pk]

        # Remove first, so freed dates can be reused.
        for key, visit in existing.items():
            if key in wanted:
                continue
            description = f"{visit.visit_type.name} on {visit.planned_date:%-d %B %Y} ({term_by_code[visit.term]})"
            if visit.status == Visit.Status.PLANNED and visit.planned_date > plan.today:
                changes.append(
                    PlanChange(
                        school=school,
                        academic_year=plan.start_year,
                        action=PlanChange.Action.REMOVED,
                        description=description,
                        reason=plan.reason,
                    )
                )
                removed.append(visit.pk)
                plan.free(school, visit.planned_date)
                result["removed"] += 1
            elif visit.status in (Visit.Status.CONFIRMED, Visit.Status.HELD):
                changes.append(
                    PlanChange(
                        school=school,
                        academic_year=plan.start_year,
                        visit=visit,
                        action=PlanChange.Action.KEPT,
                        description=description,
                        reason=f"{plan.reason}; kept because it is {visit.get_status_display().lower()}",
                    )
                )
                result["kept"] += 1

        if all(key in existing for key in wanted):
            continue
        busy = plan.busy_for(school)
        by_window: defaultdict[tuple[str, int | None], list[Slot]] = defaultdict(list)  # (term code, half)
        for slot in wanted.values():
            by_window[(slot.term, slot.half)].append(slot)
        for (term_code, half), window_slots in by_window.items():
            term = term_by_code[term_code]
            if term.ends_on <= plan.today:
                continue  # never add visits to a term that is over
            window = plan.window(term, half)
            if not window:
                continue  # this half-term (or term) has no school days left: nothing is added to the past
            for index, slot in enumerate(window_slots):
                if (slot.term, slot.visit_type, slot.sequence) in existing:
                    continue
                visit_type = _visit_type(slot.visit_type, plan.type_cache)
                planned_date = propose_date(
                    window=window,
                    busy=busy,
                    position=(index + 0.5) / len(window_slots),
                    today=plan.today,
                    lead_days=lead_days(framework) if visit_type.is_meeting else 0,
                )
                if planned_date is None:
                    continue
                short_notice = is_short_notice(
                    visit_type=visit_type, planned_date=planned_date, framework=framework, planned_on=plan.today
                )
                agenda_due, papers_due, minutes_due = deadlines_for(
                    visit_type=visit_type, planned_date=planned_date, framework=framework, planned_on=plan.today
                )
                visit = Visit(
                    school=school,
                    academic_year=plan.start_year,
                    term=slot.term,
                    visit_type=visit_type,
                    sequence=slot.sequence,
                    planned_date=planned_date,
                    qa_lead_id=school.qa_lead_id,
                    framework_name=framework.name if framework else "",
                    band_label=band.label if band else "",
                    agenda_due=agenda_due,
                    papers_due=papers_due,
                    minutes_due=minutes_due,
                    short_notice=short_notice,
                )
                # The school, type and lead were just loaded: checking that they exist would cost three queries.
                visit.full_clean(exclude=["school", "visit_type", "qa_lead"], validate_constraints=False)
                busy.add(planned_date)
                plan.take(school, planned_date)
                description = f"{visit_type.name} on {planned_date:%-d %B %Y} ({term}, {year_label})"
                new_visits.append((visit, description))

    with transaction.atomic():
        if removed:
            Visit.objects.filter(pk__in=removed, status=Visit.Status.PLANNED).delete()
        result["added"] = _create_visits(plan, new_visits, changes)
        PlanChange.objects.bulk_create(changes, batch_size=BULK_BATCH)
        authority_data_changed(plan.authority.pk)  # bulk inserts send no signals
        meetings = [
            change.visit
            for change in changes
            if change.action == PlanChange.Action.ADDED
            and change.visit is not None
            and change.visit.visit_type.is_meeting
            and change.visit.planned_date >= plan.today
        ]
        if meetings:
            # Robust: a failure to tell people (a mail server down) must not stop the rest of a national plan run.
            transaction.on_commit(lambda: _tell_planned_meetings(plan, meetings), robust=True)
    return result


def _deadlines_phrase(visit: Visit) -> str:
    """E.g. "the agenda is due 1 December 2026 and the papers 3 December 2026" (or one, or both on one day)."""
    agenda, papers = visit.agenda_due, visit.papers_due
    if agenda and papers:
        if agenda == papers:
            return f"the agenda and papers are due {long_date(agenda)}"
        return f"the agenda is due {long_date(agenda)} and the papers {long_date(papers)}"
    if agenda:
        return f"the agenda is due {long_date(agenda)}"
    if papers:
        return f"the papers are due {long_date(papers)}"
    return ""


def planned_meeting_text(visit: Visit) -> str:
    """What the headteachers and the QA lead are told of a meeting the plan added."""
    what = visit.visit_type.phrase
    article = "An" if what[:1].lower() in "aeiou" else "A"
    text = f"{article} {what} at {visit.school.name} is planned for {long_date(visit.planned_date)}"
    deadlines = _deadlines_phrase(visit)
    if visit.short_notice:
        return f"{text} (short notice: {deadlines})." if deadlines else f"{text} (short notice)."
    return f"{text}. {deadlines[:1].upper()}{deadlines[1:]}." if deadlines else f"{text}."


def _tell_planned_meetings(plan: _AuthorityPlan, meetings: Sequence[Visit]) -> int:
    """Tell each new meeting's school's headteachers and its QA lead (after commit): two reads for all of them,
    then one notify per meeting. Returns the number of notifications."""
    heads = headteachers_of_schools({visit.school_id for visit in meetings})
    lead_ids = {visit.qa_lead_id for visit in meetings if visit.qa_lead_id}
    leads = {person.pk: person for person in User.objects.filter(pk__in=lead_ids)} if lead_ids else {}
    told = 0
    for visit in meetings:
        with urls_for(None):  # notify gives the path the authority's prefix
            url = reverse("visits:detail", kwargs={"pk": visit.pk})
        recipients = [*heads.get(visit.school_id, []), leads.get(visit.qa_lead_id) if visit.qa_lead_id else None]
        told += notify(
            recipients=recipients,
            kind=VISIT_PLANNED,
            text=planned_meeting_text(visit),
            url=url,
            key=f"visit-planned:{visit.pk}",
            authority=plan.authority,
            email_template="visits/emails/visit_planned",
            context={"visit": visit, "school": visit.school, "reason": plan.reason},
        )
    return told


def _create_visits(plan: _AuthorityPlan, new_visits: list[tuple[Visit, str]], changes: list[PlanChange]) -> int:
    """Insert the new visits in bulk, each with its "added" change record. If another run planned some of them
    first (the unique constraint), insert one by one and skip those. Returns how many were added."""
    if not new_visits:
        return 0
    try:
        with transaction.atomic():
            Visit.objects.bulk_create([visit for visit, _ in new_visits], batch_size=BULK_BATCH)
        created = new_visits
    except IntegrityError:
        created = []
        for visit, description in new_visits:
            visit.pk = None
            try:
                with transaction.atomic():
                    visit.save()
            except IntegrityError:
                continue  # another run planned it first: the constraint keeps one
            created.append((visit, description))
    for visit, description in created:
        changes.append(
            PlanChange(
                school=visit.school,
                academic_year=plan.start_year,
                visit=visit,
                action=PlanChange.Action.ADDED,
                description=description,
                reason=plan.reason,
            )
        )
    return len(created)


def _authority_plan(
    *,
    authority: Authority,
    start_year: int,
    today: date,
    reason: str,
    type_cache: dict[str, VisitType],
    framework: Framework | None = None,
) -> _AuthorityPlan:
    return _AuthorityPlan(
        authority=authority,
        start_year=start_year,
        today=today,
        reason=reason,
        type_cache=type_cache,
        framework=framework or current_framework_for_authority(authority),
        terms=cal.terms_for(authority=authority, start_year=start_year),
        closures=cal.closure_days_for(authority),
    )


def school_plan(
    *,
    school: School,
    start_year: int,
    reason: str,
    band: Band | None = None,
    framework: Framework | None = None,
    today: date | None = None,
    type_cache: dict[str, VisitType] | None = None,
) -> PlanTotals:
    """Create the visits the school is owed in the year and remove future unconfirmed ones it is no longer owed.

    Held, confirmed and cancelled visits are never removed. Returns {"added": n, "removed": n, "kept": n}.
    """
    plan = _authority_plan(
        authority=school.authority,
        start_year=start_year,
        today=today or timezone.localdate(),
        reason=reason,
        type_cache={} if type_cache is None else type_cache,
        framework=framework,
    )
    if band is None:
        band = published_band_for_school(school)
    return _plan_schools(plan=plan, schools=[school], bands={school.pk: band})


def _school_groups(schools: QuerySet[School], authority_id: int) -> Iterator[list[School]]:
    """One authority's schools in groups of SCHOOLS_PER_GROUP, by pk, each group read when it is reached."""
    last_pk = 0
    while True:
        group = list(
            schools.filter(authority_id=authority_id, pk__gt=last_pk)
            .select_related("authority")
            .order_by("pk")[:SCHOOLS_PER_GROUP]
        )
        if group:
            yield group
        if len(group) < SCHOOLS_PER_GROUP:
            return
        last_pk = group[-1].pk


def plan_visits(
    *, start_year: int, authority: Authority | None = None, today: date | None = None, progress: Progress | None = None
) -> PlanTotals:
    """Plan every open school (of one authority, or all) for the academic year. Safe to run again.

    Works an authority at a time, in groups of schools read and written together, so that neither the queries nor
    the memory grow with the number of schools in the country."""
    open_schools = School.objects.exclude(status=School.Status.CLOSED)
    if authority is not None:
        open_schools = open_schools.filter(authority=authority)
    total = open_schools.count()
    authority_ids = list(open_schools.order_by("authority_id").values_list("authority_id", flat=True).distinct())
    totals = {"schools": 0, "added": 0, "removed": 0, "kept": 0}
    type_cache: dict[str, VisitType] = {}
    today = today or timezone.localdate()
    reason = f"Plan for {cal.year_label(start_year)}"
    for authority_id in authority_ids:
        plan: _AuthorityPlan | None = None
        for chunk in _school_groups(open_schools, authority_id):
            if plan is None:
                plan = _authority_plan(
                    authority=chunk[0].authority,
                    start_year=start_year,
                    today=today,
                    reason=reason,
                    type_cache=type_cache,
                )
            classifications = published_classifications_for_schools([school.pk for school in chunk])
            bands = {school_id: row.band for school_id, row in classifications.items()}
            result = _plan_schools(plan=plan, schools=chunk, bands=bands)
            totals["schools"] += len(chunk)
            for key in ("added", "removed", "kept"):
                totals[key] += result[key]
            if progress:
                progress(totals["schools"], total)
    return totals
