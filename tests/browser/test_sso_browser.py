"""Issue 21 acceptance: in Chromium, a person signs in through the local OpenID provider (tests/oidc_provider, a
second process) and lands on their home; an unknown email is refused with a message on the sign-in page."""

import pytest

from tests.oidc.support import BUTTON, Account, running_provider

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser

STRANGER = "nobody.here@example.org"


@pytest.fixture
def provider(fixed_clock, world, live_server, tmp_path, settings):
    accounts = [Account(world.qa_lead.email, multi_factor=True), Account(STRANGER)]
    redirect_uri = f"{live_server.url}/sign-in/local/callback/"
    with running_provider(tmp_path, redirect_uris=[redirect_uri], accounts=accounts) as running:
        settings.OIDC_PROVIDERS = [running.settings_entry()]
        yield running


def sign_in_at_the_provider(page, account):
    page.goto("/sign-in/")
    with page.expect_navigation():
        page.get_by_role("button", name=BUTTON).click()
    assert page.locator("h1").inner_text() == "Test identity provider"
    page.fill("#id_username", account.email)
    page.fill("#id_password", account.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_load_state("networkidle")


def test_a_qa_lead_signs_in_through_the_provider_and_lands_on_their_home(page, provider, world):
    page.goto("/sign-in/")
    assert page.get_by_role("button", name=BUTTON).is_visible()
    assert_accessible(page)
    sign_in_at_the_provider(page, provider.accounts[world.qa_lead.email])
    # The provider asserted a second factor ("mfa" in amr): no code is asked for.
    assert page.url.endswith("/la/990/home/qa-lead/"), page.url
    assert "Your schools" in page.locator("main").inner_text()
    assert world.school.name in page.locator("main").inner_text()
    assert_accessible(page)


def test_an_unknown_email_is_refused_with_a_message(page, provider):
    sign_in_at_the_provider(page, provider.accounts[STRANGER])
    assert page.url.endswith("/sign-in/"), page.url
    summary = page.locator(".govuk-error-summary")
    assert summary.inner_text() == (
        f"There is a problem\nNo account here uses {STRANGER}. Ask your authority’s admin to add you, then sign in "
        "again."
    )
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    # Nobody is signed in: the home page sends them back to sign in.
    page.goto("/")
    assert "/sign-in/" in page.url


def test_the_admin_switches_password_sign_in_off(page, provider, world):
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/schools/sign-in/")
    assert page.locator("h1").inner_text() == "How people sign in"
    assert_accessible(page)
    page.get_by_label("No, with single sign-on only").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "People in Demo Borough now sign in with single sign-on only." in page.locator("main").inner_text()
    assert page.get_by_label("No, with single sign-on only").is_checked()
    assert_accessible(page)
