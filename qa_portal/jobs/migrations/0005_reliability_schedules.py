from django.db import migrations


def forwards(apps, schema_editor):
    from qa_portal.schedules import schedules_ensure

    # Adds the outbox sweep, the stalled-job reaper and the nightly retention run (qa_portal.schedules).
    schedules_ensure(
        apps.get_model("django_celery_beat", "CrontabSchedule"), apps.get_model("django_celery_beat", "PeriodicTask")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_framework_versions_schedule"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
