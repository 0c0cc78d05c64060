"""Issue 21: an authority's admin can switch password sign-in off; its people then sign in through single sign-on
only (superusers keep their password, for the Django admin), and get no password reset link."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from qa_portal.accounts.models import RoleAssignment
from schools.models import Authority
from tests.base import main_content, sign_in, url_in
from tests.factories import TEST_PASSWORD, UserFactory

from .support import BUTTON

pytestmark = pytest.mark.django_db


def password_sign_in(client, email):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": TEST_PASSWORD})


def switch_off(authority):
    Authority.objects.filter(pk=authority.pk).update(password_sign_in=False)


def test_a_person_in_an_authority_without_password_sign_in_is_refused_with_a_message(client, provider, world):
    switch_off(world.authority)
    response = password_sign_in(client, world.head.email)
    assert response.status_code == 200
    assert (
        f"Demo Borough does not allow sign-in with a password. Use “{BUTTON}” above to sign in with your "
        "organisation’s account."
    ) in main_content(response)
    assert not response.wsgi_request.user.is_authenticated


def test_a_wrong_password_is_told_only_that_it_is_wrong(client, provider, world):
    switch_off(world.authority)
    page = main_content(client.post(reverse("accounts:sign-in"), {"username": world.head.email, "password": "x"}))
    assert "Enter a correct email address and password" in page
    assert "does not allow sign-in with a password" not in page


def test_password_sign_in_still_works_in_other_authorities(client, provider, world):
    switch_off(world.authority)
    response = password_sign_in(client, world.outside_head.email)
    assert response.status_code == 302
    assert client.get(reverse("home"), follow=True).request["PATH_INFO"] == url_in(
        world.other_authority, "home-for-role", role="headteacher"
    )


def test_a_person_in_two_authorities_is_refused_if_either_switched_it_off(client, provider, world):
    RoleAssignment.objects.create(
        user=world.outside_head, role="headteacher", authority=world.authority, school=world.other_school
    )
    switch_off(world.authority)
    assert "Demo Borough does not allow sign-in with a password" in main_content(
        password_sign_in(client, world.outside_head.email)
    )


def test_a_superuser_keeps_password_sign_in(client, provider, world):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    RoleAssignment.objects.create(user=superuser, role="director", authority=world.authority)
    switch_off(world.authority)
    assert password_sign_in(client, superuser.email).status_code == 302


def test_no_reset_link_is_sent_to_a_person_who_may_not_use_a_password(client, provider, world):
    switch_off(world.authority)
    response = client.post(reverse("accounts:password-reset"), {"email": world.head.email})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []
    client.post(reverse("accounts:password-reset"), {"email": world.outside_head.email})
    assert [message.to for message in mail.outbox] == [[world.outside_head.email]]


def settings_url(world):
    return url_in(world.authority, "schools:sign-in-settings")


def test_the_admin_switches_password_sign_in_off_and_on(provider, world):
    client = sign_in(Client(), world.admin)
    page = main_content(client.get(settings_url(world)))
    assert "How people sign in" in page
    assert f"“{BUTTON}”" in page
    assert 'value="yes" checked' in page
    response = client.post(settings_url(world), {"password_sign_in": "no"})
    assert response["Location"] == settings_url(world)
    assert (
        "People in Demo Borough now sign in with single sign-on only."
        in client.get(settings_url(world)).content.decode()
    )
    assert Authority.objects.get(pk=world.authority.pk).password_sign_in is False
    assert Authority.objects.get(pk=world.other_authority.pk).password_sign_in is True
    client.post(settings_url(world), {"password_sign_in": "yes"})
    assert Authority.objects.get(pk=world.authority.pk).password_sign_in is True


def test_password_sign_in_cannot_be_switched_off_without_a_provider(world, settings):
    settings.OIDC_PROVIDERS = []
    client = sign_in(Client(), world.admin)
    response = client.post(settings_url(world), {"password_sign_in": "no"})
    assert response.status_code == 200
    assert (
        "Password sign-in cannot be turned off: no single sign-on provider is set up for the service."
        in main_content(response)
    )
    assert Authority.objects.get(pk=world.authority.pk).password_sign_in is True


def test_a_choice_is_required(provider, world):
    client = sign_in(Client(), world.admin)
    response = client.post(settings_url(world), {})
    assert "Choose whether people can sign in with a password" in main_content(response)


def test_only_the_authoritys_admins_may_switch_it(provider, world):
    assert sign_in(Client(), world.qa_lead).get(settings_url(world)).status_code == 403
    assert sign_in(Client(), world.qa_lead).post(settings_url(world), {"password_sign_in": "no"}).status_code == 403
    assert sign_in(Client(), world.outside_admin).get(settings_url(world)).status_code == 404
    assert Authority.objects.get(pk=world.authority.pk).password_sign_in is True
