"""Two-factor sign-in: officers must set up an authenticator app and give its code after their password; heads and
governors may turn it on; an authority admin can reset it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from qa_portal.accounts.models import SecondFactorReset
from qa_portal.accounts.services import second_factor_enrol, second_factor_enrolment_start, second_factor_reset
from tests.factories import TEST_PASSWORD, UserFactory

from .base import main_content, second_factor_device, totp_code, url_in

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 09:00"


def password_only(client, user):
    response = client.post(reverse("accounts:sign-in"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def enrolled(user):
    """Set up the person's authenticator as the set-up page does; returns (device, recovery codes)."""
    device = second_factor_enrolment_start(user=user)
    return second_factor_enrol(user=user, token=totp_code(device))


@freeze_time(NOW)
def test_a_qa_lead_must_set_up_an_authenticator_and_sees_recovery_codes_once(client, world):
    password_only(client, world.qa_lead)
    response = client.get(reverse("schools:register"))
    set_up_url = url_in(world.authority, "accounts:two-factor-set-up")
    assert response.status_code == 302
    assert response.url == f"{set_up_url}?next=/la/990/schools/"
    page = client.get(response.url).content.decode()
    device = TOTPDevice.objects.get(user=world.qa_lead, confirmed=False)
    assert 'role="img" aria-label="QR code to scan with your authenticator app"' in page
    assert "<img" not in main_content(client.get(response.url))
    key = re.search(r'<code id="secret-key">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(key.replace(" ", "")) == 32
    done = client.post(response.url, {"code": totp_code(device), "next": "/la/990/schools/"})
    assert done.status_code == 302
    codes_page = client.get(done.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10
    assert "This is the only time they are shown" in codes_page
    assert 'href="/la/990/schools/"' in codes_page
    assert client.get(done.url).status_code == 302  # shown once
    assert client.get(reverse("schools:register")).status_code == 200
    assert set(StaticToken.objects.filter(device__user=world.qa_lead).values_list("token", flat=True)) == set(codes)


@freeze_time(NOW)
def test_set_up_refuses_a_wrong_first_code(client, world):
    password_only(client, world.director)
    response = client.post(reverse("accounts:two-factor-set-up"), {"code": "123456"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The code is not right. Enter the 6-digit code your authenticator app shows now." in page
    assert TOTPDevice.objects.get(user=world.director).confirmed is False


def test_after_the_password_only_the_code_opens_pages_and_a_wrong_code_is_refused(client, world):
    with freeze_time(NOW) as clock:
        device = second_factor_device(world.qa_lead)
        password_only(client, world.qa_lead)
        code_page = url_in(world.authority, "accounts:two-factor")
        for path in ("/", "/schools/", f"/schools/{world.school.urn}/", "/admin/", "/account/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.url.startswith(code_page + "?next="), path
        right = totp_code(device)
        wrong = "000000" if right != "000000" else "111111"
        refused = client.post(reverse("accounts:two-factor"), {"code": wrong})
        assert refused.status_code == 200
        assert "The code is not right." in refused.content.decode()
        assert client.get("/schools/").status_code == 302
        clock.tick(timedelta(seconds=2))  # a wrong code makes the next try wait a second
        accepted = client.post(reverse("accounts:two-factor"), {"code": right, "next": "/schools/"})
        assert accepted.status_code == 302
        assert accepted.url == "/schools/"
        assert client.get("/schools/").status_code == 200


def test_a_recovery_code_works_once_instead_of_a_code(client, world):
    with freeze_time(NOW) as clock:
        _, codes = enrolled(world.qa_lead)
        password_only(client, world.qa_lead)
        used = client.post(reverse("accounts:two-factor"), {"code": codes[0].upper()})
        assert used.status_code == 302
        assert client.get("/schools/").status_code == 200
        client.post(reverse("accounts:sign-out"))
        clock.tick(timedelta(minutes=1))
        password_only(client, world.qa_lead)
        again = client.post(reverse("accounts:two-factor"), {"code": codes[0]}, follow=True)
        assert "The code is not right." in again.content.decode()
        assert client.get("/schools/").status_code == 302
        assert StaticToken.objects.filter(device__user=world.qa_lead).count() == 9


@freeze_time(NOW)
def test_two_factor_is_optional_for_heads_who_can_turn_it_on(client, world):
    password_only(client, world.head)
    assert client.get("/schools/").status_code == 200
    account = client.get(reverse("accounts:account")).content.decode()
    assert '<dd class="govuk-summary-list__value" id="two-factor-status">Off</dd>' in account
    assert "Set up two-factor sign-in" in account
    set_up = client.get(reverse("accounts:two-factor-set-up"))
    assert set_up.status_code == 200
    device = TOTPDevice.objects.get(user=world.head)
    assert client.post(reverse("accounts:two-factor-set-up"), {"code": totp_code(device)}).status_code == 302
    account = client.get(reverse("accounts:account")).content.decode()
    assert "On (10 recovery codes left)" in account
    client.post(reverse("accounts:sign-out"))
    # Once on, the head gives a code too.
    password_only(client, world.head)
    assert client.get("/schools/").url.startswith(url_in(world.authority, "accounts:two-factor"))


@freeze_time(NOW)
def test_an_authority_admin_resets_a_persons_second_factor(client_for, world, django_capture_on_commit_callbacks):
    enrolled(world.qa_lead)
    client = client_for(world.admin)
    people = client.get(reverse("accounts:people")).content.decode()
    reset_url = reverse("accounts:person-second-factor-reset", args=[world.qa_lead.pk])
    assert f'href="{url_in(world.authority, "accounts:person-second-factor-reset", world.qa_lead.pk)}"' in people
    confirm = client.get(reset_url)
    assert confirm.status_code == 200
    assert "Their authenticator app and recovery codes will stop working." in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url, follow=True)
    assert f"Two-factor sign-in has been reset for {world.qa_lead}." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.qa_lead).exists()
    assert not StaticToken.objects.filter(device__user=world.qa_lead).exists()
    record = SecondFactorReset.objects.get()
    assert (record.user, record.reset_by, record.authority) == (world.qa_lead, world.admin, world.authority)
    assert [m.to for m in mail.outbox] == [[world.qa_lead.email]]
    assert mail.outbox[0].subject == "Your two-factor sign-in has been reset"
    assert f"{world.admin.get_full_name()} reset the two-factor sign-in" in mail.outbox[0].body


@freeze_time(NOW)
def test_after_a_reset_the_person_sets_it_up_again_at_next_sign_in(client, world):
    enrolled(world.qa_lead)
    second_factor_reset(user=world.qa_lead, reset_by=world.admin, authority=world.authority)
    password_only(client, world.qa_lead)
    assert client.get("/").url.startswith(url_in(world.authority, "accounts:two-factor-set-up"))


def test_only_the_authoritys_admin_may_reset_a_second_factor(client_for, world):
    enrolled(world.head)
    url = reverse("accounts:person-second-factor-reset", args=[world.head.pk])
    assert client_for(world.qa_lead).post(url).status_code == 403
    assert client_for(world.director).get(url).status_code == 403
    outside = client_for(world.outside_admin)
    assert (
        outside.post(url_in(world.other_authority, "accounts:person-second-factor-reset", world.head.pk)).status_code
        == 404
    )
    assert (
        outside.post(url_in(world.authority, "accounts:person-second-factor-reset", world.head.pk)).status_code == 404
    )
    assert TOTPDevice.objects.filter(user=world.head).exists()


@freeze_time(NOW)
def test_the_django_admin_asks_a_superuser_for_the_second_factor(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/two-factor/set-up/?next=/admin/"
