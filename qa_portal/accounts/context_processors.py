from django.conf import settings

from .context import authorities_for_user
from .navigation import nav_items_for


def navigation(request):
    """The service name, the navigation and the authority the page is about (with the others the person works in,
    for the switcher in the header)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": nav_items_for(request) if signed_in else [],
        "current_authority": getattr(request, "authority", None),
        "user_authorities": authorities_for_user(user) if signed_in else [],
    }
