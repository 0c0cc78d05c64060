"""How the service writes a date in a sentence: "1 December 2026" (GOV.UK style, no leading zero, no weekday)."""

import datetime


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
