from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qa_portal.accounts"
    label = "accounts"
    verbose_name = "People and roles"
