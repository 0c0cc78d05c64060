from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "qa_portal.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        # Each app declares its job handlers in <app>/jobs.py.
        autodiscover_modules("jobs")
        # Emails and data-version bumps wait in this app's outbox until they go (a hook: those modules sit below).
        from qa_portal import data_versions, emails

        from .services import outbox_call, outbox_email

        emails.OUTBOX["email"] = outbox_email
        data_versions.OUTBOX["call"] = outbox_call
