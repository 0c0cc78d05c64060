"""Issue 21: personal API tokens. Anonymous, unknown, revoked and expired tokens answer 401; tokens are made,
listed and revoked on the person's own pages; a person's requests are throttled."""

import datetime as dt

import pytest
from django.test import Client
from freezegun import freeze_time

from api.models import ApiToken
from api.services import api_token_revoke
from qa_portal.accounts.roles import Role
from tests.api.helpers import api_get, key_for
from tests.base import main_content, sign_in

pytestmark = pytest.mark.django_db

SCHOOLS = "/api/v1/schools/"
CREATED = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def test_anonymous_requests_are_refused(world):
    response = api_get(SCHOOLS)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_unknown_token_is_refused(world):
    response = api_get(SCHOOLS, "not-a-token-of-anyone")
    assert (response.status_code, response.json()) == (401, {"detail": "This API token is not known."})


def test_a_token_sent_as_token_works_too(world):
    key = key_for(world.head, world.authority)
    response = Client().get(SCHOOLS, headers={"Authorization": f"Token {key}"})
    assert [s["urn"] for s in response.json()["results"]] == [world.school.urn]


def test_a_revoked_token_answers_401(world):
    key = key_for(world.head, world.authority)
    assert api_get(SCHOOLS, key).status_code == 200
    token = ApiToken.objects.get(user=world.head)
    api_token_revoke(token=token)
    response = api_get(SCHOOLS, key)
    assert (response.status_code, response.json()) == (401, {"detail": "This API token has been revoked."})


def test_an_expired_token_answers_401(world):
    with freeze_time(CREATED):
        key = key_for(world.head, world.authority, lifetime_days=30)
    with freeze_time(CREATED + dt.timedelta(days=29, hours=23)):
        assert api_get(SCHOOLS, key).status_code == 200
    with freeze_time(CREATED + dt.timedelta(days=30, minutes=1)):
        response = api_get(SCHOOLS, key)
    assert (response.status_code, response.json()) == (401, {"detail": "This API token has expired."})


def test_a_closed_account_or_a_role_taken_away_stops_the_token(world):
    key = key_for(world.head, world.authority)
    world.head.roles.filter(role=Role.HEADTEACHER).delete()
    response = api_get(SCHOOLS, key)
    assert response.status_code == 401
    assert response.json() == {"detail": "You no longer hold a role in this API token's authority."}
    other_key = key_for(world.chair, world.authority)
    world.chair.is_active = False
    world.chair.save()
    assert api_get(SCHOOLS, other_key).json() == {"detail": "The account this API token belongs to has been closed."}


def test_the_token_carries_the_persons_live_roles(world):
    key = key_for(world.head, world.authority)
    assert [s["urn"] for s in api_get(SCHOOLS, key).json()["results"]] == [world.school.urn]
    world.head.roles.create(role=Role.QA_LEAD, authority=world.authority)
    assert [s["urn"] for s in api_get(SCHOOLS, key).json()["results"]] == [world.school.urn, world.other_school.urn]


def test_last_use_is_recorded_at_most_once_a_minute(world):
    with freeze_time(CREATED):
        key = key_for(world.head, world.authority)
        api_get(SCHOOLS, key)
    with freeze_time(CREATED + dt.timedelta(seconds=30)):
        api_get(SCHOOLS, key)
    assert ApiToken.objects.get().last_used_at == CREATED
    with freeze_time(CREATED + dt.timedelta(minutes=2)):
        api_get(SCHOOLS, key)
    assert ApiToken.objects.get().last_used_at == CREATED + dt.timedelta(minutes=2)


def test_only_the_keys_hash_is_kept(world):
    key = key_for(world.head, world.authority)
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.key_prefix, token.name)
    assert token.key_prefix == key[:8]


def test_requests_beyond_the_rate_are_refused_with_429(world, settings, real_cache):
    settings.API_THROTTLE_RATE = "3/minute"
    key = key_for(world.head, world.authority)
    with freeze_time(CREATED):
        statuses = [api_get(SCHOOLS, key).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_signed_in_session_reads_the_api_once_its_second_factor_is_given(world, client):
    sign_in(client, world.director)
    assert [s["urn"] for s in client.get(SCHOOLS).json()["results"]] == [world.school.urn, world.other_school.urn]


def test_a_session_without_its_second_factor_is_refused(world, client):
    client.force_login(world.director)  # an officer must give a code: not given here
    response = client.get(SCHOOLS)
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Give the code from your authenticator app first."},
    )


# --- The token pages -----------------------------------------------------------------------------------------


def test_a_person_creates_a_token_sees_its_key_once_and_finds_it_listed(world, client):
    with freeze_time(CREATED):
        sign_in(client, world.head)
        page = client.get("/account/")
        assert 'href="/la/990/account/api-tokens/"' in main_content(page)
        form = client.get("/account/api-tokens/new/")
        assert "Demo Borough" in main_content(form)
        response = client.post(
            "/account/api-tokens/new/",
            {"name": "Termly script", "authority": str(world.authority.pk), "lifetime_days": "30"},
        )
        body = main_content(response)
        assert "Copy the token now. It will not be shown again." in body
        token = ApiToken.objects.get(user=world.head)
        key = body.split('id="api-token-key" name="api-token-key" type="text" value="')[1].split('"')[0]
        assert token.key_prefix == key[:8]
        assert (token.name, token.authority, token.expires_at) == (
            "Termly script",
            world.authority,
            CREATED + dt.timedelta(days=30),
        )
        assert api_get(SCHOOLS, key).status_code == 200
        listed = main_content(client.get("/account/api-tokens/"))
    assert "Termly script" in listed and token.key_prefix in listed and key not in listed
    assert "24 Dec 2026" in listed  # expires


def test_the_new_token_form_says_what_is_wrong(world, client):
    sign_in(client, world.head)
    response = client.post(
        "/account/api-tokens/new/", {"name": "", "authority": str(world.other_authority.pk), "lifetime_days": "7"}
    )
    body = main_content(response)
    assert "Enter a name for the token" in body
    assert "Choose an authority you work in" in body
    assert "Choose when the token expires" in body
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_after_a_confirmation(world, client):
    key = key_for(world.head, world.authority)
    token = ApiToken.objects.get()
    sign_in(client, world.head)
    assert "Revoke the token Test script" in main_content(client.get(f"/account/api-tokens/{token.pk}/revoke/"))
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api_get(SCHOOLS, key).status_code == 401
    assert "Revoked" in main_content(client.get("/account/api-tokens/"))


def test_another_persons_token_cannot_be_revoked(world, client):
    key = key_for(world.head, world.authority)
    token = ApiToken.objects.get()
    sign_in(client, world.other_head)
    assert client.get(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert api_get(SCHOOLS, key).status_code == 200
