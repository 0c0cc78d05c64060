"""Background job kinds of the classification app."""

from qa_portal.jobs.registry import register
from schools.models import Authority

from .annual_letters import ANNUAL_LETTERS
from .services import annual_letters_run


@register(ANNUAL_LETTERS, "Annual classification letters", template="classification/job_annual_letters.html")
def annual_letters(job, progress):
    authority = Authority.objects.get(pk=job.params["authority_id"])
    return annual_letters_run(authority=authority, academic_year=int(job.params["academic_year"]), progress=progress)
