"""Starting background jobs. Running them is `runner.job_run`, called by the worker's task."""

from django.db import transaction

from .models import Job
from .registry import get_kind
from .tasks import run_job


def job_enqueue(*, kind, user=None, authority=None, params=None):
    """Record a job and send it to the worker once the current transaction commits."""
    get_kind(kind)  # fail now, in the request, for an unknown kind
    job = Job(kind=kind, created_by=user, authority=authority, params=params or {})
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job
