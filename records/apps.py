from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    label = "records"
    verbose_name = "Audit log and personal data"
