"""Job kinds a person can start from the plan page (progress and a kept result for free)."""

from qa_portal.jobs.registry import register

from .planner import plan_visits


@register("plan_visits", "Plan visits for an academic year")
def plan_visits_job(job, progress):
    return plan_visits(start_year=int(job.params["start_year"]), authority=job.authority, progress=progress)
