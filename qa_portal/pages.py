"""Public information pages every public-sector service carries."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

app_name = "pages"


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the service's own icon (no crown)."""
    icon = settings.BASE_DIR / "static" / "images" / "favicon.ico"
    return FileResponse(icon.open("rb"), content_type="image/x-icon")


urlpatterns = [
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="pages/cookies.html"), name="cookies"),
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]
