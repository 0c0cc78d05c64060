"""Issue 16 in Chromium: the QA lead sets a meeting's time and place; the form, its errors and the visit page
pass axe-core."""

from datetime import date

import pytest

from tests import factories as f

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_qa_lead_sets_the_time_and_place_of_a_meeting(page, world):
    f.framework_with_bands(world.authority)
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 12, 8))

    sign_in_by_keyboard(page, world.qa_lead.email)
    page.goto(f"/visits/{meeting.pk}/")
    assert "The time and place have not been set yet." in page.locator("#when-where").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Set the time and place of the monitoring and support meeting").click()
    assert_accessible(page)

    page.get_by_label("Start time").fill("half nine")
    page.get_by_label("Online meeting link").fill("http://meet.example.org/brookmead")
    with page.expect_navigation():
        page.get_by_role("button", name="Save time and place").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the start time as hours and minutes, for example 09:30 or 14:00" in summary
    assert_accessible(page)

    page.get_by_label("Start time").fill("9:30am")
    page.get_by_label("Venue").fill("Brookmead Primary School, meeting room")
    page.get_by_label("Online meeting link").fill("https://meet.example.org/brookmead")
    with page.expect_navigation():
        page.get_by_role("button", name="Save time and place").click()
    assert page.locator("#when-where").inner_text() == (
        "Tuesday 8 December 2026, 9:30am to 11am, Brookmead Primary School, meeting room, or online"
    )
    assert_accessible(page)
