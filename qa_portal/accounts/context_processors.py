from django.conf import settings

from .navigation import nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": nav_items_for(user, request.path) if user is not None else [],
    }
