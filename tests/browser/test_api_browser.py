"""Issue 21: the API token pages in a browser (accessible, by keyboard, at 320px) and the API's documentation page,
written from its schema, listing every operation (axe-core, no console error)."""

import pytest

from api.models import ApiToken
from tests.base import url_in

from .conftest import assert_accessible, fits_320, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_a_head_creates_and_revokes_a_token_by_keyboard(page, world):
    sign_in_by_keyboard(page, world.head.email)
    page.goto(url_in(world.authority, "accounts:account"))
    press_until_focused(page, "#api-tokens-link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "API tokens"
    assert_accessible(page)
    assert fits_320(page)

    page.goto(url_in(world.authority, "api-tokens:new"))
    assert_accessible(page)
    assert fits_320(page)
    press_until_focused(page, "#id_name")
    page.keyboard.type("Termly script")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-panel__title").inner_text() == "Token created"
    key = page.locator("#api-token-key").input_value()
    assert ApiToken.objects.get(user=world.head).key_prefix == key[:8]
    assert_accessible(page)
    assert fits_320(page)

    token = ApiToken.objects.get(user=world.head)
    page.goto(url_in(world.authority, "api-tokens:revoke", token.pk))
    assert_accessible(page)
    press_until_focused(page, "button.govuk-button--warning")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "has been revoked" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    assert fits_320(page)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_api_documentation_lists_every_operation_and_is_accessible(page, db):
    page.goto("/api/docs/")
    assert page.locator("h1").inner_text() == "School Quality Assurance API"
    sections = [text.strip() for text in page.locator("main h2.govuk-heading-l").all_inner_texts()]
    assert {"Schools", "Classifications", "Visits", "Notes", "Governance", "Dashboard", "Regional"} <= set(sections)
    schools = page.locator("#v1-schools-list")
    assert schools.inner_text() == "Schools you may see"
    assert "search" in page.locator("#v1-schools-list-parameters").locator("xpath=..").inner_text()
    assert_accessible(page)
