"""Acceptance 5 in Chromium: the assessment, decision and framework settings pages pass axe-core (also with
errors shown), and the register's band filter works."""

import datetime as dt

import pytest

from classification import frameworks, services
from classification.models import Classification, Framework
from tests import factories as f

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_assessment_and_decision_pages_are_accessible(page, world):
    _framework, _ = frameworks.framework_load(slug="telford-wrekin-2024", authority=world.authority)
    f.indicator_values(world.school, persistent_absence_pct=14.2, ks2_expected_pct=(48, 61))
    sign_in_by_keyboard(page, world.qa_lead.email)
    page.goto(f"/classification/schools/{world.school.urn}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Start a new assessment").click()
    assert "Suggested:" in page.locator("#suggestion").inner_text()
    assert "Persistent absence 14.2% (threshold 10%)" in page.locator("#suggestion").inner_text()
    assert_accessible(page)

    # Record a judgement: a concern in personal development raises the suggestion to Amber.
    page.get_by_label("Concern: Concern about inclusion").check()
    page.locator("input[name=sufficient_progress][value=unknown]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and update the suggestion").click()
    assert "Amber" in page.locator("#suggestion").inner_text()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Propose a band").click()
    assert_accessible(page)
    page.get_by_label("Red").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the director").click()
    assert "Enter the rationale for the band you propose" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Rationale").fill("Safeguarding culture is weak; I saw it on the visit.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the director").click()
    assert "differs from the suggestion (Amber)" in page.locator("main").inner_text()
    assert_accessible(page)
    classification = Classification.objects.get()

    page.context.clear_cookies()
    sign_in_by_keyboard(page, world.director.email)
    page.goto(f"/classification/decisions/{classification.pk}/")
    assert_accessible(page)
    page.get_by_label("Return it to the QA lead with a comment").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    assert (
        "Enter a comment saying why you are returning the proposal" in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Confirm the proposed band").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    assert "Classification confirmed" in page.locator("main").inner_text()
    assert_accessible(page)
    classification.refresh_from_db()
    assert classification.status == "confirmed"


def test_framework_settings_pages_are_accessible(page, world):
    framework, _ = frameworks.framework_load(slug="worcestershire-2017", authority=world.authority)
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/classification/frameworks/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=framework.name).click()
    assert_accessible(page)
    # The version in force is not edited in place: the admin makes a draft version and edits that.
    with page.expect_navigation():
        page.get_by_role("button", name="Edit as a new version").click()
    assert_accessible(page)
    framework = Framework.objects.get(authority=world.authority, version=framework.version + 1)
    page.get_by_label("Papers due (days before the meeting)").fill("30")
    page.get_by_label("Agenda circulated (days before the meeting)").fill("14")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert "Papers cannot be due before the agenda is circulated" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.goto(f"/classification/frameworks/{framework.pk}/bands/{framework.bands.get(code='secure').pk}/")
    assert_accessible(page)
    page.get_by_label("Severity").fill("5")
    with page.expect_navigation():
        page.get_by_role("button", name="Save band").click()
    assert "Intensive Support already has severity 5" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    criterion = framework.criteria.get(code="c18b_persistent_absence")
    page.goto(f"/classification/frameworks/{framework.pk}/criteria/{criterion.pk}/")
    assert_accessible(page)
    page.get_by_label("Threshold").fill("ten")
    with page.expect_navigation():
        page.get_by_role("button", name="Save threshold").click()
    assert "Enter the threshold as a number" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_school_page_panel_for_the_headteacher_is_accessible(page, world):
    framework, _ = frameworks.framework_load(slug="telford-wrekin-2024", authority=world.authority)
    f.published_classification(
        world.school, framework.bands.get(code="green"), by=world.qa_lead, since=dt.date(2025, 9, 1)
    )
    sign_in_by_keyboard(page, world.head.email)
    page.goto(f"/schools/{world.school.urn}/")
    assert "Green" in page.locator("#classification-heading + p").inner_text()
    assert_accessible(page)
    page.goto("/")
    assert_accessible(page)


def test_register_band_filter_works(page, world):
    framework, _ = frameworks.framework_load(slug="telford-wrekin-2024", authority=world.authority)
    f.published_classification(
        world.school, framework.bands.get(code="amber"), by=world.qa_lead, since=dt.date(2026, 10, 1)
    )
    f.published_classification(
        world.other_school, framework.bands.get(code="academies"), by=world.qa_lead, since=dt.date(2026, 10, 1)
    )
    sign_in_by_keyboard(page, world.qa_lead.email)
    page.goto("/schools/")
    table = page.locator("table.app-register-table")
    assert "Amber" in table.inner_text()
    page.get_by_label("Band").select_option(label="Amber")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "band=amber" in page.url
    rows = page.locator("table.app-register-table tbody tr")
    assert rows.count() == 1
    assert "Brookmead Primary School" in rows.first.inner_text()
    assert "since 1 Oct 2026" in rows.first.inner_text()
    assert_accessible(page)
    page.get_by_label("Band").select_option(label="Academies")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "Castleton Academy" in page.locator("table.app-register-table tbody").inner_text()
    assert "Brookmead" not in page.locator("table.app-register-table tbody").inner_text()


def test_home_panels_are_accessible(page, world):
    _framework, _ = frameworks.framework_load(slug="telford-wrekin-2024", authority=world.authority)
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = services.assessment_start(school=world.school, user=world.qa_lead)
    classification = services.classification_propose(
        assessment=assessment, band=assessment.suggested_band, rationale="As suggested", user=world.qa_lead
    )
    services.classification_return(classification=classification, user=world.director, comment="Check the data")
    sign_in_by_keyboard(page, world.qa_lead.email)
    page.goto("/")
    assert "Proposals returned to you" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"/classification/decisions/{classification.pk}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Propose again").click()
    page.get_by_label("Rationale").fill("Rechecked: persistent absence is the only concern")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the director").click()
    page.context.clear_cookies()
    sign_in_by_keyboard(page, world.director.email)
    page.goto("/")
    assert "Proposals awaiting your confirmation" in page.locator("main").inner_text()
    assert "Brookmead Primary School" in page.locator("main").inner_text()
    assert_accessible(page)


def test_director_sends_the_annual_letters_and_sees_the_job(page, world):
    framework, _ = frameworks.framework_load(slug="barnsley", authority=world.authority)
    f.published_classification(
        world.school, framework.bands.get(code="low-risk"), by=world.qa_lead, since=dt.date(2026, 9, 1)
    )
    sign_in_by_keyboard(page, world.director.email)
    page.goto(f"/classification/frameworks/{framework.pk}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the annual letters for 2026/27").click()
    page.wait_for_load_state("networkidle")
    main = page.locator("main").inner_text()
    assert "Annual classification letters" in main
    assert "Letters written now" in main
    assert_accessible(page)
