"""Background job kinds of the classification app."""

from qa_portal.jobs.registry import register
from schools.models import Authority

from .services import annual_letters_run

ANNUAL_LETTERS = "classification_annual_letters"


@register(ANNUAL_LETTERS, "Annual classification letters", template="classification/job_annual_letters.html")
def annual_letters(job, progress):
    authority = Authority.objects.get(pk=job.params["authority_id"])
    return annual_letters_run(authority=authority, academic_year=int(job.params["academic_year"]), progress=progress)
