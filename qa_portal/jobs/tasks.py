from celery import shared_task

from . import services
from .runner import job_run


@shared_task(name="jobs.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id):
    job_run(job_id=job_id)


@shared_task(name="jobs.flush_outbox")
def flush_outbox():
    """Send what waits in the outbox and jobs still queued long after they were created (every minute)."""
    return services.outbox_flush()


@shared_task(name="jobs.reap_stale_jobs")
def reap_stale_jobs():
    """Retry once, then fail, jobs whose worker died while running them (every 5 minutes)."""
    retried, failed = services.jobs_reap_stale()
    return {"retried": retried, "failed": failed}
