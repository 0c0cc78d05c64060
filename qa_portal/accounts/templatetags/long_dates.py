"""{{ moment|long_datetime }}: "9 August 2023 at 2:30pm" (local time); {{ time|clock_time }}: "2:30pm"."""

from django import template

from qa_portal import dates

register = template.Library()


@register.filter
def long_datetime(moment):
    return dates.long_datetime(moment) if moment else ""


@register.filter
def clock_time(moment):
    return dates.clock_time(moment) if moment else ""
