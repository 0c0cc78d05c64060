from .selectors import unread_count_for_user


def unread_notifications(request):
    """The unread count in the header: one COUNT query, only for someone signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": unread_count_for_user(user)}
