import pytest

from qa_portal.jobs.models import Job
from qa_portal.jobs.services import job_enqueue

from .conftest import wait_for

pytestmark = pytest.mark.worker


def test_a_real_worker_runs_a_queued_job_and_records_its_result(celery_worker_process, world):
    job = job_enqueue(kind="worker_check", user=world.admin, authority=world.authority)

    finished = wait_for(lambda: Job.objects.filter(pk=job.pk, status=Job.Status.SUCCEEDED).exists(), timeout=90)

    assert celery_worker_process.poll() is None, "the worker process died"
    assert finished, f"the worker did not finish job {job.pk}: status {Job.objects.get(pk=job.pk).status}"
    job.refresh_from_db()
    assert job.result["host"]
    assert job.result["celery"].startswith("5.")
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.percent == 100
