from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Authority, School


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    search_fields = ["name", "code"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "urn", "authority", "phase", "type_group", "qa_lead"]
    list_filter = ["authority", "phase", "type_group"]
    search_fields = ["name", "urn"]
    autocomplete_fields = ["qa_lead"]
