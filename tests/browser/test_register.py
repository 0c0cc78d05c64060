"""The schools register and school page in Chromium: filter, download the CSV, axe-core clean (issue 3, point 7)."""

import csv
from datetime import date

import pytest

from tests import factories as f
from tests.schools.gias_data import gias_csv, gias_row

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


@pytest.fixture
def borough(world):
    a = world.authority
    f.SchoolFactory(authority=a, name="Riverside High School", phase="secondary")
    f.SchoolFactory(authority=a, name="Millbrook High School", phase="secondary", trust_name="Severn Learning Trust")
    sm = f.SchoolFactory(authority=a, name="Dunmore Primary School", head_name="Mr Peter Sutton")
    f.OfstedInspectionFactory(school=sm, start_date=date(2021, 11, 23), overall_effectiveness=3)
    # Special measures from October 2024 (no overall grade since September 2024), then a monitoring inspection.
    f.OfstedInspectionFactory(
        school=sm,
        start_date=date(2024, 10, 8),
        special_measures=True,
        overall_effectiveness=None,
        quality_of_education=4,
        behaviour_and_attitudes=3,
        personal_development=3,
        leadership_and_management=4,
    )
    f.OfstedInspectionFactory(
        school=sm,
        start_date=date(2026, 3, 10),
        framework="ungraded",
        inspection_type="Section 8 monitoring inspection",
        overall_effectiveness=None,
        safeguarding_effective=None,
        ungraded_outcome="Taking effective action",
    )
    f.headteacher_event(sm, "Mr Peter Sutton", date(2026, 1, 5), previous_name="Mrs Ruth Lane")
    for code, values in (
        ("attendance_pct", ("93.7", "93.2", "93.0")),
        ("persistent_absence_pct", ("18.7", "18.8", "22.1")),
        ("safeguarding_audit", ("1", "1", "0")),
        ("finance_deficit", ("103500", "125500", "149900")),
    ):
        for period, value in zip(("2023/24", "2024/25", "2025/26"), values, strict=True):
            f.indicator_value(sm, code, period, value)
    rc = f.SchoolFactory(authority=a, name="Hollins Park Primary Academy", academy=True)
    f.OfstedInspectionFactory(school=rc, start_date=date(2026, 1, 20), report_card=True)
    return world


def test_filter_the_register_and_download_the_csv(page, borough, tmp_path):
    sign_in_by_keyboard(page, borough.qa_lead.email)
    page.goto("/schools/")
    assert_accessible(page)
    page.get_by_label("Phase").select_option("secondary")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table.app-register-table tbody tr th a")
    assert rows.all_inner_texts() == ["Millbrook High School", "Riverside High School"]
    assert "2 schools match your filters" in page.locator("#register-count").inner_text()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="School", exact=True).click()  # sorted by name: this reverses it
    assert rows.all_inner_texts() == ["Riverside High School", "Millbrook High School"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV file").click()
    download = download_info.value
    assert download.suggested_filename == "demo-borough-schools-register-2026-11-24.csv"  # BROWSER_CLOCK's day
    path = tmp_path / "register.csv"
    download.save_as(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        names = [row["School"] for row in csv.DictReader(handle)]
    assert names == ["Riverside High School", "Millbrook High School"]


def test_filter_by_latest_ofsted_outcome(page, borough):
    sign_in_by_keyboard(page, borough.director.email)
    page.goto("/schools/")
    page.get_by_label("Latest Ofsted outcome").select_option(label="Special measures")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert page.locator("table.app-register-table tbody tr th a").all_inner_texts() == ["Dunmore Primary School"]
    with page.expect_navigation():
        page.get_by_role("link", name="Dunmore Primary School").click()
    main = page.locator("main").inner_text()
    assert "Ofsted category of concern: Special measures (inspection of 8 October 2024)" in main
    assert "Remains in special measures after 1 monitoring inspection" in main
    assert "Taking effective action" in main
    assert "Not judged" in main
    assert "Mrs Ruth Lane" in main
    assert page.locator("svg.app-sparkline").count() == 4
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    # The Ofsted section reflows at 320 px: nothing sticks out of the page, except inside a table's own scrolling
    # region (which itself fits).
    wide = page.evaluate(
        """() => [...document.querySelectorAll('#ofsted-section *')]
            .filter(el => el.getBoundingClientRect().right > 321 && !el.closest('.app-table-scroll'))
            .map(el => el.tagName + '.' + el.className + '#' + el.id).slice(0, 8)"""
    )
    assert wide == []
    regions = page.evaluate(
        """() => [...document.querySelectorAll('#ofsted-section .app-table-scroll')]
            .map(el => Math.round(el.getBoundingClientRect().right))"""
    )
    assert regions and max(regions) <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_school_pages_are_accessible_for_heads_and_report_cards(page, borough):
    sign_in_by_keyboard(page, borough.director.email)
    school = borough.school.__class__.objects.get(name="Hollins Park Primary Academy")
    page.goto(f"/schools/{school.urn}/")
    assert "Curriculum and teaching" in page.locator("main").inner_text()
    assert "Strong standard" in page.locator("main").inner_text()
    assert_accessible(page)


def test_head_sees_own_school_page_accessibly(page, borough):
    sign_in_by_keyboard(page, borough.head.email)
    page.goto(f"/schools/{borough.school.urn}/")
    assert_accessible(page)
    response = page.goto(f"/schools/{borough.other_school.urn}/")
    assert response.status == 404


def test_import_upload_page_and_result_are_accessible(page, borough, tmp_path):
    path = tmp_path / "edubasealldata20261120.csv"
    path.write_bytes(gias_csv([gias_row(990401, "Sandy Lane Primary School"), gias_row("x", "Broken")]))
    sign_in_by_keyboard(page, borough.admin.email)
    page.goto("/schools/imports/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and start the import").click()
    assert "Choose what the file holds" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Get Information About Schools establishments (GIAS)").check()
    page.get_by_label("CSV file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and start the import").click()
    page.wait_for_load_state("networkidle")
    page.reload()
    main = page.locator("main").inner_text()
    assert "Nothing was imported" in main
    assert "‘x’ is not a URN" in main
    assert_accessible(page)
