from celery import shared_task

from .runner import job_run


@shared_task(name="jobs.run_job", acks_late=True)
def run_job(job_id):
    job_run(job_id=job_id)
