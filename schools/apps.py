from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools register"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("panels")
