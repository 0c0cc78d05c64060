from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        # Connected here: apps.py is imported before the models are ready, so it cannot import them itself.
        # framework_hooks: classification's visit type catalogue, plan impact and re-plan on a new version.
        from . import assignment, framework_hooks, signals  # noqa: F401
