from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Board, ChecklistArea, ChecklistItem, ChecklistTemplate, Conversation, EscalationStep, Governor


class GovernorInline(admin.TabularInline):
    model = Governor
    extra = 0
    fields = ("name", "category", "board_role", "term_start", "term_end", "user")
    raw_id_fields = ("user",)


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ("school", "kind", "size")
    search_fields = ("school__name", "school__urn")
    raw_id_fields = ("school",)
    inlines = [GovernorInline]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistArea)
class ChecklistAreaAdmin(admin.ModelAdmin):
    list_display = ("title", "template", "order")
    inlines = [ChecklistItemInline]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "framework", "version")


@admin.register(Conversation)
class ConversationAdmin(SimpleHistoryAdmin):
    list_display = ("school", "academic_year", "status", "due_by")
    list_filter = ("status", "academic_year")
    search_fields = ("school__name",)
    raw_id_fields = ("school", "visit")


@admin.register(EscalationStep)
class EscalationStepAdmin(SimpleHistoryAdmin):
    list_display = ("school", "step", "taken_on")
    raw_id_fields = ("school",)
