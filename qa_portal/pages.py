"""Public information pages every public-sector service carries."""

from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

app_name = "pages"


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="pages/cookies.html"), name="cookies"),
    path("healthz/", healthz, name="healthz"),
]
