"""The dates factories default to. Never the real clock: CI runs the suite again with `--start-at` future dates."""

import datetime as dt

from django.utils import timezone

# The suite's usual day: BROWSER_CLOCK's, and the day most tests freeze the clock at.
TODAY = dt.date(2026, 11, 24)


def at_noon(day):
    """Midday of `day`, in the project's time zone (for the *_at fields of rows dated by a day)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
