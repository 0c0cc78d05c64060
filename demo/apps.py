from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (`manage.py seed_demo`): the top of the layers, the one place that seeds every app."""

    name = "demo"
    verbose_name = "Demo data"
