import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from qa_portal.accounts.models import User
from qa_portal.accounts.services import person_invite
from tests.factories import TEST_PASSWORD, UserFactory

from .base import second_factor_device, totp_code, url_in
from .base import sign_in as sign_in_fully

pytestmark = pytest.mark.django_db


def sign_in(client, email, password, address="127.0.0.1"):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password}, REMOTE_ADDR=address)


def give_code(client, user):
    return client.post(reverse("accounts:two-factor"), {"code": totp_code(second_factor_device(user))})


def test_sign_in_page_is_gov_uk_styled(client):
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'class="govuk-template"' in page
    assert 'class="govuk-skip-link"' in page
    assert "School Quality Assurance" in page
    assert "govuk-phase-banner" in page
    assert "govuk-footer" in page
    assert 'type="module"' in page


def test_a_person_signs_in_with_email_and_lands_on_their_home(client, world):
    second_factor_device(world.qa_lead)
    response = sign_in(client, world.qa_lead.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == url_in(world.authority, "accounts:two-factor")
    home = client.get(give_code(client, world.qa_lead).url, follow=True)
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
        give_code(client, world.qa_lead)
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


def test_email_address_is_not_case_sensitive_at_sign_in(client, world):
    response = sign_in(client, world.chair.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.chair.pk)


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(
    client, world, django_capture_on_commit_callbacks
):
    with freeze_time("2026-11-24 09:00"), django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            assert sign_in(client, world.head.email, "wrong-password", address="203.0.113.7").status_code == 200
        locked = sign_in(client, world.head.email.upper(), "wrong-password", address="203.0.113.7")
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "Your account is locked" in page
        assert "You can try again from 09:15 on 24 November 2026." in page
        # More tries while locked, in any case, are refused there and send no second email.
        assert sign_in(client, world.head.email, TEST_PASSWORD, address="203.0.113.7").status_code == 429
        assert sign_in(client, world.head.email, "wrong-again", address="203.0.113.7").status_code == 429
        # The owner, at their own school's address, signs in with the right password.
        assert sign_in(client, world.head.email, TEST_PASSWORD, address="198.51.100.20").status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.head.email]
    assert message.subject == "Someone entered the wrong password for your account 5 times"
    assert "the last time on 24 November 2026 at 09:00, from the internet address 203.0.113.7." in message.body
    assert "If this was not you, someone may be trying to guess your password." in message.body
    assert "/password-reset/" in message.body


def test_password_reset_accepts_any_case(client, world):
    client.post(reverse("accounts:password-reset"), {"email": world.head.email.upper()})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.head.email]


def test_email_addresses_are_kept_lower_case_and_unique_in_any_case(world):
    first = person_invite(
        authority=world.authority, email=" New.Person@Example.TEST ", first_name="N", last_name="P", role="qa_lead"
    )
    assert first.user.email == "new.person@example.test"
    again = person_invite(
        authority=world.other_authority, email="NEW.PERSON@example.test", first_name="N", last_name="P", role="director"
    )
    assert again.user == first.user
    with pytest.raises(ValidationError) as error:
        User(email="New.Person@example.test", first_name="A", last_name="B").full_clean()
    assert error.value.message_dict["email"] == ["User with this Email address already exists."]
    user = world.head
    user.email = "Head.Teacher@Example.test"
    user.save()
    user.refresh_from_db()
    assert user.email == "head.teacher@example.test"


def test_the_django_admin_stores_a_new_address_lower_case(client, world):
    sign_in_fully(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Mixed.Case@Example.test",
            "first_name": "Mixed",
            "last_name": "Case",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="mixed.case@example.test").count() == 1


def test_the_migration_refuses_addresses_that_differ_only_by_case():
    migration = import_module("qa_portal.accounts.migrations.0003_email_any_case_and_second_factor_resets")

    class Rows:
        def values_list(self, *fields):
            return [(1, "Ann@example.test"), (2, "ann@example.test"), (3, "bob@example.test")]

    class Apps:
        def get_model(self, app, name):
            return type("User", (), {"objects": Rows()})

    with pytest.raises(RuntimeError) as error:
        migration.lower_case_emails(Apps(), None)
    assert str(error.value) == (
        "Cannot make email addresses case-insensitive: these accounts differ only by the case of their address. "
        "Merge or rename them (in the Django admin) and run migrate again. "
        "ann@example.test: accounts 1 (Ann@example.test), 2 (ann@example.test)"
    )


def test_the_idle_timeout_is_pushed_back_every_five_minutes_not_on_every_page(client, world):
    """A page is not a database write: the session (and its expiry) is saved again only when it was last saved
    five minutes or more before (qa_portal.accounts.middleware.SessionActivityMiddleware)."""

    def session_writes():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/schools/").status_code == 200
        return sum(1 for query in queries if query["sql"].startswith('UPDATE "django_session"'))

    with freeze_time("2026-11-24 09:00") as frozen:
        sign_in_fully(client, world.qa_lead)
        assert session_writes() == 1
        frozen.tick(timedelta(minutes=4))
        assert session_writes() == 0
        frozen.tick(timedelta(minutes=1))
        assert session_writes() == 1
        frozen.tick(timedelta(hours=1, minutes=59))
        assert session_writes() == 1
        frozen.tick(timedelta(hours=2, minutes=1))
        assert client.get("/schools/").status_code == 302
