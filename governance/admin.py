from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qa_portal.forms import ModelForm
from qa_portal.uploads import PDF, delete_file_after_commit

from .models import Board, ChecklistArea, ChecklistItem, ChecklistTemplate, Conversation, EscalationStep, Governor
from .services import letter_problem


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


class EscalationStepAdminForm(ModelForm):
    """The letter goes through the same upload checker as the product's own form (a PDF by its content)."""

    class Meta:
        model = EscalationStep
        fields = [
            "created_by",
            "updated_by",
            "school",
            "step",
            "taken_on",
            "who",
            "summary",
            "letter",
            "letter_to_school",
        ]

    def clean_letter(self):
        letter = self.cleaned_data.get("letter")
        if letter and not getattr(letter, "_committed", False):  # a new upload, not the stored file
            problem = letter_problem(letter)
            if problem:
                raise forms.ValidationError(problem)
        return letter


@admin.register(EscalationStep)
class EscalationStepAdmin(SimpleHistoryAdmin):
    form = EscalationStepAdminForm
    list_display = ("school", "step", "taken_on")
    raw_id_fields = ("school",)

    def save_model(self, request, obj, form, change):
        replaced = form.initial.get("letter") if "letter" in form.changed_data else None
        if "letter" in form.changed_data:
            obj.letter_content_type = PDF.content_type if obj.letter else ""
        super().save_model(request, obj, form, change)
        if replaced:  # the earlier letter's FieldFile, replaced or cleared: off the disk once committed
            delete_file_after_commit(replaced)
