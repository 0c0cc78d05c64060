"""Editing a draft framework in Chromium: the authority admin adds a learning walk a term to Yellow (the impact
summary follows), removes it after a confirmation, and adds, rewords and removes a standing agenda item. Every page
passes axe-core and the new forms and confirmations reflow at 320 pixels."""

import datetime as dt

import pytest

from classification import services
from classification.models import Rule
from tests import factories as f
from visits.planner import plan_visits

from .conftest import BROWSER_TODAY, assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def _reflows(page):
    page.set_viewport_size({"width": 320, "height": 640})
    fits = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    return fits


def test_admin_edits_entitlements_and_standing_items_of_a_draft(page, world):
    framework, bands = f.framework_with_bands(world.authority, name="Demo framework", governance=False)
    Rule.objects.create(
        framework=framework, code="default", label="Default", kind=Rule.Kind.DEFAULT, band=bands["green"]
    )
    for school in (world.school, world.other_school):
        f.published_classification(school, bands["yellow"], by=world.qa_lead, since=dt.date(2026, 9, 10))
    plan_visits(start_year=2026, authority=world.authority, today=BROWSER_TODAY)
    draft = services.framework_draft_create(framework=framework, user=world.admin)

    sign_in_by_keyboard(page, world.admin.email)
    page.goto(f"/la/990/classification/frameworks/{draft.pk}/")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Add an entitlement to Yellow").click()
    assert_accessible(page)
    assert _reflows(page)
    page.select_option("#id_visit_type", "learning_walk")
    page.fill("#id_count", "1")
    page.get_by_label("a term", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add entitlement").click()
    assert "Entitlement added to Yellow: 1 learning walk a term" in page.locator("main").inner_text()
    assert (
        "If it came into force today, 24 November 2026: 2 schools' plans change: 6 visits added, 0 removed"
        in page.locator("#draft-impact").inner_text()
    )
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Remove 1 learning walk a term from Yellow").click()
    assert_accessible(page)
    assert _reflows(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Remove the entitlement").click()
    assert "Entitlement removed from Yellow: 1 learning walk a term" in page.locator("main").inner_text()
    assert (
        "If it came into force today, 24 November 2026: No school's plan changes"
        in page.locator("#draft-impact").inner_text()
    )

    with page.expect_navigation():
        page.get_by_role("link", name="Add a standing agenda item").click()
    page.fill("#id_title", "Attendance")
    with page.expect_navigation():
        page.get_by_role("button", name="Add agenda item").click()
    assert_accessible(page)  # the error summary
    assert "There is a problem" not in page.locator("main").inner_text()
    assert page.locator("#standing-agenda-items dt").all_inner_texts() == [
        "Quality of education and its impact on outcomes",
        "Behaviour and attitudes",
        "Personal development",
        "Leadership, management and safeguarding",
        "Attendance",
    ]

    with page.expect_navigation():
        page.get_by_role("link", name="Change Attendance").click()
    page.fill("#id_title", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Save agenda item").click()
    assert "There is a problem" in page.locator("main").inner_text()
    assert_accessible(page)
    assert _reflows(page)
    page.fill("#id_title", "Attendance and exclusions")
    page.select_option("#id_visit_type", "qa_visit")
    with page.expect_navigation():
        page.get_by_role("button", name="Save agenda item").click()
    assert "Standing agenda item saved: Attendance and exclusions" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Remove Personal development").click()
    assert_accessible(page)
    assert _reflows(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Remove the agenda item").click()
    assert page.locator("#standing-agenda-items dt").all_inner_texts() == [
        "Quality of education and its impact on outcomes",
        "Behaviour and attitudes",
        "Leadership, management and safeguarding",
        "Attendance and exclusions",
    ]
    assert_accessible(page)
