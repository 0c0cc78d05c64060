import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Lower


def lower_case_emails(apps, schema_editor):
    """Every address lower-case, so that sign-in ignores case; two accounts differing only by case are refused."""
    User = apps.get_model("accounts", "User")
    by_address = {}
    for pk, email in User.objects.values_list("pk", "email"):
        by_address.setdefault(email.strip().lower(), []).append((pk, email))
    clashes = {address: rows for address, rows in by_address.items() if len(rows) > 1}
    if clashes:
        listed = "; ".join(
            f"{address}: accounts {', '.join(f'{pk} ({email})' for pk, email in rows)}"
            for address, rows in sorted(clashes.items())
        )
        raise RuntimeError(
            "Cannot make email addresses case-insensitive: these accounts differ only by the case of their "
            f"address. Merge or rename them (in the Django admin) and run migrate again. {listed}"
        )
    for address, [(pk, email)] in by_address.items():
        if email != address:
            User.objects.filter(pk=pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("schools", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(lower_case_emails, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SecondFactorReset",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reset_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-reset_at"],
            },
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("email"),
                name="unique_email_any_case",
                violation_error_message="Someone already has an account with this email address.",
            ),
        ),
        migrations.AddField(
            model_name="secondfactorreset",
            name="authority",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="schools.authority",
            ),
        ),
        migrations.AddField(
            model_name="secondfactorreset",
            name="reset_by",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="secondfactorreset",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="second_factor_resets",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
