from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qa_portal.form_errors import apply_service_errors

from .forms import NotificationSettingsForm
from .selectors import get_notification_for_user, notification_list_for_user, notification_settings_for_user
from .services import notification_mark_all_read, notification_mark_read, notification_preferences_save

PAGE_SIZE = 50


def notification_list(request):
    page = Paginator(notification_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page, "notifications": page.object_list})


@require_POST
def notification_read(request, notification_id):
    notification = get_notification_for_user(request.user, notification_id)
    notification_mark_read(user=request.user, notification=notification)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, f"{count} notification{'' if count == 1 else 's'} marked as read")
    return redirect("notifications:list")


def notification_settings(request):
    settings = notification_settings_for_user(request.user)
    form = NotificationSettingsForm(request.POST or None, settings=settings)
    if request.method == "POST" and form.is_valid():
        try:
            notification_preferences_save(user=request.user, deliveries=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your notification settings are saved")
            return redirect("notifications:settings")
    return render(request, "notifications/notification_settings.html", {"form": form, "has_kinds": bool(settings)})
