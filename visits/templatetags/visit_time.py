"""When and where a visit is, in words: "Tuesday 8 December 2026, 9:30am to 11am, Brookmead Primary School,
meeting room". One phrase for the visit page, the agenda and its PDF, emails, notifications and the calendar feed.

    {% load visit_time %}{{ visit|when_where }}   {{ visit|visit_times }}
"""

from datetime import datetime, timedelta

from django import template

register = template.Library()


def clock(value):
    """A time as GOV.UK writes it: 9:30am, 11am, 2:15pm, midday, midnight."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def day(value):
    """Tuesday 8 December 2026."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def ends_at(visit):
    """When the visit ends (a time), or None when it has no start time or length."""
    if visit.start_time is None or not visit.duration_minutes:
        return None
    start = datetime.combine(visit.planned_date, visit.start_time)
    return (start + timedelta(minutes=visit.duration_minutes)).time()


@register.filter
def visit_times(visit):
    """ "9:30am to 11am" (or "from 9:30am" without a length); "" when no start time is set."""
    if visit.start_time is None:
        return ""
    end = ends_at(visit)
    if end is None:
        return f"from {clock(visit.start_time)}"
    return f"{clock(visit.start_time)} to {clock(end)}"


@register.filter
def visit_place(visit):
    """The venue, "online", or "<venue>, or online"; "" when neither is set."""
    venue = visit.venue.strip()
    if venue and visit.online_link:
        return f"{venue}, or online"
    if visit.online_link:
        return "online"
    return venue


@register.filter
def when_where(visit):
    """The day, the times and the place, as far as they are known."""
    return ", ".join(part for part in (day(visit.planned_date), visit_times(visit), visit_place(visit)) if part)
