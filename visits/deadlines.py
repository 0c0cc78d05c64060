"""Meeting deadlines from the school's framework: agenda and papers before the meeting, minutes after it."""

from datetime import timedelta

from .calendar import add_days


def deadlines_for(*, visit_type, planned_date, framework):
    """(agenda_due, papers_due, minutes_due) for a meeting; (None, None, None) when not a meeting or no rule."""
    if framework is None or not visit_type.is_meeting:
        return None, None, None
    agenda = planned_date - timedelta(days=framework.agenda_days_before) if framework.agenda_days_before else None
    papers = planned_date - timedelta(days=framework.papers_days_before) if framework.papers_days_before else None
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
