"""Academic calendar and working-day arithmetic.

A working day is Monday to Friday and not an England and Wales bank holiday (the `holidays` package).
School days (for proposing visit dates) are working days inside a term, outside its half-term break and not an
authority closure (INSET) day.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db import transaction

from qa_portal.academic_year import academic_year_for, year_label  # also used by other modules from here

from .models import AcademicYear, ClosureDay, Term

# The default England pattern: (start year) -> [(code, starts, ends, half-term break starts, break ends)].
# An authority admin can change its own copy; these only seed a year that has no dates yet.
DEFAULT_ENGLAND_TERMS = {
    2025: [
        ("autumn", date(2025, 9, 3), date(2025, 12, 19), date(2025, 10, 27), date(2025, 10, 31)),
        ("spring", date(2026, 1, 5), date(2026, 3, 27), date(2026, 2, 16), date(2026, 2, 20)),
        ("summer", date(2026, 4, 13), date(2026, 7, 22), date(2026, 5, 25), date(2026, 5, 29)),
    ],
    2026: [
        ("autumn", date(2026, 9, 2), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30)),
        ("spring", date(2027, 1, 4), date(2027, 3, 25), date(2027, 2, 15), date(2027, 2, 19)),
        ("summer", date(2027, 4, 12), date(2027, 7, 21), date(2027, 5, 31), date(2027, 6, 4)),
    ],
    2027: [
        ("autumn", date(2027, 9, 1), date(2027, 12, 17), date(2027, 10, 25), date(2027, 10, 29)),
        ("spring", date(2028, 1, 4), date(2028, 3, 31), date(2028, 2, 14), date(2028, 2, 18)),
        ("summer", date(2028, 4, 18), date(2028, 7, 21), date(2028, 5, 29), date(2028, 6, 2)),
    ],
}
TERM_ORDER = {"autumn": 1, "spring": 2, "summer": 3}


@lru_cache(maxsize=64)
def _bank_holidays(year):
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day):
    return day in _bank_holidays(day.year)


def is_working_day(day):
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start, days):
    """The date `days` working days after `start` (start itself does not count)."""
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def add_days(start, days, *, working):
    return add_working_days(start, days) if working else start + timedelta(days=days)


def academic_year_ensure(*, authority, start_year):
    """The authority's academic year with its three terms, seeded from the default England pattern if missing."""
    if start_year not in DEFAULT_ENGLAND_TERMS:
        existing = AcademicYear.objects.filter(authority=authority, start_year=start_year).first()
        if existing is None or not existing.terms.exists():
            raise ValueError(f"There are no term dates for {year_label(start_year)}. Add them first.")
        return existing
    with transaction.atomic():
        year, _ = AcademicYear.objects.get_or_create(authority=authority, start_year=start_year)
        if not year.terms.exists():
            for term in _default_terms(year):
                term.full_clean()
                term.save()
    return year


def _default_terms(year):
    """The default England pattern's terms of an academic year, not saved."""
    return [
        Term(
            academic_year=year,
            code=code,
            order=TERM_ORDER[code],
            starts_on=starts,
            ends_on=ends,
            half_term_break_starts=break_starts,
            half_term_break_ends=break_ends,
        )
        for code, starts, ends, break_starts, break_ends in DEFAULT_ENGLAND_TERMS[year.start_year]
    ]


def terms_for(*, authority, start_year):
    """The authority's terms of the year, saved (from the default England pattern when it has none yet): for writers
    (the planner, adding a visit, changing a term). Pages read `terms_of`, which saves nothing."""
    year = academic_year_ensure(authority=authority, start_year=start_year)
    return list(year.terms.order_by("order"))


def terms_of(*, authority, start_year):
    """The authority's terms of the year as they stand, saving nothing: its own dates, or else the default England
    pattern as unsaved terms. Raises ValueError when there are neither."""
    saved = list(
        Term.objects.filter(academic_year__authority=authority, academic_year__start_year=start_year)
        .select_related("academic_year")
        .order_by("order")
    )
    if saved:
        return saved
    if start_year not in DEFAULT_ENGLAND_TERMS:
        raise ValueError(f"There are no term dates for {year_label(start_year)}. Add them first.")
    return _default_terms(AcademicYear(authority=authority, start_year=start_year))


def term_of(*, authority, start_year, code):
    """One term as it stands (see terms_of), or None for a year or term that has no dates."""
    try:
        return next((term for term in terms_of(authority=authority, start_year=start_year) if term.code == code), None)
    except ValueError:
        return None


def closure_days_for(authority):
    return set(ClosureDay.objects.filter(authority=authority).values_list("date", flat=True))


def school_days(start, end, *, closures=frozenset(), breaks=()):
    """Working days from start to end inclusive, skipping closure days and (start, end) breaks."""
    days = []
    current = start
    while current <= end:
        in_break = any(b_start <= current <= b_end for b_start, b_end in breaks)
        if is_working_day(current) and current not in closures and not in_break:
            days.append(current)
        current += timedelta(days=1)
    return days


def _on(day):
    return f"{day.day} {day:%B %Y}"


def term_containing(day, terms):
    """The term (of `terms`) whose dates hold `day`, half-term break included, else None."""
    return next((term for term in terms if term.starts_on <= day <= term.ends_on), None)


def half_of(term, day):
    """Which half of `term` (0 or 1) `day` belongs to: a day in the break or outside the term, the nearer one."""
    first, second = term.half_terms()
    if day <= first[1]:
        return 0
    if day >= second[0]:
        return 1
    return 0 if (day - first[1]) <= (second[0] - day) else 1


def school_day_problem(day, *, terms, closures):
    """Why `day` is not a school day ("" when it is): a weekend, a bank holiday, the school holidays or a half-term
    break of `terms` (the authority's terms of that academic year), or one of `closures` ({date: reason})."""
    if day.weekday() >= 5:
        return f"{_on(day)} is a {day:%A}"
    if is_bank_holiday(day):
        name = holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)
        return f"{_on(day)} is a bank holiday ({name})" if name else f"{_on(day)} is a bank holiday"
    term = term_containing(day, terms)
    if term is None:
        before = [t for t in terms if t.ends_on < day]
        if before:
            last = before[-1]
            return (
                f"{_on(day)} is in the school holidays: the {last.get_code_display().lower()} term ends on "
                f"{_on(last.ends_on)}"
            )
        following = next((t for t in terms if t.starts_on > day), None)
        if following is not None:
            return (
                f"{_on(day)} is in the school holidays: the {following.get_code_display().lower()} term starts on "
                f"{_on(following.starts_on)}"
            )
        return f"{_on(day)} is not in term time"
    if term.half_term_break_starts <= day <= term.half_term_break_ends:
        return (
            f"{_on(day)} is in the {term.get_code_display().lower()} half-term break "
            f"({_on(term.half_term_break_starts)} to {_on(term.half_term_break_ends)})"
        )
    if day in closures:
        return f"{_on(day)} is a closure day: {closures[day]}"
    return ""


def closure_reasons_for(authority):
    """{date: reason} of the authority's closure days."""
    return dict(ClosureDay.objects.filter(authority=authority).values_list("date", "reason"))


def visit_day_problem(visit):
    """Why an open visit's date is not a school day of its school's authority ("" when it is, or when the visit is
    no longer open or the year has no term dates): the warning on the visit page. Saves nothing."""
    if not visit.is_open:
        return ""
    authority = visit.school.authority
    try:
        terms = terms_of(authority=authority, start_year=academic_year_for(visit.planned_date))
    except ValueError:
        return ""
    closures = dict(
        ClosureDay.objects.filter(authority=authority, date=visit.planned_date).values_list("date", "reason")
    )
    return school_day_problem(visit.planned_date, terms=terms, closures=closures)


def position_in(window, day):
    """Where `day` falls in `window` (0..1), so that the planner's propose_date starts from it and looks either side
    (a day before the window starts from its first day, one after it from its last)."""
    before = sum(1 for candidate in window if candidate < day)
    return (before + 0.5) / len(window)
