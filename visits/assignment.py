"""Visits follow their school's QA lead (schools.signals.qa_lead_changed, sent inside the assignment's transaction).

The school's future visits that are not yet confirmed (planned, on or after today) go to the new QA lead. One
that falls on a day the new lead already has another visit moves to the nearest free school day of its term
(the planner's busy dates and propose_date, the calendar's school days: no weekend, bank holiday, half-term or
closure day); when the term has no free day left it keeps its date and the clash is reported. Confirmed, held
and cancelled visits, and past ones, keep their lead and date.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.dispatch import receiver

from qa_portal.dates import long_date
from schools.signals import qa_lead_changed

from . import calendar as cal
from .models import Visit
from .planner import propose_date
from .services import visit_move


@dataclass
class VisitsReassigned:
    """What moved to the new QA lead with one school."""

    school: object
    qa_lead: object
    same_day: list = field(default_factory=list)  # visits the new lead takes on their planned date
    moved: list = field(default_factory=list)  # (visit, its date before): the new lead was busy that day
    clashes: list = field(default_factory=list)  # kept their date: no free school day left in the term

    @property
    def visits(self):
        return [*self.same_day, *(visit for visit, _before in self.moved), *self.clashes]

    def messages(self):
        lead = self.qa_lead.get_full_name() or self.qa_lead.email
        count = len(self.visits)
        if not count:
            return []
        texts = [f"{count} future visit{'s' if count != 1 else ''} to {self.school.name} moved to {lead}."]
        for visit, before in self.moved:
            texts.append(
                f"{visit.visit_type.name} at {self.school.name} moved from {long_date(before)} to "
                f"{long_date(visit.planned_date)}: {lead} already had a visit on {long_date(before)}."
            )
        for visit in self.clashes:
            texts.append(
                f"{visit.visit_type.name} at {self.school.name} kept its date, {long_date(visit.planned_date)}, "
                "although "
                f"{lead} has another visit that day: there is no free school day left in that term."
            )
        return texts


def _term_window(visit, *, closures, today):
    """The school days after today of the visit's term (with its half-term break and closures left out)."""
    try:
        terms = cal.terms_for(authority=visit.school.authority, start_year=visit.academic_year)
    except ValueError:
        return []
    term = next((term for term in terms if term.code == visit.term), None)
    if term is None:
        return []
    breaks = [(term.half_term_break_starts, term.half_term_break_ends)]
    days = cal.school_days(term.starts_on, term.ends_on, closures=closures, breaks=breaks)
    return [day for day in days if day > today]


def visits_reassign(*, school, qa_lead, user, today):
    """Give the school's future planned visits to `qa_lead`, moving those that clash. Returns VisitsReassigned."""
    result = VisitsReassigned(school=school, qa_lead=qa_lead)
    visits = list(
        Visit.objects.filter(school=school, status=Visit.Status.PLANNED, planned_date__gte=today)
        .select_related("visit_type", "school__authority")
        .order_by("planned_date", "pk")
    )
    if not visits:
        return result
    ids = [visit.pk for visit in visits]
    open_visits = Visit.objects.exclude(status=Visit.Status.CANCELLED).filter(planned_date__gte=today)
    # Counts, not sets (as the planner keeps them): moving one visit off a day must not free another on it.
    lead_busy = Counter(open_visits.filter(qa_lead=qa_lead).exclude(pk__in=ids).values_list("planned_date", flat=True))
    school_busy = Counter(open_visits.filter(school=school).values_list("planned_date", flat=True))
    closures = cal.closure_days_for(school.authority)
    for visit in visits:
        before = visit.planned_date
        school_busy[before] -= 1  # the visit itself does not make its own day busy
        day = before
        if lead_busy[before] > 0:
            window = _term_window(visit, closures=closures, today=today)
            busy = {d for d, count in (lead_busy + school_busy).items() if count > 0}
            proposed = (
                propose_date(window=window, busy=busy, position=cal.position_in(window, before), today=today)
                if window
                else None
            )
            if proposed is not None and proposed not in busy:
                day = proposed
        visit.qa_lead = qa_lead
        if day != before:
            lead = qa_lead.get_full_name() or qa_lead.email
            reason = f"New QA lead: {lead} already had a visit on {long_date(before)}"
            visit_move(visit=visit, user=user, planned_date=day, reason=reason, today=today)
            result.moved.append((visit, before))
        else:
            visit.stamp(user)
            visit.full_clean(exclude=["school", "visit_type", "qa_lead"], validate_constraints=False)
            visit.save()
            (result.clashes if lead_busy[before] > 0 else result.same_day).append(visit)
        lead_busy[day] += 1
        school_busy[day] += 1
    return result


@receiver(qa_lead_changed, dispatch_uid="visits_follow_the_qa_lead")
def visits_follow_the_qa_lead(sender, school, qa_lead, user, today, **kwargs):
    return visits_reassign(school=school, qa_lead=qa_lead, user=user, today=today)
