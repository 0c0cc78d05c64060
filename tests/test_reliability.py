"""Issue 18: with Redis down pages are made from the database and changes still answer; follow-up work that could
not be handed over waits in the outbox and is sent once; a job whose worker died is retried once, then failed."""

import os
import uuid
from datetime import date, timedelta

import pytest
from celery import current_app
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from freezegun import freeze_time

from qa_portal import data_versions
from qa_portal.jobs.models import Job, OutboxMessage
from qa_portal.jobs.services import job_enqueue, jobs_reap_stale, outbox_flush
from qa_portal.jobs.tasks import flush_outbox, reap_stale_jobs
from qa_portal.notifications.services import notify
from tests import factories as f
from tests.base import main_content
from tests.worker.conftest import broker_at
from visits.notifications import VISIT_CONFIRMED

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"


def _cache_at(settings, location):
    settings.CACHES = {
        "default": {
            "BACKEND": "qa_portal.cache.FailOpenRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }


@pytest.fixture
def redis_down(settings):
    _cache_at(settings, CLOSED_PORT)


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused")


@freeze_time("2026-11-24 10:00")
@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_every_page_is_made_from_the_database(world, client_for):
    f.framework_with_bands(world.authority)
    pages = [
        (world.qa_lead, "/schools/", world.school.name),
        (world.head, f"/schools/{world.school.urn}/", world.school.name),
        (world.director, "/dashboard/", "Dashboard"),
        (world.qa_lead, "/", world.school.name),
        (world.director, "/", "Director"),
        (world.head, "/", world.school.name),
        (world.chair, "/", world.school.name),
    ]
    for person, url, text in pages:
        response = client_for(person).get(url, follow=True)
        assert (person.email, url, response.status_code) == (person.email, url, 200)
        assert text in main_content(response), (person.email, url)


@freeze_time("2026-11-24 10:00")
@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_confirming_a_visit_answers_its_redirect(world, client_for, django_capture_on_commit_callbacks):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 12, 1), status="planned")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.qa_lead).post(f"/visits/{visit.pk}/confirm/")
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "confirmed"
    (message,) = mail.outbox
    assert message.subject == "The QA visit at Brookmead Primary School on 1 December 2026 is confirmed."
    # The data-version bump the cache did not take waits in the outbox, once per authority.
    waiting = OutboxMessage.objects.get()
    assert (waiting.kind, waiting.target, waiting.payload) == (
        "call",
        "qa_portal.data_versions.data_version_bump",
        {"kwargs": {"authority_id": world.authority.pk}},
    )


def test_an_email_the_mail_server_refused_is_sent_later_exactly_once(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_reliability.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.head], kind=VISIT_CONFIRMED, text="A message for the head", url="/", key="reliability")
    (waiting,) = OutboxMessage.objects.all()
    assert (waiting.kind, waiting.status, waiting.attempts, waiting.last_error) == (
        "email",
        "pending",
        1,
        "Connection refused",
    )
    assert outbox_flush() == 0  # the server is still down
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert flush_outbox.delay().get() == 1
    assert flush_outbox.delay().get() == 0
    (message,) = mail.outbox
    assert message.to == [world.head.email]
    assert message.subject == "A message for the head"
    assert "A message for the head" in message.body and message.alternatives[0].mimetype == "text/html"
    assert OutboxMessage.objects.count() == 0


def test_a_job_the_broker_did_not_take_runs_when_the_sweep_sends_it(world, django_capture_on_commit_callbacks):
    current_app.conf.task_always_eager = False
    try:
        with broker_at(CLOSED_PORT), django_capture_on_commit_callbacks(execute=True):
            job = job_enqueue(kind="worker_check", user=world.admin, authority=world.authority)
    finally:
        current_app.conf.task_always_eager = True
    job.refresh_from_db()
    assert job.status == "queued"
    (waiting,) = OutboxMessage.objects.all()
    assert (waiting.target, waiting.payload, waiting.status) == (
        "jobs.run_job",
        {"args": [job.pk], "kwargs": {}},
        "pending",
    )

    assert outbox_flush() == 1
    assert outbox_flush() == 0
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 1


def test_a_job_still_queued_after_five_minutes_is_sent_again(world):
    with freeze_time("2026-11-24 10:00"):
        job = Job.objects.create(kind="worker_check", authority=world.authority, created_by=world.admin)
    with freeze_time("2026-11-24 10:04"):
        outbox_flush()
    job.refresh_from_db()
    assert job.status == "queued"
    with freeze_time("2026-11-24 10:06"):
        outbox_flush()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result["celery"].startswith("5.")


def test_a_stale_running_job_is_retried_once_then_failed_with_a_message(world, django_capture_on_commit_callbacks):
    with freeze_time("2026-11-24 10:00"):
        job = Job.objects.create(
            kind="worker_check",
            authority=world.authority,
            status="running",
            attempts=1,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    with freeze_time("2026-11-24 10:04"):
        assert jobs_reap_stale() == (0, 0)  # its heartbeat is four minutes old: still alive
    with freeze_time("2026-11-24 10:06"), django_capture_on_commit_callbacks(execute=False) as sent:
        assert reap_stale_jobs.delay().get() == {"retried": 1, "failed": 0}
        assert jobs_reap_stale() == (0, 0)  # run twice: retried once
    job.refresh_from_db()
    assert (job.status, job.attempts, job.started_at, job.heartbeat_at) == ("queued", 1, None, None)
    assert len(sent) == 1
    (waiting,) = OutboxMessage.objects.all()
    assert (waiting.target, waiting.payload) == ("jobs.run_job", {"args": [job.pk], "kwargs": {}})

    # The second run's worker dies too.
    with freeze_time("2026-11-24 10:07"):
        Job.objects.filter(pk=job.pk).update(
            status="running", attempts=2, started_at=timezone.now(), heartbeat_at=timezone.now()
        )
    with freeze_time("2026-11-24 10:13"):
        assert jobs_reap_stale() == (0, 1)
        assert jobs_reap_stale() == (0, 0)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        "The worker stopped while running this job (no sign of it for 300 seconds, 2 times). Start it again."
    )
    assert job.finished_at == timezone.make_aware(timezone.datetime(2026, 11, 24, 10, 13))


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (REDIS_URL)")
def test_a_version_bump_lost_while_redis_was_down_leaves_no_stale_page(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    _cache_at(settings, os.environ["REDIS_URL"])
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = client_for(world.qa_lead)
    with freeze_time("2026-11-24 10:00"):
        assert world.school.name in main_content(client.get("/schools/"))  # kept in Redis

        # Redis goes away (same keys, same prefix) while the school is renamed.
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": CLOSED_PORT}}
        with django_capture_on_commit_callbacks(execute=True):
            world.school.name = "Brookmead Primary Academy"
            world.school.save()
        assert "Brookmead Primary Academy" in main_content(client.get("/schools/"))

        # Redis is back, with the page made before the change; the sweep writes the bump it missed.
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": os.environ["REDIS_URL"]}}
        assert settings.CACHES["default"]["KEY_PREFIX"] == prefix
        assert outbox_flush() == 1
        page = main_content(client.get("/schools/"))
    assert "Brookmead Primary Academy" in page
    assert OutboxMessage.objects.count() == 0


def test_with_redis_down_a_bump_waits_once_and_then_is_written(world, settings, django_capture_on_commit_callbacks):
    _cache_at(settings, CLOSED_PORT)
    with django_capture_on_commit_callbacks(execute=True):
        data_versions.authority_data_changed(world.authority.pk)
        data_versions.authority_data_changed(world.authority.pk)
    assert OutboxMessage.objects.filter(kind="call").count() == 1
    assert outbox_flush() == 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    before = data_versions.authority_data_version(world.authority.pk)
    assert outbox_flush() == 1
    assert data_versions.authority_data_version(world.authority.pk) != before
    assert OutboxMessage.objects.count() == 0


def test_the_sweep_leaves_a_message_another_sender_is_sending(world):
    message = OutboxMessage.objects.create(
        kind="call",
        target="qa_portal.data_versions.data_version_bump",
        payload={"kwargs": {"authority_id": world.authority.pk}},
        status="sending",
        claimed_at=timezone.now() - timedelta(minutes=1),
    )
    assert outbox_flush() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - timedelta(minutes=6))
    assert outbox_flush() == 1
