"""Import progress is visible to other connections (the job page's polling) while the import transaction is open."""

import psycopg2
import pytest
from django.db import connection, transaction

from qa_portal.jobs.models import Job
from schools.jobs import visible_progress

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
            return cursor.fetchone()
    finally:
        other.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="progress through a second connection is PostgreSQL only")
def test_progress_is_seen_while_the_import_transaction_is_open():
    job = Job.objects.create(kind="schools_import_gias", status=Job.Status.RUNNING)
    progress, close = visible_progress(job, fallback=None)
    try:
        with transaction.atomic():  # as qa_portal.jobs.services.job_run runs the handler
            progress(250, 1000)
            assert _read_from_another_connection(job.pk) == (250, 1000)
    finally:
        close()
