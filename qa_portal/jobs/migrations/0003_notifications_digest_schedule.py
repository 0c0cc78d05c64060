from django.db import migrations


def forwards(apps, schema_editor):
    from qa_portal.schedules import schedules_ensure

    # Adds the notifications' weekly digest (qa_portal.schedules); the other rows stay as they are.
    schedules_ensure(
        apps.get_model("django_celery_beat", "CrontabSchedule"), apps.get_model("django_celery_beat", "PeriodicTask")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_periodic_schedules"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
