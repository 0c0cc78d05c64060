"""Meeting deadlines from the school's framework: agenda and papers before the meeting, minutes after it.

A meeting is planned at least its lead time ahead (the longer of the agenda and papers lead times), so that both
deadlines fall on or after the day it is planned. When its term or half term leaves no school day that far ahead
(a band raised late in a term), it is planned anyway as *short notice* (`Visit.short_notice`), and its agenda and
papers lead times are shortened in proportion to the notice there is (`short_notice_days`): the longer one is due
on the day the meeting was planned, the shorter one as far before the meeting as its share of the lead time (at
least one day before it when there is a day to spare). So no deadline of a new meeting is ever before the day it
was planned, and the order of the deadlines is the framework's. The minutes deadline is never shortened.
"""

from datetime import date, timedelta

from .calendar import add_days


def lead_days(framework) -> int:
    """How many days ahead a meeting must be planned for its agenda and papers deadlines to be met in full."""
    if framework is None:
        return 0
    return max(framework.agenda_days_before or 0, framework.papers_days_before or 0)


def is_short_notice(*, visit_type, planned_date: date, framework, planned_on: date) -> bool:
    """Whether a meeting on `planned_date`, planned on `planned_on`, falls inside its agenda or papers lead time."""
    if framework is None or not visit_type.is_meeting:
        return False
    return (planned_date - planned_on).days < lead_days(framework)


def short_notice_days(days_before: int, *, notice: int, lead: int) -> int:
    """`days_before` (a lead time of `lead` days) shortened to `notice` days, in proportion: the whole lead time
    becomes the whole notice, a shorter one its share of it (at least one day, never more than the notice)."""
    if notice <= 0:
        return 0
    return min(notice, max(1, days_before * notice // lead))


def deadlines_for(*, visit_type, planned_date, framework, planned_on=None):
    """(agenda_due, papers_due, minutes_due) for a meeting; (None, None, None) when not a meeting or no rule.

    With `planned_on` (the day the meeting was planned) and a meeting inside its lead time, the agenda and papers
    deadlines are the short-notice ones (never before `planned_on`)."""
    if framework is None or not visit_type.is_meeting:
        return None, None, None
    agenda_days, papers_days = framework.agenda_days_before or 0, framework.papers_days_before or 0
    if planned_on is not None and is_short_notice(
        visit_type=visit_type, planned_date=planned_date, framework=framework, planned_on=planned_on
    ):
        notice, lead = (planned_date - planned_on).days, lead_days(framework)
        agenda_days = short_notice_days(agenda_days, notice=notice, lead=lead) if agenda_days else 0
        papers_days = short_notice_days(papers_days, notice=notice, lead=lead) if papers_days else 0
    # No lead time in the framework: no deadline (a short-notice one of 0 days is due on the meeting day).
    agenda = planned_date - timedelta(days=agenda_days) if framework.agenda_days_before else None
    papers = planned_date - timedelta(days=papers_days) if framework.papers_days_before else None
    minutes = (
        add_days(planned_date, framework.minutes_days_after, working=framework.minutes_working_days)
        if framework.minutes_days_after
        else None
    )
    return agenda, papers, minutes


def deadline_state(due, done_on, today):
    """("done" | "overdue" | "due_soon" | "upcoming" | None, readable label) for one deadline."""
    if due is None:
        return None, ""
    if done_on is not None:
        return "done", "Done"
    if due < today:
        return "overdue", "Overdue"
    if (due - today).days <= 7:
        return "due_soon", "Due soon"
    return "upcoming", "Not yet due"
