"""Each role signs in by keyboard in Chromium and lands on its home; axe-core finds no violations."""

import pytest

from .conftest import assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser

ROLES = [
    ("qa_lead", "/home/qa-lead/", "Your schools"),
    ("director", "/home/director/", "Authority overview"),
    ("admin", "/home/admin/", "Authority administration"),
    ("head", "/home/headteacher/", "Brookmead Primary School"),
    ("chair", "/home/governor/", "Your governing board"),
]


def test_sign_in_page_has_no_accessibility_violations(page):
    page.goto("/sign-in/")
    assert page.title() == "Sign in – School Quality Assurance"
    assert page.locator("html.govuk-template body.govuk-frontend-supported").count() == 1, "initAll did not run"
    assert_accessible(page)


def test_sign_in_errors_are_accessible_and_focus_the_summary(page, world):
    page.goto("/sign-in/")
    press_until_focused(page, "button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert "Enter your email address" in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement"), "the error summary should take focus"
    assert_accessible(page)


@pytest.mark.parametrize(("person", "home_path", "heading"), ROLES)
def test_each_role_signs_in_by_keyboard_and_lands_on_an_accessible_home(page, world, person, home_path, heading):
    user = getattr(world, person)
    sign_in_by_keyboard(page, user.email)
    assert page.url.endswith(home_path)
    assert heading in page.locator("main").inner_text()
    assert_accessible(page)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/sign-in/")
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    # GOV.UK Frontend's skip link moves keyboard focus to <main>, so the next Tab starts in the content.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'", timeout=5000)
