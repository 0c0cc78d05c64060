"""Ship the indicator catalogue the seed policies name (schools.catalogue). Re-running is harmless."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from schools.catalogue import catalogue_rows

    Indicator = apps.get_model("schools", "Indicator")
    for row in catalogue_rows():
        code = row.pop("code")
        Indicator.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_gias_details_and_uploads"),
    ]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
