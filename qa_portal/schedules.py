"""Every periodic job the service runs, in one place.

Beat reads its schedule from the database (django-celery-beat's DatabaseScheduler); the rows are created from
this list by a data migration (`qa_portal/jobs/migrations/0002_periodic_schedules.py`), so a fresh `migrate` has
them all. After changing this list, add a data migration that calls `schedules_ensure` again. Tasks are named
here by their explicit Celery names (`@shared_task(name=...)`), which never change when a module moves.
"""

from dataclasses import dataclass

from django_celery_beat.models import CrontabSchedule, PeriodicTask

TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"

    def crontab_fields(self) -> dict[str, str]:
        return {
            "minute": self.minute,
            "hour": self.hour,
            "day_of_week": self.day_of_week,
            "day_of_month": self.day_of_month,
            "month_of_year": self.month_of_year,
            "timezone": TIMEZONE,
        }


SCHEDULES: tuple[Schedule, ...] = (
    # On the first day of a term, plan that authority's year (adds what is missing, nothing twice).
    Schedule("visits: plan at the start of each term", "visits.plan_at_term_start", minute="0", hour="6"),
    Schedule("visits: draft agendas", "visits.draft_agendas", minute="30", hour="6"),
    Schedule("visits: daily reminders", "visits.send_reminders", minute="0", hour="7"),
    Schedule("visits: weekly digest", "visits.send_weekly_digests", minute="0", hour="7", day_of_week="1"),
    # Framework versions published from a later date come into force that morning, before the day's planning.
    Schedule("Classification: framework versions due", "classification.framework_versions_due", minute="0", hour="5"),
    # Frameworks that write to every head and chair once a year (Barnsley: each September) start in their month.
    Schedule("Classification: annual letters when due", "classification.annual_letters_due", minute="0", hour="6"),
    # Each person's notifications waiting for the digest, in one email on Monday morning.
    Schedule("Notifications: weekly digest", "notifications.send_weekly_digest", minute="0", hour="7", day_of_week="1"),
    # Follow-up work a change queued after it committed (tasks, emails) that could not be handed over then
    # (broker or mail server down), and jobs still queued, are sent again every minute until they go.
    Schedule("Jobs: send what waits in the outbox", "jobs.flush_outbox", minute="*"),
    # A job whose worker died mid-run is retried once, then ends as failed with a message.
    Schedule("Jobs: reap stalled jobs", "jobs.reap_stale_jobs", minute="*/5"),
    # Personal data kept past its retention period (settings RETENTION_*) is erased each night.
    Schedule("Records: apply retention periods", "records.apply_retention", minute="30", hour="2"),
)


def schedules_ensure(crontab_model=None, periodic_task_model=None) -> int:
    """Create or update the beat row of every schedule (safe to run again). Migrations pass their historical
    models; elsewhere the real ones are used. Returns the number of schedules."""
    if crontab_model is None or periodic_task_model is None:
        crontab_model, periodic_task_model = CrontabSchedule, PeriodicTask
    for schedule in SCHEDULES:
        crontab, _ = crontab_model.objects.get_or_create(**schedule.crontab_fields())
        periodic_task_model.objects.update_or_create(
            name=schedule.name, defaults={"task": schedule.task, "crontab": crontab, "enabled": True}
        )
    return len(SCHEDULES)
