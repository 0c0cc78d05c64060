"""The notifications pages in a browser: accessible (axe-core) and readable at 320px without sideways scrolling."""

import re

import pytest

from qa_portal.notifications import kinds as kinds_module
from qa_portal.notifications.kinds import register_kind
from qa_portal.notifications.services import notify

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def test_kind():
    before = dict(kinds_module._KINDS)
    register_kind("test-handoff", "A test hand-off")
    yield
    kinds_module._KINDS.clear()
    kinds_module._KINDS.update(before)


def _fits_320(page):
    page.set_viewport_size({"width": 320, "height": 640})
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_notifications_pages_are_accessible_and_reflow(page, world):
    for number in range(2):
        notify(
            recipients=[world.head],
            kind="test-handoff",
            text=f"The note of visit {number} for Brookmead Primary School is ready for you to check",
            url=f"/schools/{world.school.urn}/",
            key=f"note:{number}",
            authority=world.authority,
        )
    sign_in_by_keyboard(page, world.head.email)
    assert page.get_by_role("link", name=re.compile(r"^Notifications \(2\s*unread\s*\)$")).count() == 1
    page.goto("/notifications/")
    assert_accessible(page)
    assert _fits_320(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Mark as read\W+The note of visit 0 ")).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Mark all as read").click()
    assert page.get_by_role("link", name="Notifications", exact=True).count() == 1
    page.goto("/notifications/settings/")
    assert_accessible(page)
    assert _fits_320(page)
