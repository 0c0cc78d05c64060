from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment, SecondFactorReset, User
from .services import second_factor_reset


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "job_title")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")},
        ),
    )
    inlines = [RoleAssignmentInline]
    actions = ["reset_second_factor"]

    @admin.action(description="Reset two-factor sign-in (they set it up again at next sign-in)")
    def reset_second_factor(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, "Only a superuser can reset two-factor sign-in.", messages.ERROR)
            return
        for user in queryset:
            second_factor_reset(user=user, reset_by=request.user)
        self.message_user(request, f"Two-factor sign-in reset for {len(queryset)} people.", messages.SUCCESS)


@admin.register(SecondFactorReset)
class SecondFactorResetAdmin(admin.ModelAdmin):
    list_display = ["user", "reset_by", "authority", "reset_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "reset_by", "authority", "reset_at"]

    def has_add_permission(self, request):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "authority", "school", "is_chair"]
    list_filter = ["role", "authority"]
    search_fields = ["user__email", "school__name"]
    autocomplete_fields = ["user", "school"]
