"""Background job kinds of the classification app."""

from celery import shared_task

from qa_portal.jobs.registry import register
from schools.models import Authority

from .annual_letters import ANNUAL_LETTERS
from .services import annual_letters_run, framework_versions_due


@register(ANNUAL_LETTERS, "Annual classification letters", template="classification/job_annual_letters.html")
def annual_letters(job, progress):
    authority = Authority.objects.get(pk=job.params["authority_id"])
    return annual_letters_run(authority=authority, academic_year=int(job.params["academic_year"]), progress=progress)


# Here rather than in tasks.py (services imports tasks): this module is imported at start-up (qa_portal.jobs).
@shared_task(name="classification.framework_versions_due")
def framework_versions_due_task():
    """Daily, early (qa_portal.schedules): bring into force the framework versions published from today; plans
    re-plan from today."""
    return framework_versions_due()
