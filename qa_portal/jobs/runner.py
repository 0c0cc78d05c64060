"""Running a background job in the worker: claim it once, run its handler in one transaction, keep the result."""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.utils import timezone

from .models import Job
from .registry import get_kind

logger = logging.getLogger(__name__)


def job_run(*, job_id):
    """Run a queued job once. A second delivery of the same job finds it already claimed and does nothing."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
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
    side = heartbeat = None
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        side = connections.create_connection(DEFAULT_DB_ALIAS)
        heartbeat = _Heartbeat(job_id)
        heartbeat.start()
    sql = f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s, heartbeat_at = %s WHERE id = %s"

    def progress(done, total):
        progress.last = (done, total)
        if side is None:
            Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)
        else:
            with side.cursor() as cursor:
                cursor.execute(sql, [done, total, timezone.now(), job_id])

    progress.last = (0, 0)
    try:
        yield progress
    finally:
        if heartbeat is not None:
            heartbeat.stop()
        if side is not None:
            side.close()


class _Heartbeat(threading.Thread):
    """Writes the running job's heartbeat every JOB_HEARTBEAT_SECONDS through a connection of its own, so that a
    job that reports no progress for a while is not taken for one whose worker died (jobs.reap_stale_jobs).
    On SQLite (one writer at a time, the handler's transaction holds it) there is none: the job runs in the
    process that started it."""

    def __init__(self, job_id):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self):
        sql = f"UPDATE {Job._meta.db_table} SET heartbeat_at = %s WHERE id = %s AND status = %s"
        connection = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    with connection.cursor() as cursor:
                        cursor.execute(sql, [timezone.now(), self.job_id, Job.Status.RUNNING])
                except Exception:
                    logger.warning("Could not write the heartbeat of job %s", self.job_id, exc_info=True)
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)
