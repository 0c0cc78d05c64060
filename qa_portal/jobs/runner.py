"""Running a background job in the worker: claim it once, run its handler in one transaction, keep the result."""

import logging
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.utils import timezone

from .models import Job
from .registry import get_kind

logger = logging.getLogger(__name__)


def job_run(*, job_id):
    """Run a queued job once. A second delivery of the same job finds it already claimed and does nothing."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    kind = get_kind(job.kind)
    try:
        with _visible_progress(job_id) as progress, transaction.atomic():
            result = kind.handler(job, progress)
        total = progress.last[1]
    except Exception as exc:
        logger.exception("Job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=str(exc) or exc.__class__.__name__, finished_at=timezone.now()
        )
        return None
    # The last progress reported is written here too: the side connection may not see an uncommitted job row.
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED,
        result=result or {},
        progress_done=total if total else F("progress_total"),
        progress_total=total if total else F("progress_total"),
        finished_at=timezone.now(),
    )
    return result


@contextmanager
def _visible_progress(job_id):
    """progress(done, total) that people can watch while the job runs.

    The handler runs in one transaction (a failed job writes nothing), which would hide progress written
    through the same connection until the end. On PostgreSQL progress goes through a second, autocommit
    connection; the handler never writes the job row, so the two connections cannot wait on each other.
    SQLite allows one writer at a time, so there progress shows when the job ends.
    """
    side = None
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        side = connections.create_connection(DEFAULT_DB_ALIAS)
    sql = f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s WHERE id = %s"

    def progress(done, total):
        progress.last = (done, total)
        if side is None:
            Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)
        else:
            with side.cursor() as cursor:
                cursor.execute(sql, [done, total, job_id])

    progress.last = (0, 0)
    try:
        yield progress
    finally:
        if side is not None:
            side.close()
