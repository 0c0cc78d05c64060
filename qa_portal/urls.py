from django.contrib import admin
from django.urls import include, path

from qa_portal.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("home/<slug:role>/", account_views.home_for_role, name="home-for-role"),
    path("", include("qa_portal.accounts.urls")),
    path("", include("qa_portal.pages")),
    path("jobs/", include("qa_portal.jobs.urls")),
    path("dashboard/", include("qa_portal.dashboards.urls")),
    path("schools/", include("schools.urls")),
    path("classification/", include("classification.urls")),
    path("visits/", include("visits.urls")),
    path("calendar/", include("visits.feed_urls")),
    path("governance/", include("governance.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "School Quality Assurance administration"
admin.site.site_title = "School Quality Assurance"
