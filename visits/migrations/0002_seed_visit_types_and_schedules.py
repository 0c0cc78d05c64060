from django.db import migrations


def forwards(apps, schema_editor):
    from visits.visit_types import visit_types_ensure

    visit_types_ensure(apps.get_model("visits", "VisitType"))
    # The beat schedules are created by jobs.0002_periodic_schedules, from qa_portal.schedules.


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_calendar_visits_notes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
