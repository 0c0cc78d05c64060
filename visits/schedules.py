"""Beat schedules for the visits jobs, as django-celery-beat rows (created by a data migration; safe to re-run)."""

# (name, task, crontab fields)
SCHEDULES = [
    (
        "visits: plan at the start of each term",
        "visits.tasks.plan_at_term_start",
        {"minute": "0", "hour": "6", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
    ),
    (
        "visits: draft agendas",
        "visits.tasks.draft_agendas",
        {"minute": "30", "hour": "6", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
    ),
    (
        "visits: daily reminders",
        "visits.tasks.send_reminders",
        {"minute": "0", "hour": "7", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
    ),
    (
        "visits: weekly digest",
        "visits.tasks.send_weekly_digests",
        {"minute": "0", "hour": "7", "day_of_week": "1", "day_of_month": "*", "month_of_year": "*"},
    ),
]


def schedules_ensure(crontab_model=None, periodic_task_model=None):
    if crontab_model is None:
        from django_celery_beat.models import CrontabSchedule as crontab_model
        from django_celery_beat.models import PeriodicTask as periodic_task_model
    for name, task, fields in SCHEDULES:
        crontab, _ = crontab_model.objects.get_or_create(timezone="Europe/London", **fields)
        periodic_task_model.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab})
