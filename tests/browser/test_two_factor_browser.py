"""Two-factor sign-in in Chromium: after the password a QA lead reaches no page until they give the code; setting
up the authenticator and the recovery codes work by keyboard; every page passes axe-core."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.base import second_factor_device, totp_code

from .conftest import assert_accessible, enter_second_factor_by_keyboard, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def test_a_qa_lead_reaches_no_page_until_they_give_the_code(page, world):
    device = second_factor_device(world.qa_lead)
    sign_in_by_keyboard(page, world.qa_lead.email, second_factor=False)
    assert re.search(r"/la/990/two-factor/\?next=", page.url), page.url
    for path in (
        "/",
        "/schools/",
        f"/schools/{world.school.urn}/",
        "/dashboard/",
        "/admin/",
        "/schools/download.csv",
        "/la/990/schools/download.csv",
    ):
        page.goto(path)
        assert "/two-factor/?next=" in page.url, f"{path} opened without the second factor: {page.url}"
        assert page.locator("h1").inner_text() == "Enter the code from your authenticator app"
    assert page.locator("nav .govuk-service-navigation__list a").count() == 0
    assert_accessible(page)

    page.goto("/")
    enter_second_factor_by_keyboard(page, "000000" if totp_code(device) != "000000" else "111111")
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    enter_second_factor_by_keyboard(page, totp_code(device))
    assert page.url.endswith("/la/990/home/qa-lead/")
    assert "Your schools" in page.locator("main").inner_text()
    page.goto(f"/schools/{world.school.urn}/")
    assert page.locator("h1").inner_text().startswith(world.school.name)


def test_a_director_sets_up_the_authenticator_by_keyboard(page, world):
    sign_in_by_keyboard(page, world.director.email, second_factor=False)
    assert "/two-factor/set-up/" in page.url
    assert page.locator("main svg[role=img]").count() == 1
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", page.locator("#secret-key").inner_text())
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=world.director, confirmed=False)
    enter_second_factor_by_keyboard(page, totp_code(device))
    assert "/two-factor/recovery-codes/" in page.url
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    press_until_focused(page, "main a.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/la/990/home/director/")
