"""Framework versions in Chromium: the authority admin raises Yellow from 1 to 2 QA visits a term in a new version,
sees what it changes in plans, publishes it from today; the plan then has 2 a term for the Yellow schools, and the
earlier classification still names the version it was made under. Every page passes axe-core."""

import datetime as dt

import pytest

from classification.models import Rule
from tests import factories as f
from visits.planner import plan_visits

from .conftest import BROWSER_TODAY, assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_admin_publishes_a_new_version_and_the_plan_follows(page, world):
    framework, bands = f.framework_with_bands(world.authority, name="Demo framework", governance=False)
    Rule.objects.create(
        framework=framework, code="default", label="Default", kind=Rule.Kind.DEFAULT, band=bands["green"]
    )
    earlier = f.published_classification(world.school, bands["yellow"], by=world.qa_lead, since=dt.date(2026, 9, 10))
    f.published_classification(world.other_school, bands["yellow"], by=world.qa_lead, since=dt.date(2026, 9, 10))
    plan_visits(start_year=2026, authority=world.authority, today=BROWSER_TODAY)

    sign_in_by_keyboard(page, world.admin.email)
    page.goto(f"/la/990/classification/frameworks/{framework.pk}/")
    assert page.locator("#framework-status").inner_text() == "In force"
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Edit as a new version").click()
    assert page.locator("#framework-status").inner_text() == "Draft version 2"
    assert (
        "If it came into force today, 24 November 2026: No school's plan changes"
        in page.locator("#draft-impact").inner_text()
    )
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Change 1 QA visit a term for Yellow").click()
    assert_accessible(page)
    assert page.locator("#id_visit_type").input_value() == "qa_visit"
    page.fill("#id_count", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Save entitlement").click()
    assert "Entitlement saved: 2 QA visits a term" in page.locator("main").inner_text()
    assert (
        "If it came into force today, 24 November 2026: 2 schools' plans change: 6 visits added, 0 removed"
        in page.locator("#draft-impact").inner_text()
    )
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Publish this version").click()
    assert_accessible(page)
    page.fill("#id_effective_from_0", "24")
    page.fill("#id_effective_from_1", "11")
    page.fill("#id_effective_from_2", "2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Show what changes").click()
    assert page.locator("#impact-summary").inner_text() == "2 schools' plans change: 6 visits added, 0 removed"
    assert page.locator("#impact-schools").inner_text().splitlines() == [
        "Brookmead Primary School: 3 added, 0 removed",
        "Castleton Academy: 3 added, 0 removed",
    ]
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish version 2 from 24 November 2026").click()
    assert page.locator("#framework-status").inner_text() == "In force"
    assert "Version 2 is in force" in page.locator("main").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_by_keyboard(page, world.qa_lead.email)
    page.goto("/la/990/visits/plan/?year=2026")
    assert page.get_by_text("Entitled 2, planned 2").count() == 6  # both Yellow schools, each term
    assert_accessible(page)
    page.goto(f"/la/990/classification/decisions/{earlier.pk}/")
    assert page.locator("#made-under").inner_text() == "Made under Demo framework version 1 (since superseded)"
    assert_accessible(page)
    page.goto(f"/la/990/classification/schools/{world.school.urn}/")
    assert page.locator("#classification-made-under").inner_text() == "Made under Demo framework version 1."
    assert_accessible(page)
