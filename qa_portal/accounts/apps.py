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
        from axes.signals import user_locked_out

        from . import two_factor  # noqa: F401 (connects its sign-in receiver)
        from .lockout import tell_the_owner_of_a_lockout

        user_locked_out.connect(tell_the_owner_of_a_lockout, dispatch_uid="tell_the_owner_of_a_lockout")
