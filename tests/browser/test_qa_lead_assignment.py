"""Issue 15 in Chromium: the authority admin assigns a QA lead to a new school in bulk from the register, by
keyboard, and the lead sees the school on their home; the register, its errors and the school's QA lead form are
axe-core clean, and the form reflows at 320 pixels."""

import pytest

from tests import factories as f

from .conftest import assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_the_admin_assigns_a_lead_in_bulk_and_the_lead_sees_the_school(page, browser, live_server, world):
    new_school = f.SchoolFactory(authority=world.authority, name="Larkspur Primary School")
    lead = world.other_qa_lead
    lead_name = lead.get_full_name()

    sign_in_by_keyboard(page, world.admin.email)
    assert "Larkspur Primary School" in page.locator("#schools-without-qa-lead ~ ul").inner_text()
    assert "1 open school has no QA lead." in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto("/schools/")
    assert_accessible(page)
    # Nothing chosen: the error summary says so, and the page stays accessible.
    page.get_by_label("QA lead for the schools you selected").select_option(label=lead_name)
    with page.expect_navigation():
        page.get_by_role("button", name="Assign QA lead").click()
    assert page.title().startswith("Error:")
    assert "Choose at least one school" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.locator(".govuk-error-summary a").click()  # the summary's link leads to the first checkbox
    assert page.evaluate("document.activeElement.id") == "id_schools_1"

    press_until_focused(page, f"input[type=checkbox][value='{new_school.pk}']", limit=200)
    page.keyboard.press("Space")
    assert page.get_by_label("Select Larkspur Primary School").is_checked()
    press_until_focused(page, "#assign_qa_lead", limit=200)
    page.get_by_label("QA lead for the schools you selected").select_option(label=lead_name)
    press_until_focused(page, "#id_submit", limit=5)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert f"{lead_name} is now the QA lead for Larkspur Primary School." in page.locator("main").inner_text()
    row = page.locator("table.app-register-table tbody tr", has_text="Larkspur Primary School")
    assert lead_name in row.inner_text()
    assert_accessible(page)

    page.goto(f"/schools/{new_school.urn}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Change the QA lead for Larkspur Primary School").click()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    context = browser.new_context(base_url=live_server.url)
    lead_page = context.new_page()
    lead_page.console_problems = []
    sign_in_by_keyboard(lead_page, lead.email)
    assert lead_page.url.endswith("/home/qa-lead/")
    schools = lead_page.locator("#your-schools ~ .app-table-scroll table tbody th").all_inner_texts()
    assert "Larkspur Primary School" in schools
    context.close()
