"""The indicator catalogue: the evidence indicators the seed policies name.

Codes are a contract shared with the other apps (see docs); national comparators are England figures
for the latest published year, kept here so a new install is useful before any import. Plain data (no model
imports) so the data migration can use it.
"""

from decimal import Decimal

QE = "quality_of_education"
BA = "behaviour_and_attitudes"
PD = "personal_development"
LM = "leadership_and_management"


# code, name, unit, evidence area, higher is better, national comparator, description
CATALOGUE = [
    ("attendance_pct", "Attendance", "percent", BA, True, "93.0", "Overall attendance, % of possible sessions."),
    (
        "persistent_absence_pct",
        "Persistent absence",
        "percent",
        BA,
        False,
        "17.8",
        "Pupils missing 10% or more of possible sessions.",
    ),
    ("suspensions_rate", "Suspensions", "rate", BA, False, "11.31", "Suspensions per 100 pupils."),
    ("permanent_exclusions", "Permanent exclusions", "number", BA, False, None, "Number in the year."),
    (
        "modified_timetables",
        "Pupils on modified (part-time) timetables",
        "number",
        BA,
        False,
        None,
        "Number of pupils on a reduced timetable.",
    ),
    (
        "ehe_removals",
        "Removals to elective home education",
        "number",
        BA,
        False,
        None,
        "Pupils taken off roll to be educated at home.",
    ),
    (
        "eyfs_gld_pct",
        "EYFS good level of development",
        "percent",
        QE,
        True,
        "67.7",
        "Children reaching a good level of development at the end of Reception.",
    ),
    (
        "ks1_expected_pct",
        "KS1 expected standard (reading, writing and maths)",
        "percent",
        QE,
        True,
        "56.0",
        "Pupils meeting the expected standard at the end of Key Stage 1.",
    ),
    (
        "ks2_expected_pct",
        "KS2 expected standard (reading, writing and maths)",
        "percent",
        QE,
        True,
        "61.0",
        "Pupils meeting the expected standard at the end of Key Stage 2.",
    ),
    ("ks2_progress", "KS2 progress", "score", QE, True, "0.00", "Average progress score, reading/writing/maths."),
    ("attainment8", "Attainment 8", "score", QE, True, "45.9", "Average Attainment 8 score per pupil."),
    ("progress8", "Progress 8", "score", QE, True, "0.00", "Progress 8 score."),
    (
        "ks5_aps_academic",
        "KS5 average point score per entry (academic)",
        "score",
        QE,
        True,
        "34.5",
        "A level and other academic qualifications.",
    ),
    (
        "ks5_aps_vocational",
        "KS5 average point score per entry (vocational)",
        "score",
        QE,
        True,
        "29.0",
        "Applied general and tech level qualifications.",
    ),
    # The same measures on the points scale used until 2016 (A* = 300, A = 270, B = 240, C = 210, D = 180, E = 150
    # per A level), which policies written before then quote (Worcestershire 2017-18: "230 points", "235").
    # The DfE has published only the new scale (A* = 60 ... E = 10) since 2016, and the two cannot be compared, so
    # these have no national value and no import fills them: an authority enters them (or its own conversion).
    (
        "ks5_aps_academic_pre2016",
        "KS5 average point score per entry (academic, points scale before 2016)",
        "score",
        QE,
        True,
        None,
        "A level and other academic qualifications, on the points scale used until 2016 (A level grade A = 270).",
    ),
    (
        "ks5_aps_vocational_pre2016",
        "KS5 average point score per entry (vocational, points scale before 2016)",
        "score",
        QE,
        True,
        None,
        "Applied general and tech level qualifications, on the points scale used until 2016.",
    ),
    (
        "disadvantaged_gap_eyfs",
        "Disadvantaged gap at EYFS",
        "percent",
        QE,
        False,
        "20.0",
        "Percentage-point gap between disadvantaged children and others.",
    ),
    (
        "disadvantaged_gap_ks1",
        "Disadvantaged gap at KS1",
        "percent",
        QE,
        False,
        "19.0",
        "Percentage-point gap between disadvantaged pupils and others.",
    ),
    (
        "disadvantaged_gap_ks2",
        "Disadvantaged gap at KS2",
        "percent",
        QE,
        False,
        "22.0",
        "Percentage-point gap between disadvantaged pupils and others.",
    ),
    (
        "disadvantaged_gap_ks4",
        "Disadvantaged gap at KS4",
        "percent",
        QE,
        False,
        "27.0",
        "Percentage-point gap in grade 4+ English and maths.",
    ),
    (
        "send_gap",
        "SEND gap",
        "percent",
        QE,
        False,
        "45.0",
        "Percentage-point gap between pupils with SEND and others at the main assessment point.",
    ),
    (
        "governor_vacancies_pct",
        "Governor vacancies",
        "percent",
        LM,
        False,
        None,
        "Vacant places on the governing board, % of places.",
    ),
    ("complaints", "Complaints", "number", LM, False, None, "Parental and Ofsted qualifying complaints in the year."),
    (
        "safeguarding_audit",
        "Safeguarding audit outcome",
        "outcome",
        LM,
        True,
        None,
        "Annual safeguarding (section 175) audit: 1 = met, 0 = not met.",
    ),
    ("finance_deficit", "Budget deficit", "pounds", LM, False, None, "Cumulative revenue deficit at year end."),
    ("finance_reserves", "Revenue reserves", "pounds", LM, True, None, "Revenue balance carried forward."),
]

CATALOGUE_CODES = [row[0] for row in CATALOGUE]


def catalogue_rows():
    for code, name, unit, area, higher, national, description in CATALOGUE:
        yield {
            "code": code,
            "name": name,
            "unit": unit,
            "evidence_area": area,
            "higher_is_better": higher,
            "national_value": Decimal(national) if national is not None else None,
            "description": description,
        }
