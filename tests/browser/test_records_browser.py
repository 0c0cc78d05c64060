"""The audit log and a person's personal-data page in a browser: accessible (axe-core) and readable at 320px
without sideways scrolling."""

import pytest

from tests.base import url_in

from .conftest import assert_accessible, fits_320, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_the_audit_log_and_a_persons_page_are_accessible_and_reflow(page, world):
    sign_in_by_keyboard(page, world.admin.email)

    page.goto(url_in(world.authority, "records:audit-log"))
    assert page.locator("h1").inner_text() == "Audit log"
    assert page.locator("table tbody tr").count() >= 1
    assert_accessible(page)
    assert fits_320(page)

    page.goto(url_in(world.authority, "records:person", world.chair.pk))
    assert_accessible(page)
    assert fits_320(page)

    page.goto(url_in(world.authority, "records:person-erase", world.chair.pk))
    assert_accessible(page)
    assert fits_320(page)

    page.goto(url_in(world.authority, "accounts:people"))
    assert_accessible(page)


def test_the_account_page_is_accessible_and_reflows(page, world):
    sign_in_by_keyboard(page, world.head.email)
    page.goto(url_in(world.authority, "accounts:account"))
    assert_accessible(page)
    assert fits_320(page)
