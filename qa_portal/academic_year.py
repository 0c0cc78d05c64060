"""The English school year runs from 1 September to 31 August; a year is named by its start (2026 = 2026/27)."""

from datetime import date


def academic_year_for(day):
    """Start year of the academic year containing `day`."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_start(day):
    """1 September of the academic year containing `day`."""
    return date(academic_year_for(day), 9, 1)


def year_label(start_year):
    return f"{start_year}/{(start_year + 1) % 100:02d}"
