from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Authority, HeadteacherEvent, ImportUpload, Indicator, IndicatorValue, OfstedInspection, School


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    search_fields = ["name", "code"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "urn", "authority", "phase", "type_group", "status", "qa_lead"]
    list_filter = ["authority", "phase", "type_group", "status"]
    search_fields = ["name", "urn", "laestab"]
    autocomplete_fields = ["qa_lead"]


@admin.register(HeadteacherEvent)
class HeadteacherEventAdmin(admin.ModelAdmin):
    list_display = ["school", "name", "started_on", "previous_name", "source"]
    search_fields = ["school__name", "school__urn", "name"]
    raw_id_fields = ["school"]


@admin.register(OfstedInspection)
class OfstedInspectionAdmin(admin.ModelAdmin):
    list_display = [
        "inspection_number",
        "school",
        "start_date",
        "framework",
        "overall_effectiveness",
        "category_of_concern",
    ]
    list_filter = ["framework", "category_of_concern", "overall_effectiveness"]
    search_fields = ["inspection_number", "school__name", "school__urn"]
    raw_id_fields = ["school"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "evidence_area", "higher_is_better", "national_value"]
    list_filter = ["evidence_area", "unit"]
    search_fields = ["code", "name"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["school", "indicator", "period", "value", "national", "source"]
    list_filter = ["indicator", "period", "source"]
    search_fields = ["school__name", "school__urn"]
    raw_id_fields = ["school"]


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "authority", "size", "dry_run", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "authority"]
    exclude = ["content"]
    readonly_fields = ["kind", "authority", "filename", "size", "dry_run", "uploaded_by", "uploaded_at"]
