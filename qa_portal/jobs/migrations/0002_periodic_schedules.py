from django.db import migrations


def forwards(apps, schema_editor):
    from qa_portal.schedules import schedules_ensure

    schedules_ensure(apps.get_model("django_celery_beat", "CrontabSchedule"),
                     apps.get_model("django_celery_beat", "PeriodicTask"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        # Runs after the visits migration that used to create the visits rows, so their task names are updated.
        ("visits", "0002_seed_visit_types_and_schedules"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
