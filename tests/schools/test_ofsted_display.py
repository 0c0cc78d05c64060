"""How the school page, the register and its downloads show a school's Ofsted position across the three kinds of
inspection: the current category of concern (which monitoring inspections leave in place), the report card as
Ofsted presents it, the last graded inspection with its sub-judgements, and which kind "latest Ofsted" is."""

import csv
import io
import re
from datetime import date

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from schools.display import inspection_outcome, latest_outcome_label, lowest_report_card_grade, report_card_summary
from schools.models import OfstedInspection
from tests import factories as f
from tests.base import main_content

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


def _graded(school, on, **fields):
    return f.OfstedInspectionFactory(school=school, start_date=on, **fields)


def _monitoring(school, on, outcome="Taking effective action"):
    return f.OfstedInspectionFactory(
        school=school,
        start_date=on,
        framework="ungraded",
        inspection_type="Monitoring inspection",
        overall_effectiveness=None,
        safeguarding_effective=None,
        ungraded_outcome=outcome,
    )


def _not_judged(school, on=date(2024, 11, 14), **fields):
    """A graded inspection from September 2024: no overall grade, the sub-judgements still given."""
    values = {
        "overall_effectiveness": None,
        "quality_of_education": 3,
        "behaviour_and_attitudes": 2,
        "personal_development": 2,
        "leadership_and_management": 3,
        "early_years": 2,
        "publication_date": date(2024, 12, 20),
    }
    return _graded(school, on, **(values | fields))


def _report_card(school, on=date(2026, 3, 3), grades=None, dates=None, **fields):
    return f.OfstedInspectionFactory(
        school=school,
        start_date=on,
        report_card=True,
        report_card_grades=grades
        or {
            "inclusion": "expected",
            "curriculum_and_teaching": "needs_attention",
            "achievement": "needs_attention",
            "attendance_and_behaviour": "strong",
            "personal_development_and_well_being": "expected",
            "leadership_and_governance": "expected",
        },
        report_card_grade_dates=dates or {},
        **fields,
    )


@pytest.fixture
def special_measures(world):
    """In special measures since 2 October 2024 (a graded inspection, no overall grade), then two monitoring
    inspections: the school remains in special measures."""
    school = world.school
    _graded(school, date(2021, 5, 11), overall_effectiveness=3)
    _graded(
        school,
        date(2024, 10, 2),
        overall_effectiveness=None,
        quality_of_education=4,
        leadership_and_management=4,
        category_of_concern="SM",
        safeguarding_effective=False,
    )
    _monitoring(school, date(2025, 3, 12))
    _monitoring(school, date(2025, 11, 5), outcome="Not taking effective action")
    return school


# --- The school page -------------------------------------------------------------------------------------------


def test_special_measures_stays_current_through_monitoring_inspections(client_for, world, special_measures):
    text = _text(client_for(world.qa_lead).get(f"/schools/{special_measures.urn}/"))
    # The warning at the top reads the current category and the inspection that placed the school in it.
    assert "Warning Ofsted category of concern: Special measures (inspection of 2 October 2024)." in text
    assert "Current category Special measures Placed in it by Graded inspection of 2 October 2024" in text
    assert "Remains in special measures after 2 monitoring inspections, latest on 5 November 2025." in text
    assert "Latest ungraded or monitoring inspection, 5 November 2025 Outcome Not taking effective action" in text
    assert "Latest graded inspection, 2 October 2024 Overall effectiveness Not judged" in text
    # History: the kind and outcome of each inspection, newest first.
    history = text[text.index("Inspection history") :]
    assert "5 Nov 2025 Monitoring inspection" in history
    assert "Not taking effective action" in history
    assert "2 Oct 2024 S5 Inspection No. " in history
    assert "Graded, no overall grade (special measures)" in history
    assert "Graded: Requires improvement" in history
    assert history.index("5 Nov 2025") < history.index("12 Mar 2025") < history.index("2 Oct 2024")
    assert "Safeguarding: not effective" in history
    timeline = text[text.index("Timeline") :]
    assert "5 November 2025 Ofsted inspection Ungraded or monitoring inspection: Not taking effective" in timeline
    assert "2 October 2024 Ofsted inspection Graded, no overall grade (special measures)" in timeline


def test_one_monitoring_inspection_reads_in_the_singular(client_for, world):
    _graded(world.school, date(2025, 2, 4), serious_weaknesses=True)
    _monitoring(world.school, date(2025, 9, 30))
    text = _text(client_for(world.director).get(f"/schools/{world.school.urn}/"))
    assert "Ofsted category of concern: Serious weaknesses (requires significant improvement)" in text
    assert "Still judged to have serious weaknesses after 1 monitoring inspection, latest on 30 September 2025." in text


def test_a_later_full_inspection_removes_the_category(client_for, world, special_measures):
    _report_card(special_measures, on=date(2026, 4, 21))
    text = _text(client_for(world.qa_lead).get(f"/schools/{special_measures.urn}/"))
    assert "Ofsted category of concern" not in text
    assert "Current category" not in text
    assert "Remains in special measures" not in text


def test_no_category_no_warning_and_no_monitoring_line(client_for, world):
    _graded(world.school, date(2019, 6, 12), overall_effectiveness=2)
    _monitoring(world.school, date(2023, 1, 17), outcome="School remains Good")
    text = _text(client_for(world.qa_lead).get(f"/schools/{world.school.urn}/"))
    assert "category of concern" not in text.lower()
    assert "Latest graded inspection, 12 June 2019 Overall effectiveness Good" in text
    assert "Latest ungraded or monitoring inspection, 17 January 2023 Outcome School remains Good" in text
    assert "Stuck school" not in text


def test_report_card_shows_each_area_with_its_grade_and_date_of_grade(client_for, world):
    _report_card(
        world.school,
        on=date(2026, 3, 3),
        publication_date=date(2026, 4, 15),
        grades={
            "inclusion": "expected",
            "curriculum_and_teaching": "needs_attention",
            "achievement": "urgent_improvement",
            "attendance_and_behaviour": "strong",
            "personal_development_and_well_being": "exceptional",
            "leadership_and_governance": "expected",
            "early_years": "strong",
        },
        dates={"achievement": "2026-10-06"},  # regraded at a later monitoring inspection
    )
    response = client_for(world.head).get(f"/schools/{world.school.urn}/")
    text = _text(response)
    assert "Latest report card inspection, 3 March 2026" in text
    for area, grade, graded_on in (
        ("Inclusion", "Expected standard", "3 March 2026"),
        ("Curriculum and teaching", "Needs attention", "3 March 2026"),
        ("Achievement", "Urgent improvement", "6 October 2026"),
        ("Attendance and behaviour", "Strong standard", "3 March 2026"),
        ("Personal development and well-being", "Exceptional", "3 March 2026"),
        ("Leadership and governance", "Expected standard", "3 March 2026"),
        ("Early years", "Strong standard", "3 March 2026"),
    ):
        assert f"{area} {grade} Date of grade: {graded_on}" in text
    # In Ofsted's order, each grade a coloured tag.
    assert text.index("Inclusion Expected") < text.index("Curriculum and teaching") < text.index("Early years Strong")
    assert '<strong class="govuk-tag govuk-tag--red">Urgent improvement</strong>' in main_content(response)
    assert "Safeguarding Met Inspection started 3 March 2026 Report published 15 April 2026" in text
    assert (
        "Report card: 1 Urgent improvement, 1 Needs attention, 2 Expected standard, 2 Strong standard, 1 Exceptional"
        in text
    )


def test_a_graded_inspection_from_november_2024_is_not_judged_with_its_sub_judgements(client_for, world):
    _not_judged(world.other_school)
    text = _text(client_for(world.director).get(f"/schools/{world.other_school.urn}/"))
    assert (
        "Latest graded inspection, 14 November 2024 Overall effectiveness Not judged "
        "Ofsted stopped giving an overall grade in September 2024. "
        "Quality of education Requires improvement Behaviour and attitudes Good Personal development Good "
        "Leadership and management Requires improvement Early years provision Good Safeguarding Effective "
        "Report published 20 December 2024"
    ) in text
    assert "Sixth form provision" not in text  # the school has none
    assert "Graded, no overall grade" in text[text.index("Inspection history") :]


def test_the_last_graded_inspection_is_shown_after_a_report_card_as_the_previous_framework(client_for, world):
    _not_judged(world.school)
    _report_card(world.school, on=date(2026, 3, 3))
    text = _text(client_for(world.qa_lead).get(f"/schools/{world.school.urn}/"))
    assert "Latest report card inspection, 3 March 2026" in text
    assert "Last graded inspection (previous framework), 14 November 2024 Overall effectiveness Not judged" in text
    assert text.index("Latest report card inspection") < text.index("Last graded inspection")


def test_a_stuck_school_is_named_with_the_dfe_criteria(client_for, world):
    _graded(world.school, date(2021, 3, 9), overall_effectiveness=3)
    _not_judged(world.school)  # Requires improvement for quality of education: the equivalent of RI
    text = _text(client_for(world.qa_lead).get(f"/schools/{world.school.urn}/"))
    assert (
        "Stuck school (DfE RISE criteria) Requires improvement or equivalent at the latest inspection and below "
        "good at the previous one."
    ) in text
    assert text.index("Stuck school") < text.index("Latest graded inspection")


def test_sections_come_in_order_category_stuck_report_card_graded_ungraded_history(client_for, world):
    school = world.school
    _graded(school, date(2023, 1, 10), overall_effectiveness=4, category_of_concern="SWK")
    _report_card(
        school,
        on=date(2026, 1, 13),
        grades={"leadership_and_governance": "urgent_improvement"},
        category_of_concern="SWK",
    )
    _monitoring(school, date(2026, 6, 2))
    text = _text(client_for(world.qa_lead).get(f"/schools/{school.urn}/"))
    text = text[text.index("Ofsted Category of concern") :]
    order = [
        "Current category Serious weaknesses",
        "Placed in it by Graded inspection of 10 January 2023",
        "after 1 monitoring inspection, latest on 2 June 2026",
        "Latest report card inspection, 13 January 2026",
        "Last graded inspection (previous framework), 10 January 2023",
        "Latest ungraded or monitoring inspection, 2 June 2026",
        "Inspection history",
    ]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)


def test_readings_of_one_inspection():
    rc = OfstedInspection(
        framework="report_card",
        start_date=date(2026, 3, 3),
        report_card_grades={"inclusion": "needs_attention", "achievement": "expected", "attendance": "bogus"},
    )
    assert report_card_summary(rc.report_card_grades) == "1 Needs attention, 1 Expected standard"
    assert lowest_report_card_grade(rc.report_card_grades) == "needs_attention"
    assert lowest_report_card_grade('{"inclusion": "urgent_improvement"}') == "urgent_improvement"  # JSON text
    assert lowest_report_card_grade({}) is None
    assert inspection_outcome(rc) == "Report card: 1 Needs attention, 1 Expected standard"
    assert inspection_outcome(OfstedInspection(framework="ungraded")) == "Ungraded inspection"
    assert inspection_outcome(OfstedInspection(framework="graded", overall_effectiveness=2)) == "Graded: Good"
    graded_sm = OfstedInspection(framework="graded", overall_effectiveness=4, category_of_concern="SM")
    assert inspection_outcome(graded_sm) == "Graded: Inadequate (special measures)"
    assert latest_outcome_label(None, None, "") == "Not yet inspected"
    assert latest_outcome_label("graded", 2, "", None, date(2019, 6, 12)) == "Good (graded, Jun 2019)"
    assert latest_outcome_label("graded", None, "", None, date(2024, 11, 14)) == "Graded, no overall grade (Nov 2024)"
    assert latest_outcome_label("graded", None, "SM", None, date(2024, 10, 2)) == "Special measures (graded, Oct 2024)"
    assert (
        latest_outcome_label("report_card", None, "", {"inclusion": "needs_attention"}, date(2026, 3, 3))
        == "Report card (Mar 2026): lowest grade Needs attention"
    )
    assert latest_outcome_label("report_card", None, "", {}, date(2026, 3, 3)) == "Report card (Mar 2026)"


# --- The register and its downloads ------------------------------------------------------------------------------


@pytest.fixture
def kinds(world, special_measures):
    a = world.authority
    good = f.SchoolFactory(authority=a, name="Juniper Hill Primary School")
    _graded(good, date(2019, 6, 12), overall_effectiveness=2)
    _monitoring(good, date(2023, 1, 17), outcome="School remains Good")
    not_judged = f.SchoolFactory(authority=a, name="Lowfield Primary School")
    _not_judged(not_judged)
    card = f.SchoolFactory(authority=a, name="Dale End Nursery School", phase="nursery")
    _report_card(card)
    urgent = f.SchoolFactory(authority=a, name="Moss Lane Primary School")
    _graded(urgent, date(2020, 2, 5), overall_effectiveness=2)
    _report_card(urgent, on=date(2026, 5, 19), grades={"inclusion": "expected", "achievement": "urgent_improvement"})
    return world


def _row_of(html, name):
    row = html[html.index(f">{name}</a>") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")]))


def test_register_column_says_the_kind_of_the_latest_inspection(client_for, kinds):
    html = client_for(kinds.director).get("/schools/").content.decode()
    assert "Special measures (graded, Oct 2024)" in _row_of(html, "Brookmead Primary School")  # monitoring since
    assert "Good (graded, Jun 2019)" in _row_of(html, "Juniper Hill Primary School")
    assert "Graded, no overall grade (Nov 2024)" in _row_of(html, "Lowfield Primary School")
    assert "Report card (Mar 2026): lowest grade Needs attention" in _row_of(html, "Dale End Nursery School")
    assert "Report card (May 2026): lowest grade Urgent improvement" in _row_of(html, "Moss Lane Primary School")
    assert "Not yet inspected" in _row_of(html, "Castleton Academy")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?ofsted=special_measures", ["Brookmead Primary School"]),
        ("?ofsted=inadequate", ["Brookmead Primary School"]),  # in a category, though graded with no overall grade
        ("?ofsted=good", ["Juniper Hill Primary School"]),
        ("?ofsted=report_card", ["Dale End Nursery School", "Moss Lane Primary School"]),
        ("?ofsted=needs_attention", ["Dale End Nursery School"]),
        ("?ofsted=urgent_improvement", ["Moss Lane Primary School"]),
        ("?ofsted=not_inspected", ["Castleton Academy"]),
    ],
)
def test_register_filters_by_the_latest_full_inspection(client_for, kinds, query, expected):
    html = client_for(kinds.director).get("/schools/" + query).content.decode()
    shown = re.findall(
        r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )
    assert shown == expected


@freeze_time("2026-11-24 10:00")
def test_csv_says_the_kind_and_the_current_category(client_for, kinds):
    response = client_for(kinds.director).get("/schools/download.csv")
    rows = {r["School"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    columns = list(next(iter(rows.values())))
    ofsted = [
        "Latest Ofsted inspection kind",
        "Latest Ofsted outcome",
        "Latest Ofsted inspection",
        "Current category of concern",
    ]
    assert columns[columns.index(ofsted[0]) : columns.index(ofsted[0]) + 4] == ofsted

    def read(name):
        return [rows[name][column] for column in ofsted]

    assert read("Brookmead Primary School") == [
        "Graded",
        "Special measures (graded, Oct 2024)",
        "02/10/2024",
        "Special measures",
    ]
    assert read("Juniper Hill Primary School") == ["Graded", "Good (graded, Jun 2019)", "12/06/2019", "None"]
    assert read("Lowfield Primary School")[:2] == ["Graded", "Graded, no overall grade (Nov 2024)"]
    assert read("Dale End Nursery School") == [
        "Report card",
        "Report card (Mar 2026): lowest grade Needs attention",
        "03/03/2026",
        "None",
    ]
    assert read("Castleton Academy") == ["None", "Not yet inspected", "", "None"]


def test_xlsx_has_the_same_ofsted_columns(client_for, kinds):
    response = client_for(kinds.director).get("/schools/download.xlsx?ofsted=special_measures")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Latest Ofsted inspection kind"] == "Graded"
    assert record["Current category of concern"] == "Special measures"
