import pytest

from tests.dashboards.builders import build_authority

from .conftest import assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_director_reaches_the_dashboard_by_keyboard_and_it_is_accessible(page):
    data = build_authority(8, seed=3)
    sign_in_by_keyboard(page, data["director"].email)
    assert_accessible(page)
    press_until_focused(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/la/970/dashboard/")
    assert "Schools per band" in page.locator("main").inner_text()
    bands_with_schools = page.locator("#table-schools-per-band tbody tr").count()
    assert page.locator("svg.app-chart rect").count() == bands_with_schools
    assert_accessible(page)
    page.screenshot(path="/tmp/dashboard.png", full_page=True)
    page.goto("/dashboard/termly-reports/")
    assert_accessible(page)


def test_dashboard_filter_errors_are_accessible(page):
    data = build_authority(3, seed=4)
    sign_in_by_keyboard(page, data["director"].email)
    page.goto("/dashboard/?moved_from_0=31&moved_from_1=2&moved_from_2=2026")
    assert "Enter a real date" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
