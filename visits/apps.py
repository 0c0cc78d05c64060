from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        # Connected here: apps.py is imported before the models are ready, so it cannot import them itself.
        from . import assignment, signals  # noqa: F401
