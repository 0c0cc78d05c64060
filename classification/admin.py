from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    Band,
    Classification,
    Criterion,
    DiscussionRequest,
    Entitlement,
    EvidenceArea,
    Framework,
    Letter,
    Rule,
    StandingAgendaItem,
)
from .services import framework_problems


class BandInline(admin.TabularInline):
    model = Band
    extra = 0
    fields = ["code", "label", "colour", "severity", "maintained_only", "is_academy_track"]


class AreaInline(admin.TabularInline):
    model = EvidenceArea
    extra = 0


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    fk_name = "framework"
    fields = [
        "order",
        "code",
        "label",
        "kind",
        "band",
        "from_band",
        "min_areas",
        "min_criteria",
        "months",
        "applies_to",
    ]


class AgendaInline(admin.TabularInline):
    model = StandingAgendaItem
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "authority", "slug", "version", "academic_year", "is_current"]
    list_filter = ["is_current", "slug"]
    inlines = [BandInline, AreaInline, RuleInline, AgendaInline]
    readonly_fields = ["content_hash", "created_at", "created_by", "updated_at", "updated_by"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        problems = framework_problems(form.instance)
        if problems:
            self.message_user(request, "This framework cannot run yet: " + "; ".join(problems), level="warning")


class EntitlementInline(admin.TabularInline):
    model = Entitlement
    extra = 0
    fields = ["visit_type", "count", "per", "is_minimum", "written_reports", "description"]


@admin.register(Band)
class BandAdmin(SimpleHistoryAdmin):
    list_display = ["label", "framework", "severity", "maintained_only", "is_academy_track"]
    list_filter = ["framework"]
    inlines = [EntitlementInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "framework", "area", "kind", "indicator_code", "comparator", "threshold", "basis"]
    list_filter = ["framework", "kind"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["school", "framework", "assessed_on", "status", "suggested_band"]
    list_filter = ["status", "framework"]
    raw_id_fields = ["school"]


@admin.register(Classification)
class ClassificationAdmin(SimpleHistoryAdmin):
    list_display = ["school", "band", "suggested_band", "status", "proposed_by", "published_at"]
    list_filter = ["status", "framework"]
    raw_id_fields = ["school", "assessment", "previous"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["school", "kind", "academic_year", "band_label", "created_at", "sent_at"]
    list_filter = ["kind", "academic_year"]


@admin.register(DiscussionRequest)
class DiscussionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["school", "requested_by", "assigned_to", "status", "created_at"]
    list_filter = ["status"]
