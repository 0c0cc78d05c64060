from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AcademicYear,
    ClosureDay,
    ImprovementPlan,
    PlanChange,
    PlanReview,
    ReviewBody,
    ReviewBodyMember,
    SentNotification,
    Term,
    Visit,
    VisitNote,
    VisitType,
)


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["authority", "label"]
    list_filter = ["authority"]
    inlines = [TermInline]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["authority", "date", "reason"]
    list_filter = ["authority"]


@admin.register(VisitType)
class VisitTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_meeting", "order"]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["school", "visit_type", "planned_date", "status", "qa_lead", "academic_year", "term"]
    list_filter = ["status", "visit_type", "academic_year", "term"]
    search_fields = ["school__name", "school__urn"]
    raw_id_fields = ["school", "qa_lead"]


@admin.register(VisitNote)
class VisitNoteAdmin(SimpleHistoryAdmin):
    list_display = ["visit", "status", "sent_at", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["visit"]


@admin.register(PlanChange)
class PlanChangeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "school", "action", "description", "reason"]
    list_filter = ["action"]
    raw_id_fields = ["school", "visit"]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "key", "recipient", "subject"]
    search_fields = ["key", "recipient"]


class PlanReviewInline(admin.TabularInline):
    model = PlanReview
    extra = 0
    raw_id_fields = ["visit"]
    exclude = ["created_by", "updated_by"]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(SimpleHistoryAdmin):
    list_display = ["school", "title", "agreed_on", "closed_on"]
    search_fields = ["school__name", "school__urn", "title"]
    raw_id_fields = ["school"]
    exclude = ["created_by", "updated_by"]
    inlines = [PlanReviewInline]


class ReviewBodyMemberInline(admin.TabularInline):
    model = ReviewBodyMember
    extra = 0
    raw_id_fields = ["user"]
    exclude = ["created_by", "updated_by"]


@admin.register(ReviewBody)
class ReviewBodyAdmin(SimpleHistoryAdmin):
    list_display = ["school", "name", "chair", "formed_on", "closed_on"]
    search_fields = ["school__name", "school__urn", "name"]
    raw_id_fields = ["school", "chair"]
    exclude = ["created_by", "updated_by"]
    inlines = [ReviewBodyMemberInline]
