"""The school page: key facts, headteacher history, Ofsted history, indicators with chart + table, bounded queries."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_school(world):
    school = world.school
    school.laestab = "9902001"
    school.trust_name = ""
    school.religious_character = "Church of England"
    school.diocese = "Diocese of Lichfield"
    school.number_on_roll = 412
    school.percent_fsm = Decimal("23.4")
    school.statutory_low_age, school.statutory_high_age = 4, 11
    school.head_name, school.head_job_title = "Ms Nadia Begum", "Headteacher"
    school.street, school.town, school.postcode = "Church Lane", "Demoton", "DE2 3AB"
    school.save()
    f.headteacher_event(school, "Ms Nadia Begum", date(2025, 9, 1), previous_name="Mr Andrew Okonjo")
    f.OfstedInspectionFactory(school=school, start_date=date(2018, 6, 12), overall_effectiveness=2)
    f.OfstedInspectionFactory(school=school, start_date=date(2025, 10, 8), special_measures=True)
    for period, value, national in (
        ("2023/24", "19.2", "20.7"),
        ("2024/25", "16.4", "17.8"),
        ("2025/26", "14.1", None),
    ):
        f.indicator_value(school, "persistent_absence_pct", period, value, national)
    f.indicator_value(school, "attendance_pct", "2025/26", "94.6")
    return school


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_key_facts_and_headteacher_history(client_for, world, rich_school):
    text = _text(client_for(world.qa_lead).get(f"/schools/{rich_school.urn}/"))
    assert "LAESTAB 9902001" in text
    assert "Church of England Diocese of Lichfield" in text
    assert "Number on roll 412" in text
    assert "23.4%" in text
    assert "ages 4 to 11" in text
    assert "Church Lane Demoton DE2 3AB" in text
    assert "Name Ms Nadia Begum" in text
    assert "1 September 2025 Ms Nadia Begum, Headteacher Mr Andrew Okonjo" in text


def test_special_measures_is_shown(client_for, world, rich_school):
    text = _text(client_for(world.head).get(f"/schools/{rich_school.urn}/"))
    assert "Ofsted category of concern: Special measures (inspection of 8 October 2025)" in text
    assert "Current category Special measures Placed in it by Graded inspection of 8 October 2025" in text
    assert "Overall effectiveness Inadequate" in text
    assert "Safeguarding Not effective" in text
    assert text.index("8 Oct 2025") < text.index("12 Jun 2018")  # history, newest first


def test_report_card_grades_show_their_five_point_names(client_for, world):
    f.OfstedInspectionFactory(school=world.other_school, start_date=date(2022, 3, 1), overall_effectiveness=3)
    f.OfstedInspectionFactory(school=world.other_school, start_date=date(2026, 2, 10), report_card=True)
    text = _text(client_for(world.director).get(f"/schools/{world.other_school.urn}/"))
    assert "Latest report card inspection, 10 February 2026" in text
    for expected in (
        "Inclusion Expected standard",
        "Curriculum and teaching Strong standard",
        "Achievement Needs attention",
        "Personal development and well-being Exceptional",
    ):
        assert expected in text
    assert "Requires improvement" in text  # the earlier graded inspection stays in the history


def test_urgent_improvement_name(client_for, world):
    inspection = f.OfstedInspectionFactory(school=world.school, report_card=True)
    inspection.report_card_grades = {"leadership_and_governance": "urgent_improvement"}
    inspection.save()
    assert "Leadership and governance Urgent improvement" in _text(
        client_for(world.admin).get(f"/schools/{world.school.urn}/")
    )


def test_indicators_have_latest_national_trend_chart_and_the_same_numbers_in_a_table(client_for, world, rich_school):
    response = client_for(world.qa_lead).get(f"/schools/{rich_school.urn}/")
    html = response.content.decode()
    text = _text(response)
    assert "Persistent absence Lower is better 19.2% 16.4% 14.1% 17.8% " in text  # national from the latest with one
    assert "Improving" in text
    assert "Attendance Higher is better – – 94.6% 93% " in text  # catalogue national comparator
    labels = re.findall(r'<svg class="app-sparkline"[^>]*aria-label="([^"]+)"', html)
    assert labels == [
        "Attendance: 2025/26 94.6%",
        "Persistent absence: 2023/24 19.2%, 2024/25 16.4%, 2025/26 14.1%",
    ]
    charts = re.findall(r'<svg class="app-sparkline".*?</svg>', html, flags=re.S)
    assert [chart.count("<circle") for chart in charts] == [1, 3]
    assert charts[1].count("<polyline") == 1
    assert "<caption" in html[html.index('id="indicators"') :]


def test_timeline_and_panels_loop_are_present(client_for, world, rich_school):
    text = _text(client_for(world.qa_lead).get(f"/schools/{rich_school.urn}/"))
    assert "8 October 2025 Ofsted inspection Graded: Inadequate (special measures)" in text
    assert "1 September 2025 New headteacher Ms Nadia Begum became Headteacher, after Mr Andrew Okonjo" in text


def test_title_is_just_the_school_name(client_for, world):
    html = client_for(world.qa_lead).get(f"/schools/{world.school.urn}/").content.decode()
    assert re.search(r"<title>\s*Brookmead Primary School", html)


def _page_queries(client, school):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/schools/{school.urn}/")
    assert response.status_code == 200
    return len(queries)


def test_school_page_queries_do_not_grow_with_inspections_indicators_or_schools(client_for, world):
    client = client_for(world.qa_lead)
    school = world.school
    f.OfstedInspectionFactory(school=school)
    f.indicator_value(school, "attendance_pct", "2025/26", "95")
    f.headteacher_event(school, "A Head", date(2020, 1, 1))
    client.get(f"/schools/{school.urn}/")
    small = _page_queries(client, school)
    f.in_bulk(
        f.SchoolFactory, ({"urn": 600000 + i, "name": f"Filler {i}", "authority": world.authority} for i in range(500))
    )
    f.in_bulk(
        f.OfstedInspectionFactory,
        ({"school": school, "start_date": date(2000, 1, 1) + timedelta(days=90 * n)} for n in range(60)),
    )
    for code in ("persistent_absence_pct", "suspensions_rate", "ks2_expected_pct"):
        for year in range(2018, 2026):
            f.indicator_value(school, code, f"{year}/{(year + 1) % 100:02d}", "10")
    for n in range(10):
        f.headteacher_event(school, f"Head {n}", date(2001 + n, 9, 1))
    large = _page_queries(client, school)
    assert small == large


def test_contacts_edit_still_works_for_the_assigned_qa_lead(client_for, world):
    client = client_for(world.qa_lead)
    response = client.post(
        f"/schools/{world.school.urn}/contacts/",
        {"telephone": "01632 960111", "email": "office@brookmead.sch.uk", "website": "https://brookmead.sch.uk"},
    )
    assert response.status_code == 302
    assert "01632 960111" in client.get(f"/schools/{world.school.urn}/").content.decode()
    assert client_for(world.other_qa_lead).get(f"/schools/{world.school.urn}/contacts/").status_code == 403


def test_a_new_current_year_figure_does_not_hide_the_earlier_years(client_for, world, rich_school):
    for period, value in (("2023/24", "1"), ("2024/25", "3")):
        f.indicator_value(rich_school, "complaints", period, value)
    f.indicator_value(rich_school, "governor_vacancies_pct", "2026/27", "12.5")
    text = _text(client_for(world.qa_lead).get(f"/schools/{rich_school.urn}/"))
    assert "Persistent absence Lower is better 19.2% 16.4% 14.1%" in text
    assert "Leadership and management Indicator 2023/24 2024/25 2026/27 National Trend" in text
    assert "Complaints Lower is better 1 3 – " in text
    assert "Governor vacancies Lower is better – – 12.5% " in text
