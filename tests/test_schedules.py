"""Periodic jobs: declared once (qa_portal.schedules), created by migration, each naming a registered task."""

import pytest
from django_celery_beat.models import PeriodicTask

from qa_portal.celery import app
from qa_portal.schedules import SCHEDULES, schedules_ensure

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = ("qa_portal", "schools", "classification", "visits", "governance", "dashboards", "records")


def _project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if task.__module__.startswith(PROJECT_PACKAGES)}


def test_a_fresh_migrate_creates_every_declared_schedule():
    # pytest-django built this database by running every migration on an empty one.
    rows = {row.name: row for row in PeriodicTask.objects.select_related("crontab")}
    assert sorted(rows) == sorted(schedule.name for schedule in SCHEDULES)
    for schedule in SCHEDULES:
        row = rows[schedule.name]
        assert row.task == schedule.task
        assert row.enabled is True
        crontab = row.crontab
        assert (crontab.minute, crontab.hour, crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == (
            schedule.minute,
            schedule.hour,
            schedule.day_of_week,
            schedule.day_of_month,
            schedule.month_of_year,
        )
        assert str(crontab.timezone) == "Europe/London"


def test_the_annual_letters_and_every_visits_job_are_scheduled():
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert tasks == {
        "classification.annual_letters_due",
        "classification.framework_versions_due",
        "jobs.flush_outbox",
        "jobs.reap_stale_jobs",
        "notifications.send_weekly_digest",
        "records.apply_retention",
        "visits.plan_at_term_start",
        "visits.draft_agendas",
        "visits.send_reminders",
        "visits.send_weekly_digests",
    }


def test_every_scheduled_task_is_registered_with_celery():
    registered = set(_project_tasks())
    for row in PeriodicTask.objects.all():
        assert row.task in registered, f"{row.name} names {row.task}, which no module registers"


def test_every_task_has_an_explicit_name_that_does_not_follow_its_module():
    tasks = _project_tasks()
    assert sorted(tasks) == [
        "classification.annual_letters_due",
        "classification.framework_versions_due",
        "classification.send_letter",
        "jobs.flush_outbox",
        "jobs.reap_stale_jobs",
        "jobs.run_job",
        "notifications.send_weekly_digest",
        "records.apply_retention",
        "visits.draft_agendas",
        "visits.plan_at_term_start",
        "visits.plan_visits",
        "visits.replan_for_framework",
        "visits.replan_school",
        "visits.send_reminders",
        "visits.send_weekly_digests",
    ]
    for name, task in tasks.items():
        assert name != f"{task.__module__}.{task.__name__}", f"{name} has no explicit name="


def test_ensuring_the_schedules_again_changes_nothing():
    before = list(PeriodicTask.objects.order_by("pk").values_list("pk", "name", "task", "crontab_id"))
    assert schedules_ensure() == len(SCHEDULES)
    after = list(PeriodicTask.objects.order_by("pk").values_list("pk", "name", "task", "crontab_id"))
    assert after == before
