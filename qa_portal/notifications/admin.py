from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("text", "recipient", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "delivery")
    search_fields = ("text", "key", "recipient__email")
    raw_id_fields = ("recipient", "authority")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "delivery")
    raw_id_fields = ("user",)
