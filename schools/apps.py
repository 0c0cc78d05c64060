from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools register"

    def ready(self):
        # What other apps add to the school page, the register and the role homes (<app>/panels.py).
        autodiscover_modules("panels")
