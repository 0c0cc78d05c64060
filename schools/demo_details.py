"""Demo Borough's GIAS-like details, headteachers, Ofsted histories and three years of indicators.

Deterministic (seeded) and idempotent: running seed_demo again finds the same rows and changes nothing.
Every school gets indicators for 2023/24, 2024/25 and 2025/26 that fit its phase and its Ofsted story:
- Dunmore Primary School is in special measures (inspected October 2025) with a new headteacher since January 2026;
- Hollins Park Primary Academy was inspected under the report-card framework in January 2026;
- Millbrook High School has serious weaknesses (requires significant improvement).
"""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from .models import HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection, School
from .services import indicator_catalogue_ensure

PERIODS = ["2023/24", "2024/25", "2025/26"]

SPECIAL_MEASURES_NAME = "Dunmore Primary School"
REPORT_CARD_NAME = "Hollins Park Primary Academy"
SERIOUS_WEAKNESSES_NAME = "Millbrook High School"

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


def _inspections(school, index, rng, latest_grade):
    """Inspection rows (as dicts) for one school: its history, oldest first."""
    rows = []
    number = 10_100_000 + index * 10

    def add(n, start, overall, category="", framework="graded", kind="S5 Inspection", safeguarding=True, **extra):
        grades = (
            {}
            if framework != "graded" or overall is None
            else dict.fromkeys(
                (
                    "quality_of_education",
                    "behaviour_and_attitudes",
                    "personal_development",
                    "leadership_and_management",
                ),
                overall,
            )
        )
        rows.append(
            {
                "inspection_number": str(number + n),
                "inspection_type": kind,
                "framework": framework,
                "start_date": start,
                "publication_date": date.fromordinal(start.toordinal() + 35),
                "overall_effectiveness": overall,
                "category_of_concern": category,
                "safeguarding_effective": safeguarding,
                "report_card_grades": {},
                **grades,
                **extra,
            }
        )

    if school.name == SPECIAL_MEASURES_NAME:
        add(1, date(2017, 3, 14), 2)
        add(2, date(2021, 11, 23), 3)
        add(3, date(2025, 10, 8), 4, "SM", safeguarding=False)
        return rows
    if school.name == SERIOUS_WEAKNESSES_NAME:
        add(1, date(2018, 5, 9), 3)
        add(2, date(2025, 6, 17), 4, "SWK")
        return rows
    if school.name == REPORT_CARD_NAME:
        add(1, date(2019, 2, 5), 2)
        add(
            2,
            date(2026, 1, 20),
            None,
            framework="report_card",
            kind="Report card inspection",
            report_card_grades={
                "inclusion": "expected",
                "curriculum_and_teaching": "strong",
                "achievement": "needs_attention",
                "attendance_and_behaviour": "expected",
                "personal_development_and_well_being": "strong",
                "leadership_and_governance": "expected",
                "early_years": "exceptional",
            },
        )
        return rows
    earlier = rng.choices([1, 2, 3], weights=[15, 65, 20])[0]
    add(1, date(rng.randint(2013, 2016), rng.randint(1, 12), rng.randint(1, 28)), earlier)
    latest_start = date(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28))
    add(2, latest_start, latest_grade, "SM" if latest_grade == 4 else "")
    if latest_grade in (1, 2) and latest_start.year <= 2022 and rng.random() < 0.6:
        add(
            3,
            date(latest_start.year + 3, rng.randint(1, 6), rng.randint(1, 28)),
            None,
            framework="ungraded",
            kind="S8 Inspection",
        )
    return rows


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
        elif latest_grade == 4:
            latest_grade = 3  # only the named schools are in a category of concern
        for row in _inspections(school, index, rng, latest_grade):
            number = row.pop("inspection_number")
            OfstedInspection.objects.update_or_create(inspection_number=number, defaults={"school": school, **row})

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
