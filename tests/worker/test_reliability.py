"""Issue 18 with a real worker: a confirm made while the broker is down has its follow-up run once the broker is
back; a job whose worker is killed mid-run ends completed once, never running."""

import signal
from datetime import date

import pytest
from django.core import mail

from qa_portal.jobs.models import Job, OutboxMessage
from qa_portal.jobs.services import job_enqueue, jobs_reap_stale, outbox_flush
from tests import factories as f

from . import kinds  # noqa: F401  (the slow job kind, registered here as in the worker)
from .conftest import broker_at, wait_for

pytestmark = pytest.mark.worker


def test_a_confirm_while_the_broker_is_down_runs_its_job_once_the_broker_is_back(
    celery_worker_process, world, client_for
):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2099, 12, 1), status="planned")
    with broker_at("redis://127.0.0.1:1/0"):
        response = client_for(world.qa_lead).post(f"/visits/{visit.pk}/confirm/")
        job = job_enqueue(kind="worker_check", user=world.admin, authority=world.authority)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "confirmed"
    assert len(mail.outbox) == 1  # the head's email went; only the broker is down
    job.refresh_from_db()
    assert job.status == "queued"
    assert list(OutboxMessage.objects.values_list("target", "status")) == [("jobs.run_job", "pending")]

    assert outbox_flush() == 1  # the broker is back
    finished = wait_for(lambda: Job.objects.filter(pk=job.pk, status=Job.Status.SUCCEEDED).exists(), timeout=90)
    assert finished, f"the worker did not run job {job.pk}: status {Job.objects.get(pk=job.pk).status}"
    assert OutboxMessage.objects.count() == 0
    job.refresh_from_db()
    assert job.attempts == 1 and job.result["celery"].startswith("5.")


def test_a_job_whose_worker_is_killed_mid_run_is_completed_once_on_retry(celery_worker_process, world, settings):
    settings.JOB_STALE_AFTER_SECONDS = 3
    job = job_enqueue(kind="test_slow", authority=world.authority, params={"first_run_seconds": 120})
    running = wait_for(lambda: Job.objects.filter(pk=job.pk, status="running", progress_done__gte=2).exists())
    assert running, f"the worker did not start job {job.pk}"
    celery_worker_process.kill()
    assert celery_worker_process.poll() == -signal.SIGKILL

    # Its heartbeat stops; once stale the reaper sends it again, and a restarted worker completes it.
    assert wait_for(lambda: jobs_reap_stale() == (1, 0), timeout=30)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 1)
    celery_worker_process.start()
    finished = wait_for(lambda: Job.objects.filter(pk=job.pk, status=Job.Status.SUCCEEDED).exists(), timeout=90)
    assert finished, f"the restarted worker did not finish job {job.pk}: {Job.objects.get(pk=job.pk).status}"
    job.refresh_from_db()
    assert (job.attempts, job.result, job.error) == (2, {"attempt": 2}, "")
    assert jobs_reap_stale() == (0, 0)
