"""Issue 21: single sign-on with OpenID Connect, against a real provider (tests/oidc_provider) in a second process:
the authorization-code flow with PKCE, tokens signed with the provider's RS256 key, state and nonce checked."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from qa_portal.accounts.sso import gave_multi_factor
from tests.base import main_content, second_factor_device, url_in
from tests.factories import TEST_PASSWORD

from .conftest import STRANGER
from .support import SLUG, sign_in_at_provider

pytestmark = pytest.mark.django_db


def start(client, next_url=""):
    """Press the provider's button on the sign-in page: the service sends the browser to the provider."""
    response = client.post(reverse("accounts:sso-start", args=[SLUG]), {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def sign_in_with_provider(client, provider, email, next_url=""):
    """The whole journey: the button, the provider's form, back to the service (its answer, not followed)."""
    back = sign_in_at_provider(start(client, next_url), provider.accounts[email])
    return client.get(back)


def signed_in_user(client):
    return client.get(reverse("accounts:account")).wsgi_request.user


def test_the_authorization_request_uses_pkce_state_and_nonce(client, provider):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://testserver/sign-in/local/callback/"]
    assert query["scope"] == ["openid email profile"]


def test_a_head_signs_in_through_the_provider_and_lands_on_their_home(client, provider, world):
    response = sign_in_with_provider(client, provider, world.head.email)
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == url_in(world.authority, "home-for-role", role="headteacher")
    assert world.school.name in main_content(home)
    assert signed_in_user(client) == world.head


def refusal(client, response):
    """The sign-in page the person is sent back to, and its error summary's text."""
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in")
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "govuk-error-summary" in content
    return content[content.index('id="sso-error">') : content.index("</a>", content.index('id="sso-error">'))]


def test_the_sign_in_page_shows_the_providers_button_above_the_password_form(client, provider):
    page = main_content(client.get(reverse("accounts:sign-in")))
    assert f'action="{reverse("accounts:sso-start", args=[SLUG])}"' in page
    assert page.index("Sign in with the test provider") < page.index('name="password"')


def test_the_sign_in_page_lets_its_form_go_to_the_provider_only(client, provider):
    policy = client.get(reverse("accounts:sign-in"))["Content-Security-Policy"]
    origin = provider.issuer.removesuffix("/o")
    assert f"form-action 'self' {origin}" in policy


def test_without_providers_the_sign_in_page_has_no_button(client, settings):
    settings.OIDC_PROVIDERS = []
    page = main_content(client.get(reverse("accounts:sign-in")))
    assert "sso-start" not in page and "/sign-in/local/" not in page
    assert "form-action 'self';" in client.get(reverse("accounts:sign-in"))["Content-Security-Policy"] + ";"


def test_an_unknown_email_is_refused_with_a_message_and_nobody_is_signed_in(client, provider):
    message = refusal(client, sign_in_with_provider(client, provider, STRANGER))
    assert message == (
        f'id="sso-error">No account here uses {STRANGER}. Ask your authority’s admin to add you, then sign in again.'
    )
    assert not signed_in_user(client).is_authenticated


def test_an_email_the_provider_has_not_verified_is_refused(client, provider, world):
    message = refusal(client, sign_in_with_provider(client, provider, world.chair.email))
    assert message == (
        f'id="sso-error">Your email address {world.chair.email} is not verified with your account there. '
        "Verify it, then sign in again."
    )
    assert not signed_in_user(client).is_authenticated


def test_a_closed_account_is_refused(client, provider, world):
    world.head.is_active = False
    world.head.save()
    message = refusal(client, sign_in_with_provider(client, provider, world.head.email))
    assert message == 'id="sso-error">This account has been closed. Contact your authority’s admin team.'
    assert not signed_in_user(client).is_authenticated


def test_a_tampered_state_is_refused(client, provider, world):
    back = sign_in_at_provider(start(client), provider.accounts[world.head.email])
    state = parse_qs(urlsplit(back).query)["state"][0]
    message = refusal(client, client.get(back.replace(f"state={state}", f"state={state[:-1]}x")))
    assert message == 'id="sso-error">Your sign-in did not come back from the page it started on. Sign in again.'
    assert not signed_in_user(client).is_authenticated


def test_a_missing_state_is_refused(client, provider, world):
    back = sign_in_at_provider(start(client), provider.accounts[world.head.email])
    code = parse_qs(urlsplit(back).query)["code"][0]
    message = refusal(client, client.get(reverse("accounts:sso-callback", args=[SLUG]), {"code": code}))
    assert message == 'id="sso-error">Your sign-in did not come back from the page it started on. Sign in again.'
    assert not signed_in_user(client).is_authenticated


def test_an_answer_from_another_browser_is_refused(client, provider, world):
    """The state is kept in the session of the browser that pressed the button: someone else's answer (a login
    CSRF) signs nobody in."""
    back = sign_in_at_provider(start(client), provider.accounts[world.head.email])
    other = client.__class__()
    message = refusal(other, other.get(back))
    assert message == 'id="sso-error">Your sign-in did not come back from the page it started on. Sign in again.'
    assert not signed_in_user(other).is_authenticated


def test_a_code_used_twice_signs_in_once(client, provider, world):
    back = sign_in_at_provider(start(client), provider.accounts[world.head.email])
    assert client.get(back).status_code == 302
    client.post(reverse("accounts:sign-out"))
    message = refusal(client, client.get(back))
    assert message == 'id="sso-error">Your sign-in did not come back from the page it started on. Sign in again.'
    assert not signed_in_user(client).is_authenticated


def test_a_token_the_provider_refuses_to_give_is_refused(client, provider, world, settings):
    """A wrong client secret: the provider's token endpoint refuses the code."""
    settings.OIDC_PROVIDERS = [provider.settings_entry(client_secret="not-the-secret")]
    message = refusal(client, sign_in_with_provider(client, provider, world.head.email))
    assert message == (
        'id="sso-error">We could not check your sign-in with your organisation’s account. Sign in again.'
    )
    assert not signed_in_user(client).is_authenticated


def test_a_token_for_another_client_is_refused(client, provider, world, settings):
    """An ID token whose audience is not this service's client id (the provider's token, another client's
    name here): its aud check fails."""
    back = sign_in_at_provider(start(client), provider.accounts[world.head.email])
    settings.OIDC_PROVIDERS = [provider.settings_entry(client_id="another-client")]
    message = refusal(client, client.get(back))
    assert message == (
        'id="sso-error">We could not check your sign-in with your organisation’s account. Sign in again.'
    )
    assert not signed_in_user(client).is_authenticated


def test_a_person_who_cancels_at_the_provider_is_told_so(client, provider):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(reverse("accounts:sso-callback", args=[SLUG]), {"error": "access_denied", "state": state})
    message = refusal(client, response)
    assert message == ('id="sso-error">You did not finish signing in with your organisation’s account. Sign in again.')


def test_an_unknown_provider_is_not_found(client, provider):
    assert client.post(reverse("accounts:sso-start", args=["elsewhere"])).status_code == 404
    assert client.get(reverse("accounts:sso-callback", args=["elsewhere"])).status_code == 404


def test_the_page_the_person_was_going_to_is_kept(client, provider, world):
    response = sign_in_with_provider(client, provider, world.head.email, next_url=f"/schools/{world.school.urn}/")
    assert response["Location"] == f"/schools/{world.school.urn}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert world.school.name in main_content(page)


def test_a_next_address_elsewhere_is_not_followed(client, provider, world):
    response = sign_in_with_provider(client, provider, world.head.email, next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_a_qa_lead_whose_provider_asserts_multi_factor_is_asked_for_no_code(client, provider, world):
    second_factor_device(world.qa_lead)
    response = sign_in_with_provider(client, provider, world.qa_lead.email)
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == url_in(world.authority, "home-for-role", role="qa-lead")
    assert "Your schools" in main_content(home)
    page = client.get(url_in(world.authority, "schools:detail", urn=world.school.urn))
    assert page.status_code == 200


def test_a_qa_lead_whose_provider_asserts_no_multi_factor_gives_their_code(client, provider, world):
    second_factor_device(world.other_qa_lead)
    response = sign_in_with_provider(client, provider, world.other_qa_lead.email)
    page = client.get(response["Location"], follow=True)
    assert page.request["PATH_INFO"] == url_in(world.authority, "accounts:two-factor")
    assert "Enter the code from your authenticator app" in main_content(page)
    # Every other page too, as after a password.
    assert client.get(url_in(world.authority, "schools:register"))["Location"].startswith(
        url_in(world.authority, "accounts:two-factor")
    )


def test_a_qa_lead_with_no_authenticator_and_no_multi_factor_sets_one_up(client, provider, world):
    response = sign_in_with_provider(client, provider, world.other_qa_lead.email)
    page = client.get(response["Location"], follow=True)
    assert page.request["PATH_INFO"] == url_in(world.authority, "accounts:two-factor-set-up")


def test_the_django_admins_users_give_the_services_own_code_even_after_multi_factor(client, provider, world):
    world.qa_lead.is_staff = True
    world.qa_lead.save()
    second_factor_device(world.qa_lead)
    response = sign_in_with_provider(client, provider, world.qa_lead.email)
    page = client.get(response["Location"], follow=True)
    assert page.request["PATH_INFO"] == url_in(world.authority, "accounts:two-factor")
    assert client.get("/admin/")["Location"].startswith(url_in(world.authority, "accounts:two-factor"))


def test_a_later_password_sign_in_does_not_keep_the_providers_multi_factor(client, provider, world):
    second_factor_device(world.qa_lead)
    sign_in_with_provider(client, provider, world.qa_lead.email)
    client.post(reverse("accounts:sign-out"))
    client.post(reverse("accounts:sign-in"), {"username": world.qa_lead.email, "password": TEST_PASSWORD})
    page = client.get(reverse("home"), follow=True)
    assert page.request["PATH_INFO"] == url_in(world.authority, "accounts:two-factor")


@pytest.mark.parametrize(
    ("amr", "multi_factor"),
    [
        (["pwd", "mfa"], True),
        (["mfa"], True),
        (["pwd", "otp"], True),
        (["hwk", "fpt"], True),
        (["pwd"], False),
        (["otp", "sms"], False),
        ([], False),
        (None, False),
        ("pwd", False),
    ],
)
def test_the_amr_claim_says_whether_more_than_one_factor_was_given(amr, multi_factor):
    assert gave_multi_factor({"amr": amr}) is multi_factor
