"""How the service writes a date in a sentence: "1 December 2026" (GOV.UK style, no leading zero, no weekday),
and a moment "1 December 2026 at 2:30pm" (its local time; "midnight" and "midday" said as words)."""

import datetime

from django.utils import timezone


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: datetime.date) -> str:
    """ "9 Aug 2023": in a table cell, where space is short."""
    return f"{day.day} {day:%b %Y}"


def clock_time(moment: datetime.time | datetime.datetime) -> str:
    """ "2:30pm", "9am", "midnight", "midday"."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def long_datetime(moment: datetime.datetime) -> str:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{long_date(moment)} at {clock_time(moment)}"
