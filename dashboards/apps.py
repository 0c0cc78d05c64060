from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    label = "dashboards"
    verbose_name = "Dashboards and reports"

    def ready(self):
        # Connected here: apps.py is imported before the models are ready, so it cannot import them itself.
        from . import signals  # noqa: F401
