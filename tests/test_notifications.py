"""Notifications, one mechanism (issue 15): an in-app list per person with an unread count in the header, and email
after commit, straight away or in the weekly digest as each person chooses per kind, never twice for one event."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django_celery_beat.models import PeriodicTask
from freezegun import freeze_time

from qa_portal.notifications import kinds as kinds_module
from qa_portal.notifications.context_processors import unread_notifications
from qa_portal.notifications.kinds import Kind, kinds, register_kind
from qa_portal.notifications.models import Notification
from qa_portal.notifications.services import notification_digest_send, notification_preferences_save, notify
from qa_portal.notifications.tasks import send_weekly_digest
from tests import factories as f
from tests.base import main_content, url_in

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00"  # a Tuesday
KIND = "test-handoff"


@pytest.fixture(autouse=True)
def test_kinds():
    """Kinds are registered by the apps that send them; these tests register their own and leave none behind."""
    before = dict(kinds_module._KINDS)
    kinds_module._KINDS.clear()
    register_kind(KIND, "A test hand-off")
    register_kind("test-weekly", "A weekly test thing", default="digest")
    yield
    kinds_module._KINDS.clear()
    kinds_module._KINDS.update(before)


def _notify(recipients, *, key="handoff:1", kind=KIND, authority=None, url="/schools/100001/"):
    return notify(
        recipients=recipients,
        kind=kind,
        text="Brookmead Primary School's classification is confirmed",
        url=url,
        key=key,
        authority=authority,
    )


def test_registered_kinds_carry_their_label_and_default():
    assert kinds()[KIND] == Kind(code=KIND, label="A test hand-off", default="immediate")
    assert kinds()["test-weekly"].default == "digest"
    with pytest.raises(ValueError):
        register_kind("test-bad", "Bad", default="hourly")


def test_an_unregistered_kind_is_refused(world):
    with pytest.raises(ValueError):
        _notify([world.head], kind="nobody-registered-this")
    assert Notification.objects.count() == 0


@freeze_time(NOW)
def test_notify_makes_one_notification_and_one_email_per_person(world, django_capture_on_commit_callbacks):
    inactive = f.headteacher(world.other_school)
    inactive.is_active = False
    inactive.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([world.head, world.chair, world.head, None, inactive], authority=world.authority)
    assert created == 2
    assert sorted(Notification.objects.values_list("recipient__email", flat=True)) == sorted(
        [world.head.email, world.chair.email]
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.head.email, world.chair.email])
    message = mail.outbox[0]
    assert message.subject == "Brookmead Primary School's classification is confirmed"
    notification = Notification.objects.get(recipient=world.head)
    assert notification.url == "/schools/100001/"
    assert notification.link == "/la/990/schools/100001/"
    assert notification.absolute_url == settings.SITE_URL.rstrip("/") + "/la/990/schools/100001/"
    assert notification.absolute_url in message.body
    assert notification.created_at == datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)


def test_nothing_is_sent_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify([world.head])
    assert len(callbacks) == 1
    assert mail.outbox == []


@freeze_time(NOW)
def test_the_same_event_again_notifies_nobody_twice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([world.head]) == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([world.head, world.chair]) == 1  # only the chair is new to this event
    assert [message.to for message in mail.outbox] == [[world.chair.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([world.head, world.chair]) == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 2


def test_a_link_must_be_a_path_in_the_service(world):
    with pytest.raises(ValueError):
        _notify([world.head], url="https://example.com/phish")


def test_the_weekly_digest_sends_one_email_listing_what_waits_and_only_once(world, django_capture_on_commit_callbacks):
    notification_preferences_save(user=world.head, deliveries={KIND: "digest"})
    with freeze_time("2026-11-24 10:00"), django_capture_on_commit_callbacks(execute=True):
        _notify([world.head, world.chair], key="handoff:1", authority=world.authority)
        _notify([world.head], key="handoff:2", url="/visits/7/")
    # The chair takes this kind straight away; the head waits for Monday.
    assert [message.to for message in mail.outbox] == [[world.chair.email]]
    mail.outbox.clear()

    with freeze_time("2026-11-30 07:00"), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digest.delay().get() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [world.head.email]
    assert digest.subject == "Your notifications: week beginning 30 November 2026"
    assert "you have 2 notifications" in digest.body
    assert "/la/990/schools/100001/" in digest.body
    assert "/visits/7/" in digest.body
    assert not Notification.objects.filter(recipient=world.head, emailed_at__isnull=True).exists()

    with freeze_time("2026-11-30 07:05"), django_capture_on_commit_callbacks(execute=True):
        assert notification_digest_send(on_date=datetime.date(2026, 11, 30)) == 0
    assert len(mail.outbox) == 1


def test_a_digest_kind_waits_for_the_digest_by_default(world, django_capture_on_commit_callbacks):
    with freeze_time(NOW), django_capture_on_commit_callbacks(execute=True):
        _notify([world.head], kind="test-weekly")
    assert mail.outbox == []
    with freeze_time("2026-11-30 07:00"), django_capture_on_commit_callbacks(execute=True):
        assert notification_digest_send(on_date=datetime.date(2026, 11, 30)) == 1
    assert [message.to for message in mail.outbox] == [[world.head.email]]


def test_no_email_means_in_the_service_only(world, django_capture_on_commit_callbacks):
    notification_preferences_save(user=world.head, deliveries={KIND: "off"})
    with freeze_time(NOW), django_capture_on_commit_callbacks(execute=True):
        assert _notify([world.head]) == 1
    assert mail.outbox == []
    with freeze_time("2026-11-30 07:00"), django_capture_on_commit_callbacks(execute=True):
        assert notification_digest_send(on_date=datetime.date(2026, 11, 30)) == 0
    assert mail.outbox == []
    assert Notification.objects.get(recipient=world.head).delivery == "off"


@freeze_time(NOW)
def test_the_list_shows_only_ones_own_notifications_newest_first(world, client_for):
    with freeze_time("2026-11-23 09:00"):
        notify(recipients=[world.head], kind=KIND, text="Older hand-off", url="/visits/1/", key="a:1")
    notify(recipients=[world.head], kind=KIND, text="Newer hand-off", url="/visits/2/", key="a:2")
    notify(recipients=[world.chair], kind=KIND, text="The chair's own hand-off", url="/visits/3/", key="a:3")
    page = main_content(client_for(world.head).get(url_in(world.authority, "notifications:list")))
    assert "The chair&#x27;s own hand-off" not in page and "own hand-off" not in page
    assert page.index("Newer hand-off") < page.index("Older hand-off")
    assert page.count("Unread</strong>") == 2
    assert 'href="/visits/2/"' in page


@freeze_time(NOW)
def test_marking_read_is_a_post_of_ones_own_notification(world, client_for):
    notify(recipients=[world.head], kind=KIND, text="Mine", url="/visits/1/", key="a:1")
    notify(recipients=[world.chair], kind=KIND, text="The chair's", url="/visits/3/", key="a:3")
    mine = Notification.objects.get(recipient=world.head)
    theirs = Notification.objects.get(recipient=world.chair)
    client = client_for(world.head)

    assert client.get(url_in(world.authority, "notifications:read", notification_id=mine.pk)).status_code == 405
    assert client.post(url_in(world.authority, "notifications:read", notification_id=theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = client.post(url_in(world.authority, "notifications:read", notification_id=mine.pk))
    assert response.status_code == 302
    assert response["Location"] == url_in(world.authority, "notifications:list")
    mine.refresh_from_db()
    assert mine.read_at == datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)


@freeze_time(NOW)
def test_the_header_counts_unread_and_mark_all_as_read_clears_it(world, client_for):
    for number in range(3):
        notify(recipients=[world.head], kind=KIND, text=f"Hand-off {number}", url="/", key=f"h:{number}")
    notify(recipients=[world.chair], kind=KIND, text="Not the head's", url="/", key="h:chair")
    client = client_for(world.head)
    home = client.get(url_in(world.authority, "home"), follow=True).content.decode()
    assert 'Notifications (3<span class="govuk-visually-hidden"> unread</span>)' in home

    assert client.get(url_in(world.authority, "notifications:read-all")).status_code == 405
    response = client.post(url_in(world.authority, "notifications:read-all"), follow=True)
    page = response.content.decode()
    assert "3 notifications marked as read" in page
    assert "Notifications (" not in page
    assert "Unread</strong>" not in page
    assert Notification.objects.filter(recipient=world.chair, read_at__isnull=True).count() == 1


def test_the_header_count_is_one_query_and_none_for_people_signed_out(world, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}
    request.user = world.head
    with django_assert_num_queries(1):
        assert unread_notifications(request) == {"unread_notification_count": 0}


@freeze_time(NOW)
def test_the_settings_page_saves_a_choice_per_kind(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.head)
    url = url_in(world.authority, "notifications:settings")
    page = client.get(url).content.decode()
    assert "A test hand-off" in page and "Weekly digest" in page and "No email" in page
    response = client.post(url, {KIND: "digest", "test-weekly": "immediate"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.head])
        _notify([world.head], kind="test-weekly", key="weekly:1")
    assert [message.subject for message in mail.outbox] == ["Brookmead Primary School's classification is confirmed"]
    assert Notification.objects.get(key="handoff:1").delivery == "digest"

    response = client.post(url, {KIND: "hourly"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_weekly_digest_is_scheduled_on_monday_morning():
    row = PeriodicTask.objects.select_related("crontab").get(task="notifications.send_weekly_digest")
    assert (row.crontab.minute, row.crontab.hour, row.crontab.day_of_week) == ("0", "7", "1")
