from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "qa_portal.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards and reports"

    def ready(self):
        from . import signals  # noqa: F401
