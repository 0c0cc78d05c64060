"""A job's progress is visible to other connections (the job page's polling) while its transaction is open."""

import psycopg2
import pytest
from django.db import connection

from qa_portal.jobs.models import Job
from qa_portal.jobs.registry import register
from qa_portal.jobs.runner import job_run

pytestmark = pytest.mark.django_db(transaction=True)


def _read_from_another_connection(job_id):
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT progress_done, progress_total FROM jobs_job WHERE id = %s", [job_id])
            return list(cursor.fetchone())
    finally:
        other.close()


@register("test_progress_probe", "Progress probe (tests only)")
def _probe(job, progress):
    progress(250, 1000)
    return {"seen_by_another_connection": _read_from_another_connection(job.pk)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite allows one writer: progress shows at the end")
def test_progress_is_seen_by_others_while_the_job_runs():
    job = Job.objects.create(kind="test_progress_probe")
    result = job_run(job_id=job.pk)
    assert result == {"seen_by_another_connection": [250, 1000]}
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress_done == job.progress_total == 1000
