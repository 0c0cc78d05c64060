"""Issue 19: the brand page and the letter template page, by keyboard: no axe-core violations, and they reflow
at 320 CSS pixels (WCAG 1.4.10) with their errors and preview shown."""

import pytest

from schools.models import Authority

from .conftest import assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def _reflows(page):
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    return width <= 320


def test_the_brand_page_by_keyboard(page, world):
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/schools/brand/")
    assert_accessible(page)
    assert _reflows(page)
    press_until_focused(page, "#id_brand_colour")
    page.keyboard.press("Control+A")
    page.keyboard.type("#ffdd00")
    press_until_focused(page, "#id_signatory_name")
    page.keyboard.type("Dr Anne Whitfield")
    press_until_focused(page, "#id_submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "white text on #ffdd00 has a contrast of 1.3:1" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert _reflows(page)
    assert Authority.objects.get(pk=world.authority.pk).signatory_name == ""

    press_until_focused(page, "#id_brand_colour")
    page.keyboard.press("Control+A")
    page.keyboard.type("#1d70b8")
    press_until_focused(page, "#id_submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Demo Borough’s brand is saved." in page.locator("main").inner_text()
    assert_accessible(page)
    authority = Authority.objects.get(pk=world.authority.pk)
    assert (authority.brand_colour, authority.signatory_name) == ("#1d70b8", "Dr Anne Whitfield")


def test_the_letter_template_page_by_keyboard(page, world):
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/classification/letter-templates/")
    assert_accessible(page)
    assert _reflows(page)
    press_until_focused(page, "main a[href='/la/990/classification/letter-templates/publication/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    assert _reflows(page)
    press_until_focused(page, "#id_subject")
    page.keyboard.press("Control+A")
    page.keyboard.type("Outcome for {school}")
    press_until_focused(page, "button[value='preview']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "{school} is not a placeholder" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert _reflows(page)
    press_until_focused(page, "#id_subject")
    page.keyboard.press("Control+A")
    page.keyboard.type("Outcome for {school_name}")
    press_until_focused(page, "button[value='preview']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Outcome for Brookmead Primary School" in page.locator("main").inner_text()
    assert_accessible(page)
    assert _reflows(page)
