"""Ofsted management information files ("state-funded schools – latest inspections") in their real layouts: the one
published since November 2025 (report cards, the latest OEIF graded and ungraded inspections) and the one to 31
August 2025 (latest graded, latest ungraded since it, previous graded). Empty cells hold the text NULL, dates are
dd/mm/yyyy, the files are UTF-8 with a byte order mark as Ofsted publishes them."""

import csv
import io

REPORT_CARD_AREAS = [
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and wellbeing",
    "Early years (where applicable)",
    "Post-16 provision (where applicable)",
    "Leadership and governance",
]

REPORT_CARD_LAYOUT = [
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "Local authority",
    "Region",
    "Postcode",
    "Web Link (opens in new window)",
    "Most recent category of concern",
    "Inspection number of latest full inspection",
    "Inspection type",
    "Inspection start date",
    "Publication date",
    "Safeguarding standards",
    *[column for area in REPORT_CARD_AREAS for column in (area, f"{area} - date of grade")],
    "Inspection number of latest OEIF graded inspection",
    "Inspection type of latest OEIF graded inspection",
    "Inspection start date of latest OEIF graded inspection",
    "Publication date of latest OEIF graded inspection",
    "Latest OEIF category of concern",
    "Latest OEIF overall effectiveness",
    "Latest OEIF quality of education",
    "Latest OEIF behaviour and attitudes",
    "Latest OEIF personal development",
    "Latest OEIF effectiveness of leadership and management",
    "Latest OEIF  safeguarding is effective?",  # two spaces, as published
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)",
    "Latest ungraded inspection number",
    "Date of latest ungraded inspection",
    "Ungraded inspection publication date",
    "Ungraded inspection overall outcome",
]

GRADED_LAYOUT = [
    "Web Link",
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "School open date",
    "Admissions policy",
    "Sixth form",
    "Designated religious character",
    "Religious ethos",
    "Faith grouping",
    "Ofsted region",
    "Region",
    "Local authority",
    "Parliamentary constituency",
    "Postcode",
    "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils",
    "Statutory lowest age",
    "Statutory highest age",
    "Latest ungraded inspection number since last graded inspection",
    "Does the ungraded inspection relate to the URN of the current school?",
    "URN at time of the ungraded inspection",
    "LAESTAB at time of the ungraded inspection",
    "School name at time of the ungraded inspection",
    "School type at time of the ungraded inspection",
    "Number of ungraded inspections since the last graded inspection",
    "Date of latest ungraded inspection",
    "Ungraded inspection publication date",
    "Did the latest ungraded inspection convert to a graded inspection?",
    "Ungraded inspection overall outcome",
    "Number of monitoring and urgent inspections since last graded inspection",
    "Inspection number of latest graded inspection",
    "Inspection type",
    "Inspection type grouping",
    "Event type grouping",
    "Inspection start date",
    "Inspection end date",
    "Publication date",
    "Does the latest graded inspection relate to the URN of the current school?",
    "URN at time of latest graded inspection",
    "LAESTAB at time of latest graded inspection",
    "School name at time of latest graded inspection",
    "School type at time of latest graded inspection",
    "Overall effectiveness",
    "Category of concern",
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
    "Safeguarding is effective?",
    "Early years provision (where applicable)",
    "Sixth form provision (where applicable)",
    "Previous graded inspection number",
    "Previous inspection start date",
    "Previous inspection end date",
    "Previous publication date",
    "Does the previous graded inspection relate to the URN of the current school?",
    "URN at time of previous graded inspection",
    "LAESTAB at time of previous graded inspection",
    "School name at time of previous graded inspection",
    "School type at time of previous graded inspection",
    "Previous graded inspection overall effectiveness",
    "Previous category of concern",
    "Previous quality of education",
    "Previous behaviour and attitudes",
    "Previous personal development",
    "Previous effectiveness of leadership and management",
    "Previous safeguarding is effective?",
    "Previous early years provision (where applicable)",
    "Previous sixth form provision (where applicable)",
]


def ofsted_file(header, rows):
    """CSV bytes: every column the row does not give is NULL, as in Ofsted's files."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, f"not a column of this layout: {unknown}"
        writer.writerow([row.get(name, "NULL") for name in header])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def school(urn, name, **cells):
    return {
        "URN": str(urn),
        "LAESTAB": f"990{urn % 10000:04d}",
        "School name": name,
        "Ofsted phase": "Primary",
        "Type of education": "Community school",
        "Local authority": "Testshire",
        "Region": "West Midlands",
        "Postcode": "TF1 1AA",
        **cells,
    }


def report_card(number, start, *, published="NULL", safeguarding="Met", grades=None, graded_on=None):
    """The report-card block: every area Expected standard unless `grades` says otherwise (area header -> grade)."""
    grades = dict.fromkeys(REPORT_CARD_AREAS, "Expected standard") | (grades or {})
    cells = {
        "Inspection number of latest full inspection": number,
        "Inspection type": "Full inspection",
        "Inspection start date": start,
        "Publication date": published,
        "Safeguarding standards": safeguarding,
    }
    for area, grade in grades.items():
        cells[area] = grade
        cells[f"{area} - date of grade"] = "NULL" if grade in ("NULL", "Not applicable") else (graded_on or start)
    return cells


def oeif_graded(number, start, overall, *, published="NULL", category="NULL", judgements=None, safeguarding="Yes"):
    judgements = judgements or {}
    return {
        "Inspection number of latest OEIF graded inspection": number,
        "Inspection type of latest OEIF graded inspection": "S5 Inspection",
        "Inspection start date of latest OEIF graded inspection": start,
        "Publication date of latest OEIF graded inspection": published,
        "Latest OEIF category of concern": category,
        "Latest OEIF overall effectiveness": overall,
        "Latest OEIF quality of education": judgements.get("quality", overall),
        "Latest OEIF behaviour and attitudes": judgements.get("behaviour", overall),
        "Latest OEIF personal development": judgements.get("personal", overall),
        "Latest OEIF effectiveness of leadership and management": judgements.get("leadership", overall),
        "Latest OEIF  safeguarding is effective?": safeguarding,
    }


def ungraded(number, start, outcome, *, published="NULL"):
    return {
        "Latest ungraded inspection number": number,
        "Date of latest ungraded inspection": start,
        "Ungraded inspection publication date": published,
        "Ungraded inspection overall outcome": outcome,
    }
