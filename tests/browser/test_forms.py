"""GOV.UK form behaviour the crispy-forms-gds overrides fix: inline radios and radio error links."""

import pytest

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_radio_error_summary_link_moves_focus_to_the_first_radio(page, world):
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/people/add/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Add person and send invitation").click()
    assert_accessible(page)
    link = page.locator(".govuk-error-summary a", has_text="Choose a role")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_role_1"


def test_admin_pages_are_accessible(page, world):
    sign_in_by_keyboard(page, world.admin.email)
    for path in ("/people/", "/jobs/", f"/schools/{world.school.urn}/", "/schools/"):
        page.goto(path)
        assert_accessible(page)


def test_job_page_updates_itself_until_the_job_finishes(page, world):
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/jobs/")
    with page.expect_navigation():
        page.get_by_role("button", name="Check the background worker").click()
    page.wait_for_load_state("networkidle")
    assert "The background worker is running" in page.locator("main").inner_text()
    assert_accessible(page)
