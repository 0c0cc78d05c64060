import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Job
from .registry import get_kind

logger = logging.getLogger(__name__)


def job_enqueue(*, kind, user=None, authority=None, params=None):
    """Record a job and send it to the worker once the current transaction commits."""
    from .tasks import run_job

    get_kind(kind)  # fail now, in the request, for an unknown kind
    job = Job(kind=kind, created_by=user, authority=authority, params=params or {})
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_run(*, job_id):
    """Run a queued job once. A second delivery of the same job finds it already claimed and does nothing."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    kind = get_kind(job.kind)

    def progress(done, total):
        Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    try:
        with transaction.atomic():
            result = kind.handler(job, progress)
    except Exception as exc:
        logger.exception("Job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=str(exc) or exc.__class__.__name__, finished_at=timezone.now()
        )
        return None
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED,
        result=result or {},
        progress_done=F("progress_total"),
        finished_at=timezone.now(),
    )
    return result
