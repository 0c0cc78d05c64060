from django.conf import settings

from qa_portal.brand import HEX_COLOUR, MINIMUM_CONTRAST, WHITE, contrast_ratio

from .context import authorities_for_user
from .navigation import nav_items_for
from .two_factor import second_factor_due

# The header's colour when the page is about no authority, or its colour is not one white text can be read on.
DEFAULT_BRAND_COLOUR = "#0b0c0c"


def brand_colour_of(authority):
    """The authority's brand colour for the header and theme-color, checked again here because it is written into
    a <style> element: only a #rrggbb that white text reads on at 4.5:1, else the default."""
    colour = getattr(authority, "brand_colour", "") or ""
    if HEX_COLOUR.fullmatch(colour) and contrast_ratio(colour, WHITE) >= MINIMUM_CONTRAST:
        return colour.lower()
    return DEFAULT_BRAND_COLOUR


def navigation(request):
    """The service name, the navigation and the authority the page is about (with the others the person works in,
    for the switcher in the header)."""
    user = getattr(request, "user", None)
    authority = getattr(request, "authority", None)
    # Until the second factor is given, the person is not fully signed in: no navigation to pages they cannot open.
    signed_in = user is not None and user.is_authenticated and not second_factor_due(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": nav_items_for(request) if signed_in else [],
        "current_authority": authority,
        "brand_colour": brand_colour_of(authority),
        "user_authorities": authorities_for_user(user) if signed_in else [],
    }
