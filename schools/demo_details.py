"""Demo Borough's GIAS-like details, headteachers, Ofsted histories and three years of indicators.

Deterministic (seeded) and idempotent: running seed_demo again finds the same rows and changes nothing.
Every school gets indicators for 2023/24, 2024/25 and 2025/26 that fit its phase and its Ofsted story. Ofsted
histories follow Ofsted's own calendar (OfstedStory): overall grades before September 2024, key judgements without
one ("Not judged") to November 2025, report cards since; ungraded inspections of good schools, monitoring of schools
in a category of concern. As they read in 2026/27 (in another year every date moves by whole years):
- Dunmore Primary School has been in special measures since a graded inspection in October 2024 (key judgements
  inadequate, safeguarding not effective), with two monitoring inspections since and a new headteacher since
  January 2026;
- Millbrook High School has serious weaknesses (requires significant improvement) since June 2025;
- Queensbury Primary School's report card (December 2025) has Urgent improvement for achievement: it requires
  significant improvement;
- Ironstone Primary School is "stuck": Requires improvement in 2022, then Requires improvement for quality of
  education and leadership in December 2024;
- Hollins Park Primary Academy was inspected under the report-card framework in January 2026, and a dozen other
  schools due an inspection have report cards from 2025/26, a few with Needs attention.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qa_portal.academic_year import academic_year_for

from .models import HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection, School
from .services import indicator_catalogue_ensure

PERIODS = ["2023/24", "2024/25", "2025/26"]

SPECIAL_MEASURES_NAME = "Dunmore Primary School"
REPORT_CARD_NAME = "Hollins Park Primary Academy"
SERIOUS_WEAKNESSES_NAME = "Millbrook High School"
STUCK_NAME = "Ironstone Primary School"
URGENT_IMPROVEMENT_NAME = "Queensbury Primary School"

_FIRST = [
    "Grace",
    "Mark",
    "Helen",
    "David",
    "Sarah",
    "Imran",
    "Joanne",
    "Peter",
    "Rachel",
    "Simon",
    "Fiona",
    "Daniel",
    "Claire",
    "Tariq",
    "Louise",
    "Gareth",
    "Emma",
    "Neil",
    "Amanda",
    "Rajesh",
    "Kate",
    "Stuart",
    "Bethan",
    "Paul",
]
_LAST = [
    "Adeyemi",
    "Evans",
    "Clarke",
    "Hughes",
    "Patel",
    "Morgan",
    "Walsh",
    "Turner",
    "Hussain",
    "Bennett",
    "Price",
    "O'Neill",
    "Kaur",
    "Fletcher",
    "Davies",
    "Mensah",
    "Robinson",
    "Lloyd",
    "Chowdhury",
    "Sutton",
    "Barker",
    "Ng",
]
_STREETS = ["Church Lane", "School Road", "Mill Street", "Park Avenue", "Station Road", "Green Lane", "Hill Rise"]
_TOWNS = ["Demoton", "Brookfield", "Castlebury", "Eastwick"]
_TRUSTS = [
    ("16473", "Severn Learning Trust"),
    ("17001", "Wrekin Valley Academy Trust"),
    ("17102", "St Chad's Diocesan Multi-Academy Trust"),
]
_FREE_SCHOOL_TRUST = ("17230", "Northgate Education Trust")

# Latest graded outcome, weighted as nationally: Outstanding, Good, Requires improvement, Inadequate.
_GRADE_WEIGHTS = [12, 66, 18, 4]
_STRENGTH = {1: 0.8, 2: 0.3, 3: -0.45, 4: -0.9}

# England figures per year where they moved; other years fall back to the catalogue's comparator.
_NATIONAL = {
    "attendance_pct": ["93.1", "93.0", "93.3"],
    "persistent_absence_pct": ["20.0", "17.8", "17.0"],
    "eyfs_gld_pct": ["67.7", "68.3", "68.8"],
    "ks2_expected_pct": ["61.0", "62.0", "62.0"],
    "attainment8": ["45.9", "45.9", "46.1"],
    "suspensions_rate": ["11.31", "11.10", "10.90"],
}


def _profile(school):
    """(kind, low age, high age, roll range) from the demo school's phase and type."""
    t = school.establishment_type
    if t == "Pupil referral unit":
        return "pru", 5, 16, (20, 60)
    if school.type_group == School.TypeGroup.SPECIAL:
        return "special", 2, 19, (80, 180)
    if school.phase == School.Phase.NURSERY:
        return "nursery", 2, 5, (60, 120)
    if school.phase == School.Phase.SECONDARY:
        return "secondary", 11, 18 if school.urn % 2 else 16, (700, 1500)
    if school.phase == School.Phase.ALL_THROUGH:
        return "all_through", 4, 18, (1100, 1900)
    if "Infant" in school.name:
        return "infant", 4, 7, (90, 270)
    return "primary", 4, 11, (180, 460)


def _clamp(value, low, high):
    return max(low, min(high, value))


def _values_for(kind, high_age, strength, year, rng, maintained, story):
    """{code: value} for one school-year. `year` is 0, 1, 2; `story` shifts the trend."""
    drift = {"decline": -0.35 * year, "improve": 0.25 * year}.get(story, 0.0)
    wobble = 0.25 if story == "decline" else 1.0  # the special-measures story reads clearly year on year
    s = _clamp(strength + drift + wobble * rng.uniform(-0.15, 0.15), -1.3, 1.0)

    def n(mu, sigma):
        return rng.gauss(mu, sigma * wobble)

    out = {}
    base_attendance = {"pru": 76, "special": 88.5, "secondary": 91.0, "all_through": 92.0}.get(kind, 94.6)
    base_pa = {"pru": 58, "special": 31, "secondary": 22, "all_through": 19}.get(kind, 15)
    out["attendance_pct"] = round(_clamp(base_attendance + 1.8 * s + 0.2 * year + n(0, 0.4), 60, 99), 1)
    out["persistent_absence_pct"] = round(_clamp(base_pa - 7 * s - 0.9 * year + n(0, 1.5), 1.5, 80), 1)
    if kind != "nursery":
        base_susp = {"pru": 45, "special": 12, "secondary": 18, "all_through": 14}.get(kind, 1.8)
        out["suspensions_rate"] = round(_clamp(base_susp * (1 - 0.55 * s) + n(0, base_susp * 0.1), 0, 120), 2)
        secondaryish = kind in ("secondary", "all_through", "pru")
        out["permanent_exclusions"] = max(0, round(n(1.5 - 1.5 * s, 1))) if secondaryish else int(rng.random() < 0.04)
        out["modified_timetables"] = max(0, round(n({"pru": 6, "special": 3}.get(kind, 1) - s, 1)))
        out["ehe_removals"] = max(0, round(n(2.5 - s if secondaryish else 0.8 - 0.5 * s, 1)))
        out["send_gap"] = round(_clamp(45 - 8 * s + n(0, 4), 15, 70), 1)
    if kind in ("nursery", "primary", "infant", "all_through"):
        out["eyfs_gld_pct"] = round(_clamp(68 + 9 * s + n(0, 4), 30, 95), 1)
        out["disadvantaged_gap_eyfs"] = round(_clamp(20 - 7 * s + n(0, 3), 2, 40), 1)
    if kind == "infant":
        out["ks1_expected_pct"] = round(_clamp(58 + 10 * s + n(0, 5), 20, 95), 1)
        out["disadvantaged_gap_ks1"] = round(_clamp(19 - 6 * s + n(0, 3), 2, 40), 1)
    if kind in ("primary", "all_through"):
        out["ks2_expected_pct"] = round(_clamp(61 + 13 * s + n(0, 5), 15, 98), 1)
        out["ks2_progress"] = round(_clamp(2.2 * s + n(0, 0.8), -6, 6), 2)
        out["disadvantaged_gap_ks2"] = round(_clamp(22 - 8 * s + n(0, 3), 0, 45), 1)
    if kind in ("secondary", "all_through"):
        out["attainment8"] = round(_clamp(46 + 7 * s + n(0, 1.5), 20, 75), 1)
        out["progress8"] = round(_clamp(0.45 * s + n(0, 0.12), -1.5, 1.5), 2)
        out["disadvantaged_gap_ks4"] = round(_clamp(27 - 8 * s + n(0, 3), 5, 45), 1)
        if high_age >= 18:
            out["ks5_aps_academic"] = round(_clamp(34 + 4 * s + n(0, 1.2), 20, 50), 2)
            out["ks5_aps_vocational"] = round(_clamp(29 + 3 * s + n(0, 1.2), 18, 45), 2)
    out["complaints"] = max(0, round(n(2.5 - 2 * s, 1.2)))
    out["safeguarding_audit"] = 0 if (story == "decline" and year == 2) else 1
    if maintained:
        if s < -0.4:
            out["finance_deficit"] = round(_clamp(60000 - 80000 * s + n(0, 15000), 5000, 400000), -2)
            out["finance_reserves"] = 0
        else:
            out["finance_deficit"] = 0
            out["finance_reserves"] = round(_clamp(90000 + 110000 * s + n(0, 30000), 5000, 400000), -2)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Ofsted histories
# ---------------------------------------------------------------------------------------------------------------
# Ofsted's frameworks by date (real dates, whatever year the demo runs in): graded inspections give no overall grade
# from September 2024 ("Not judged", the sub-judgements still given); from 10 November 2025 full inspections are
# report cards (renewed framework) and ungraded inspections of good schools end; monitoring inspections go on.
NOT_JUDGED_FROM = date(2024, 9, 1)
REPORT_CARDS_FROM = date(2025, 11, 10)

# The stories are written as they read in 2026/27; run in another academic year, every date moves by whole years so
# the latest inspections are still last year's (and the inspection's kind follows its date).
STORY_YEAR = 2026

Grade = OfstedInspection.Grade
KEY_JUDGEMENTS = (
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
)
_RC = OfstedInspection.ReportCardGrade
_LEADERSHIP = "leadership_and_governance"
_MAIN_AREAS = (
    "inclusion",
    "curriculum_and_teaching",
    "achievement",
    "attendance_and_behaviour",
    "personal_development_and_well_being",
    _LEADERSHIP,
)
_EMPTY_ROW = {
    "inspection_type": "",
    "framework": OfstedInspection.Framework.GRADED,
    "overall_effectiveness": None,
    **dict.fromkeys(KEY_JUDGEMENTS),
    "early_years": None,
    "sixth_form": None,
    "safeguarding_effective": None,
    "category_of_concern": "",
    "report_card_grades": {},
    "report_card_grade_dates": {},
    "ungraded_outcome": "",
}


def demo_year_offset(today=None):
    """Whole years between the demo's academic year (today's) and the year the stories are written for."""
    return academic_year_for(today or timezone.localdate()) - STORY_YEAR


def story_date(year, month, day, offset=0):
    """A date of the stories (as it reads in 2026/27) moved by `offset` years, on a term-time Tuesday to Thursday."""
    when = date(year + offset, month, day)
    if when.month == 8:  # no inspections in the summer holiday
        when = when.replace(month=6)
    elif when.month in (7, 12) and when.day > 12:  # nor at the end of the summer and autumn terms
        when = when.replace(day=when.day - 10)
    elif when.month == 1 and when.day < 6:
        when = when.replace(day=when.day + 7)
    return when + timedelta(days={0: 1, 4: 4, 5: 3, 6: 2}.get(when.weekday(), 0))


def _months_later(when, months):
    month = when.month - 1 + months
    return date(when.year + month // 12, month % 12 + 1, min(when.day, 28))


def _report_card_category(grades, safeguarding_met):
    """Ofsted's renewed framework: special measures when leadership and governance is Urgent improvement and so is
    another area, or safeguarding is not met; requires significant improvement (serious weaknesses) for Urgent
    improvement in any other area, safeguarding not met, or leadership and governance the only one."""
    urgent = {area for area, grade in grades.items() if grade == _RC.URGENT_IMPROVEMENT}
    if _LEADERSHIP in urgent and (urgent - {_LEADERSHIP} or not safeguarding_met):
        return OfstedInspection.CategoryOfConcern.SPECIAL_MEASURES
    if urgent or not safeguarding_met:
        return OfstedInspection.CategoryOfConcern.SERIOUS_WEAKNESSES
    return ""


def _graded_category(judgements, safeguarding):
    """Education inspection framework: inadequate (a key judgement, or safeguarding not effective) is special measures
    when leadership lacks the capacity to improve (leadership and management inadequate), else serious weaknesses."""
    if not safeguarding or Grade.INADEQUATE in judgements.values():
        if judgements.get("leadership_and_management") == Grade.INADEQUATE:
            return OfstedInspection.CategoryOfConcern.SPECIAL_MEASURES
        return OfstedInspection.CategoryOfConcern.SERIOUS_WEAKNESSES
    return ""


def _judgements_for(grade, variant):
    """Key judgements that fit an overall grade, with some variety."""
    if grade == Grade.INADEQUATE:
        return {
            "quality_of_education": 4,
            "behaviour_and_attitudes": 3,
            "personal_development": 3,
            "leadership_and_management": 4,
        }
    if grade == Grade.REQUIRES_IMPROVEMENT:
        return {
            "quality_of_education": 3,
            "behaviour_and_attitudes": 3 if variant % 3 == 1 else 2,
            "personal_development": 2,
            "leadership_and_management": 2 if variant % 3 == 2 else 3,
        }
    judgements = dict.fromkeys(KEY_JUDGEMENTS, grade)
    if grade == Grade.GOOD and variant % 4 in (1, 2):
        judgements["personal_development" if variant % 4 == 1 else "behaviour_and_attitudes"] = Grade.OUTSTANDING
    return judgements


def _areas_for(grade, variant):
    """Report-card grades for the main areas that fit what would have been an overall grade, with some variety (and a
    few Needs attention among good schools)."""
    if grade == Grade.OUTSTANDING:
        areas = dict.fromkeys(_MAIN_AREAS, _RC.STRONG)
        areas["personal_development_and_well_being"] = _RC.EXCEPTIONAL
        if variant % 2:
            areas["curriculum_and_teaching"] = _RC.EXCEPTIONAL
        return areas
    if grade == Grade.INADEQUATE:
        areas = dict.fromkeys(_MAIN_AREAS, _RC.NEEDS_ATTENTION)
        areas.update(dict.fromkeys(("curriculum_and_teaching", "achievement", _LEADERSHIP), _RC.URGENT_IMPROVEMENT))
        return areas
    areas = dict.fromkeys(_MAIN_AREAS, _RC.EXPECTED)
    if grade == Grade.REQUIRES_IMPROVEMENT:
        areas["curriculum_and_teaching"] = areas["achievement"] = _RC.NEEDS_ATTENTION
        if variant % 2:
            areas[_LEADERSHIP] = _RC.NEEDS_ATTENTION
        if variant % 3 == 0:
            areas["attendance_and_behaviour"] = _RC.NEEDS_ATTENTION
        return areas
    extra = [
        {},
        {"personal_development_and_well_being": _RC.STRONG, "inclusion": _RC.STRONG},
        {"achievement": _RC.NEEDS_ATTENTION},
        {"attendance_and_behaviour": _RC.NEEDS_ATTENTION},
        {"curriculum_and_teaching": _RC.STRONG},
    ][variant % 5]
    return {**areas, **extra}


class OfstedStory:
    """Builds one school's inspection rows as Ofsted would have run them on each date.

    early_years / sixth_form: the school has them, so they are judged (graded) or graded (report cards)."""

    def __init__(self, *, offset=0, early_years=False, sixth_form=False, variant=0):
        self.offset, self.early_years, self.sixth_form, self.variant = offset, early_years, sixth_form, variant
        self.end = date(STORY_YEAR + offset, 7, 18)  # the last inspection of last year: all are in the past

    def on(self, year, month, day):
        return story_date(year, month, day, self.offset)

    def _row(self, start, **values):
        return {**_EMPTY_ROW, "start_date": start, "publication_date": start + timedelta(days=35), **values}

    def full(self, start, grade, *, judgements=None, areas=None, safeguarding=True):
        """A full inspection on `start`. `grade` is the overall grade it deserves, given as such before September
        2024; from then its key judgements (`judgements`, else ones that fit the grade) without an overall grade;
        from November 2025 a report card (`areas`, else grades that fit)."""
        if start >= REPORT_CARDS_FROM:
            grades = {**_areas_for(grade, self.variant), **(areas or {})}
            if self.early_years:
                grades.setdefault("early_years", _RC.EXPECTED if grade >= Grade.REQUIRES_IMPROVEMENT else _RC.STRONG)
            if self.sixth_form:
                grades.setdefault("sixth_form", grades["achievement"])
            return self._row(
                start,
                inspection_type="Full inspection",
                framework=OfstedInspection.Framework.REPORT_CARD,
                report_card_grades=grades,
                report_card_grade_dates=dict.fromkeys(grades, start.isoformat()),
                safeguarding_effective=safeguarding,
                category_of_concern=_report_card_category(grades, safeguarding),
            )
        judged = {**_judgements_for(grade, self.variant), **(judgements or {})}
        worst = max(judged.values())
        values = dict(judged)
        if self.early_years:
            values["early_years"] = min(worst, Grade.GOOD) if worst < Grade.INADEQUATE else Grade.REQUIRES_IMPROVEMENT
        if self.sixth_form:
            values["sixth_form"] = judged["quality_of_education"]
        return self._row(
            start,
            inspection_type="Section 5 graded inspection",
            overall_effectiveness=grade if start < NOT_JUDGED_FROM else None,
            safeguarding_effective=safeguarding,
            category_of_concern=_graded_category(judged, safeguarding),
            **values,
        )

    def ungraded(self, start, grade):
        """An ungraded (section 8) inspection of a good or outstanding school; from November 2025 there are none, so a
        school due one then has a full inspection."""
        if start >= REPORT_CARDS_FROM:
            return self.full(start, grade)
        outcome = "School remains Outstanding" if grade == Grade.OUTSTANDING else "School remains Good"
        return self._row(
            start,
            inspection_type="Section 8 ungraded inspection",
            framework=OfstedInspection.Framework.UNGRADED,
            ungraded_outcome=outcome,
        )

    def monitoring(self, start, outcome):
        """A monitoring inspection of a school in a category of concern: no grades, the category stays."""
        return self._row(
            start,
            inspection_type="Section 8 monitoring inspection",
            framework=OfstedInspection.Framework.UNGRADED,
            ungraded_outcome=outcome,
        )

    def due(self, rows, grade, *, follow_up=None):
        """Inspections due after `rows` (oldest first) up to last summer, as Ofsted schedules them: a school judged
        Requires improvement has a full inspection within 30 months, a good or outstanding one is inspected about
        every four years (ungraded, or a report card from November 2025). The next full inspection finds a school
        that required improvement good (or still needing attention, on a report card), else as before; `follow_up`
        says otherwise: {"graded": (grade, judgements)} or {"report_card": (grade, areas)} for the school's next
        full inspection of that kind."""
        added = []
        last_full = max(r["start_date"] for r in rows if r["framework"] != OfstedInspection.Framework.UNGRADED)
        last_any = max(r["start_date"] for r in rows)
        follow_up = dict(follow_up or {})
        while True:
            ri = grade == Grade.REQUIRES_IMPROVEMENT
            after = _months_later(last_full, 30) if ri else _months_later(last_any, 48)
            start = story_date(after.year, after.month, after.day)
            if start > self.end:
                return added
            report_card = start >= REPORT_CARDS_FROM
            if not ri and not report_card:
                added.append(self.ungraded(start, grade))
                last_any = start
                continue
            outcome = Grade.REQUIRES_IMPROVEMENT if ri and report_card else (Grade.GOOD if ri else grade)
            details = None
            given = follow_up.pop("report_card" if report_card else "graded", None)
            if given is not None:
                outcome, details = given
                follow_up.clear()
            if report_card:
                added.append(self.full(start, outcome, areas=details))
                return added  # the next full inspection is years away
            added.append(self.full(start, outcome, judgements=details))
            grade, last_full, last_any = outcome, start, start


# Named schools' next full inspection (OfstedStory.due): Ironstone is "stuck" (Requires improvement in 2022, then
# Requires improvement for quality of education and leadership at a graded inspection without an overall grade);
# Queensbury, good since 2021, has a report card with Urgent improvement for achievement: requires significant
# improvement.
_FOLLOW_UPS = {
    STUCK_NAME: {
        "graded": (
            Grade.REQUIRES_IMPROVEMENT,
            {
                "quality_of_education": 3,
                "behaviour_and_attitudes": 2,
                "personal_development": 2,
                "leadership_and_management": 3,
            },
        ),
        "report_card": (Grade.REQUIRES_IMPROVEMENT, {_LEADERSHIP: _RC.NEEDS_ATTENTION}),
    },
    URGENT_IMPROVEMENT_NAME: {
        "report_card": (
            Grade.REQUIRES_IMPROVEMENT,
            {
                "achievement": _RC.URGENT_IMPROVEMENT,
                "curriculum_and_teaching": _RC.NEEDS_ATTENTION,
                "attendance_and_behaviour": _RC.NEEDS_ATTENTION,
                _LEADERSHIP: _RC.NEEDS_ATTENTION,
            },
        )
    },
}


def _ofsted_history(school, index, rng, latest_grade, offset):
    """Inspection rows (as dicts) for one school, in the order of their numbers (kept from earlier versions of the
    demo, so not always by date)."""
    kind, _low, high, _roll = _profile(school)
    story = OfstedStory(
        offset=offset,
        early_years=kind in ("nursery", "primary", "infant", "all_through"),
        sixth_form=high >= 18 and kind in ("secondary", "all_through", "special"),
        variant=0 if index in (0, 1) else index,  # the demo head's schools read plainly
    )
    on = story.on
    if school.name == SPECIAL_MEASURES_NAME:
        # Special measures from a graded inspection of autumn 2024 (no overall grade by then: key judgements
        # inadequate, safeguarding not effective); monitoring inspections since leave the category in place.
        return [
            story.full(on(2017, 3, 14), Grade.GOOD),
            story.full(on(2021, 11, 23), Grade.REQUIRES_IMPROVEMENT),
            story.full(
                on(2024, 10, 8),
                Grade.INADEQUATE,
                areas={"attendance_and_behaviour": _RC.NEEDS_ATTENTION, "inclusion": _RC.URGENT_IMPROVEMENT},
                safeguarding=False,
            ),
            story.monitoring(on(2025, 3, 4), "Not taking effective action"),
            story.monitoring(on(2026, 6, 16), "Taking effective action"),
        ]
    if school.name == SERIOUS_WEAKNESSES_NAME:
        # Requires improvement twice, then serious weaknesses (inadequate quality of education, leadership able to
        # improve) in June 2025, monitored since.
        return [
            story.full(on(2018, 5, 9), Grade.REQUIRES_IMPROVEMENT),
            story.full(
                on(2025, 6, 17),
                Grade.INADEQUATE,
                judgements={"behaviour_and_attitudes": 4, "leadership_and_management": 3},
                areas={"achievement": _RC.URGENT_IMPROVEMENT, _LEADERSHIP: _RC.NEEDS_ATTENTION},
            ),
            story.full(on(2021, 3, 16), Grade.REQUIRES_IMPROVEMENT),
            story.monitoring(on(2026, 1, 27), "Taking effective action"),
        ]
    if school.name == REPORT_CARD_NAME:
        return [
            story.full(on(2019, 2, 5), Grade.GOOD),
            story.full(
                on(2026, 1, 20),
                Grade.GOOD,
                areas={
                    "inclusion": _RC.EXPECTED,
                    "curriculum_and_teaching": _RC.STRONG,
                    "achievement": _RC.NEEDS_ATTENTION,
                    "attendance_and_behaviour": _RC.EXPECTED,
                    "personal_development_and_well_being": _RC.STRONG,
                    _LEADERSHIP: _RC.EXPECTED,
                    "early_years": _RC.EXCEPTIONAL,
                },
            ),
            story.ungraded(on(2023, 2, 7), Grade.GOOD),
        ]
    # Everyone else: the seeded draws as always (so the indicators that follow them do not move), then what Ofsted
    # would have done since.
    earlier = rng.choices([1, 2, 3], weights=[15, 65, 20])[0]
    rows = [story.full(on(rng.randint(2013, 2016), rng.randint(1, 12), rng.randint(1, 28)), earlier)]
    latest_year = rng.randint(2019, 2024)
    rows.append(story.full(on(latest_year, rng.randint(1, 12), rng.randint(1, 28)), latest_grade))
    if latest_grade in (1, 2) and latest_year <= 2022 and rng.random() < 0.6:
        rows.append(story.ungraded(on(latest_year + 3, rng.randint(1, 6), rng.randint(1, 28)), latest_grade))
    return rows + story.due(rows, latest_grade, follow_up=_FOLLOW_UPS.get(school.name))


def _ofsted_rows(school, index, rng, latest_grade, offset):
    """{inspection number: row}: numbers are the school's own (10100000 + 10 x index + n), in the order above."""
    rows = _ofsted_history(school, index, rng, latest_grade, offset)
    assert len(rows) < 10, school.name
    return {str(10_100_000 + index * 10 + n): row for n, row in enumerate(rows, start=1)}


def _school_details(school, index, rng, head_name):
    kind, low, high, (roll_low, roll_high) = _profile(school)
    place = school.name.split(" ")[0].lower().replace("'", "")
    details = {
        "laestab": f"990{2000 + index if school.is_maintained else 4000 + index:04d}",
        "status": School.Status.OPEN,
        "open_date": date(rng.randint(1952, 1996), 9, 1)
        if school.is_maintained
        else date(rng.randint(2012, 2019), rng.choice([4, 9]), 1),
        "number_on_roll": rng.randint(roll_low, roll_high),
        "percent_fsm": Decimal(str(round(rng.uniform(7, 46), 1))),
        "statutory_low_age": low,
        "statutory_high_age": high,
        "head_name": head_name,
        "head_job_title": "Executive Headteacher" if index % 11 == 5 else "Headteacher",
        "street": f"{rng.randint(1, 120)} {rng.choice(_STREETS)}",
        "town": rng.choice(_TOWNS),
        "postcode": f"DB{1 + index % 9} {1 + index % 8}{chr(65 + index % 23)}{chr(65 + (index * 7) % 23)}",
        "website": school.website or f"https://www.{place}{index}.demo.sch.uk",
        "gias_last_changed": date(2026, 11, 2),
        "religious_character": "",
        "diocese": "",
        "trust_name": "",
        "trust_code": "",
    }
    if "C of E" in school.name or (school.name.startswith(("St ", "Holy")) and not school.is_maintained):
        details["religious_character"] = "Church of England"
        details["diocese"] = "Diocese of Lichfield"
    if school.type_group == School.TypeGroup.FREE_SCHOOLS:
        details["trust_code"], details["trust_name"] = _FREE_SCHOOL_TRUST
    elif not school.is_maintained:
        trust = _TRUSTS[2] if details["religious_character"] else _TRUSTS[index % 2]
        details["trust_code"], details["trust_name"] = trust
    return kind, high, details


def _head_names(count):
    rng = random.Random(2026)
    names = ["Mrs Grace Adeyemi", "Mr Mark Evans"]
    while len(names) < count:
        name = f"{rng.choice(['Mr', 'Mrs', 'Ms', 'Dr'])} {rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in names:
            names.append(name)
    return names


@transaction.atomic
def seed_details(schools):
    catalogue = indicator_catalogue_ensure()
    rng = random.Random(99026)
    heads = _head_names(len(schools) + 5)
    changed_heads = {SPECIAL_MEASURES_NAME: date(2026, 1, 5)}
    offset = demo_year_offset()
    value_rows = []
    for index, school in enumerate(schools):
        kind, high, details = _school_details(school, index, rng, heads[index])
        if school.name in changed_heads or index in (5, 16, 27):
            started = changed_heads.get(school.name) or date(2025 if index != 16 else 2026, 9 if index != 16 else 4, 1)
            previous = heads[len(schools) + index % 5]
            HeadteacherEvent.objects.get_or_create(
                school=school,
                started_on=started,
                name=details["head_name"],
                defaults={"job_title": details["head_job_title"], "previous_name": previous, "source": "demo"},
            )
        changed = {key: value for key, value in details.items() if getattr(school, key) != value}
        if changed:
            for key, value in changed.items():
                setattr(school, key, value)
            school.save(update_fields=list(changed))

        latest_grade = rng.choices([1, 2, 3, 4], weights=_GRADE_WEIGHTS)[0]
        if index in (0, 1):
            latest_grade = 2  # the demo head's schools: good, so their pages read normally
        if school.name in (SPECIAL_MEASURES_NAME, SERIOUS_WEAKNESSES_NAME):
            latest_grade = 4
        elif school.name == REPORT_CARD_NAME:
            latest_grade = 2
        elif school.name in (STUCK_NAME, URGENT_IMPROVEMENT_NAME):
            latest_grade = 3
        elif latest_grade == 4:
            latest_grade = 3  # only the named schools are in a category of concern
        inspections = _ofsted_rows(school, index, rng, latest_grade, offset)
        for number, row in inspections.items():
            OfstedInspection.objects.update_or_create(inspection_number=number, defaults={"school": school, **row})
        # Rows an earlier version of the demo made for this school and this one does not.
        own = [str(10_100_000 + index * 10 + n) for n in range(10)]
        OfstedInspection.objects.filter(school=school, inspection_number__in=own).exclude(
            inspection_number__in=list(inspections)
        ).delete()

        story = "decline" if school.name == SPECIAL_MEASURES_NAME else ("improve" if latest_grade == 3 else "")
        strength = _STRENGTH[latest_grade] + rng.uniform(-0.2, 0.2)
        if story == "decline":
            strength = -0.5
        for year, period in enumerate(PERIODS):
            values = _values_for(kind, high, strength, year, rng, school.is_maintained, story)
            for code, value in values.items():
                national = _NATIONAL.get(code)
                value_rows.append(
                    IndicatorValue(
                        school=school,
                        indicator=catalogue[code],
                        period=period,
                        value=Decimal(str(value)),
                        national=Decimal(national[year]) if national else None,
                        source="demo",
                    )
                )
    IndicatorValue.objects.bulk_create(
        value_rows,
        update_conflicts=True,
        unique_fields=["school", "indicator", "period"],
        update_fields=["value", "national", "source"],
        batch_size=1000,
    )
    return {"indicator_values": len(value_rows), "indicators": Indicator.objects.count()}
