from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "qa_portal.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        # Each app declares its job handlers in <app>/jobs.py.
        autodiscover_modules("jobs")
