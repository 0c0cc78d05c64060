import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from tests.factories import TEST_PASSWORD

from .base import url_in

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password})


def test_sign_in_page_is_gov_uk_styled(client):
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'class="govuk-template"' in page
    assert 'class="govuk-skip-link"' in page
    assert "School Quality Assurance" in page
    assert "govuk-phase-banner" in page
    assert "govuk-footer" in page
    assert 'type="module"' in page


def test_a_person_signs_in_with_email_and_lands_on_their_home(client, world):
    response = sign_in(client, world.qa_lead.email, TEST_PASSWORD)
    assert response.status_code == 302
    home = client.get(response.url, follow=True)
    assert home.request["PATH_INFO"] == url_in(world.authority, "home-for-role", role="qa-lead")
    assert world.school.name in home.content.decode()


def test_wrong_password_shows_a_gov_uk_error_summary(client, world):
    response = sign_in(client, world.qa_lead.email, "not-the-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a correct email address and password" in page


def test_five_failed_sign_ins_lock_the_account(client, world):
    for _ in range(4):
        assert sign_in(client, world.qa_lead.email, "wrong-password").status_code == 200
    locked = sign_in(client, world.qa_lead.email, "wrong-password")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    # Even the right password is refused while locked, with the same page and no 500.
    again = sign_in(client, world.qa_lead.email, TEST_PASSWORD)
    assert again.status_code == 429
    assert "Your account is locked" in again.content.decode()
    # Other people are not affected.
    assert sign_in(client, world.director.email, TEST_PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, world):
    with freeze_time("2026-11-24 09:00"):
        for _ in range(5):
            sign_in(client, world.qa_lead.email, "wrong-password")
        assert sign_in(client, world.qa_lead.email, TEST_PASSWORD).status_code == 429
    with freeze_time("2026-11-24 09:16"):
        assert sign_in(client, world.qa_lead.email, TEST_PASSWORD).status_code == 302


def test_session_expires_after_two_idle_hours(client, world):
    with freeze_time("2026-11-24 09:00") as frozen:
        sign_in(client, world.qa_lead.email, TEST_PASSWORD)
        assert client.get(reverse("schools:register")).status_code == 200
        frozen.tick(timedelta(hours=1, minutes=59))
        assert client.get(reverse("schools:register")).status_code == 200
        frozen.tick(timedelta(hours=2, minutes=1))
        assert client.get(reverse("schools:register")).status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(client_for, world):
    client = client_for(world.qa_lead)
    response = client.post(reverse("accounts:sign-out"), follow=True)
    assert "You have signed out" in response.content.decode()
    assert client.get(reverse("schools:register")).status_code == 302


def test_password_reset_sends_a_working_link(client, world):
    response = client.post(reverse("accounts:password-reset"), {"email": world.head.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a-brand-new-passphrase-42"
    done = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Password saved" in done.content.decode()
    assert sign_in(client, world.head.email, new_password).status_code == 302


def test_password_rules_apply_on_reset(client, world):
    client.post(reverse("accounts:password-reset"), {"email": world.head.email})
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(form_page.request["PATH_INFO"], {"new_password1": "password", "new_password2": "password"})
    page = response.content.decode()
    assert "This password is too common" in page
    assert "govuk-error-summary" in page
