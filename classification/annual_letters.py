"""Starting the annual letters job: by a person, or in the framework's letter month by the daily schedule
(qa_portal.schedules). The job itself is `jobs.annual_letters`."""

from django.utils import timezone

from qa_portal.academic_year import academic_year_for
from qa_portal.jobs.models import Job
from qa_portal.jobs.services import job_enqueue

from .models import Framework

ANNUAL_LETTERS = "classification_annual_letters"


def annual_letters_start(*, authority, academic_year, user=None):
    """Queue the annual letters of one authority and year (the job writes each school's letter once)."""
    return job_enqueue(
        kind=ANNUAL_LETTERS,
        user=user,
        authority=authority,
        params={"authority_id": authority.pk, "academic_year": academic_year},
    )


def annual_letters_due(*, today=None):
    """Start the annual-letters job for each current framework whose letter month is this month, once a year.

    Returns the jobs started. Safe to call every day: a job already started for the authority and year is enough.
    """
    today = today or timezone.localdate()
    year = academic_year_for(today)
    started = []
    frameworks = Framework.objects.filter(is_current=True, annual_letter_month=today.month).select_related("authority")
    for framework in frameworks:
        already = Job.objects.filter(
            kind=ANNUAL_LETTERS, authority=framework.authority, params__academic_year=year
        ).exists()
        if not already:
            started.append(annual_letters_start(authority=framework.authority, academic_year=year))
    return started
