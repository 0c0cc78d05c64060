"""Every app's pages. Apps are included by name, so this module imports none of them (see README "Architecture");
an authority's pages are the same patterns under its prefix, /la/<code>/ or /trust/<code>/
(qa_portal.accounts.context)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dashboards.home_urls")),
    path("", include("qa_portal.accounts.urls")),
    path("", include("qa_portal.pages")),
    path("jobs/", include("qa_portal.jobs.urls")),
    path("notifications/", include("qa_portal.notifications.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("schools/", include("schools.urls")),
    path("classification/", include("classification.urls")),
    path("visits/", include("visits.urls")),
    path("calendar/", include("visits.feed_urls")),
    path("governance/", include("governance.urls")),
    path("records/", include("records.urls")),
    path("account/api-tokens/", include("api.token_urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "School Quality Assurance administration"
admin.site.site_title = "School Quality Assurance"
