"""Planning an authority's year as a background job a person starts from the plan page (progress and a kept
result for free)."""

from qa_portal.jobs.registry import register
from qa_portal.jobs.services import job_enqueue

from .planner import plan_visits

PLAN_VISITS = "plan_visits"


@register(PLAN_VISITS, "Plan visits for an academic year")
def plan_visits_job(job, progress):
    return plan_visits(start_year=int(job.params["start_year"]), authority=job.authority, progress=progress)


def plan_year_start(*, authority, start_year, user):
    return job_enqueue(kind=PLAN_VISITS, user=user, authority=authority, params={"start_year": start_year})
