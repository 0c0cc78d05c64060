from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "qa_portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Each app declares the kinds of notification it sends in <app>/notifications.py.
        autodiscover_modules("notifications")
