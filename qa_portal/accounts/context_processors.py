from django.conf import settings

from .context import authorities_for_user
from .navigation import nav_items_for
from .two_factor import second_factor_due


def navigation(request):
    """The service name, the navigation and the authority the page is about (with the others the person works in,
    for the switcher in the header)."""
    user = getattr(request, "user", None)
    # Until the second factor is given, the person is not fully signed in: no navigation to pages they cannot open.
    signed_in = user is not None and user.is_authenticated and not second_factor_due(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": nav_items_for(request) if signed_in else [],
        "current_authority": getattr(request, "authority", None),
        "user_authorities": authorities_for_user(user) if signed_in else [],
    }
