from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccountsConfig(AppConfig):
    name = "qa_portal.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        # Each app adds its entries to the service navigation in <app>/navigation.py.
        autodiscover_modules("navigation")
        # Each app adds what waits for a person to their home's "To do" list in <app>/todos.py.
        autodiscover_modules("todos")
