"""Celery tasks: load by id, call a service; every one is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from schools.models import Authority, School

from . import calendar as cal
from . import planner, services
from .models import Term


@shared_task(name="visits.plan_visits")
def plan_visits_task(start_year, authority_id=None):
    authority = Authority.objects.get(pk=authority_id) if authority_id else None
    return planner.plan_visits(start_year=start_year, authority=authority)


@shared_task(name="visits.replan_school")
def replan_school_task(school_id, reason="Published band changed"):
    school = School.objects.select_related("authority", "qa_lead").get(pk=school_id)
    start_year = cal.academic_year_for(timezone.localdate())
    return planner.school_plan(school=school, start_year=start_year, reason=reason)


@shared_task(name="visits.plan_at_term_start")
def plan_at_term_start():
    """Daily: on the first day of a term, plan that authority's year (adds what is missing, nothing twice)."""
    today = timezone.localdate()
    planned = 0
    for term in Term.objects.filter(starts_on=today).select_related("academic_year__authority"):
        planner.plan_visits(start_year=term.academic_year.start_year, authority=term.academic_year.authority)
        planned += 1
    return planned


@shared_task(name="visits.draft_agendas")
def draft_agendas():
    return services.draft_agendas()


@shared_task(name="visits.send_reminders")
def send_reminders():
    return services.send_reminders()


@shared_task(name="visits.send_weekly_digests")
def send_weekly_digests():
    return services.send_weekly_digests()
