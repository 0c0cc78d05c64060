from django.apps import AppConfig


class ClassificationConfig(AppConfig):
    name = "classification"
    verbose_name = "Classification"

    def ready(self):
        # Connected here: apps.py is imported before the models are ready, so it cannot import them itself.
        from . import triggers  # noqa: F401  (reassessment triggers fired by the register's imports)
