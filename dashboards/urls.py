from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tables/<slug:slug>.<str:file_format>", views.table_download, name="table-download"),
    path("regional.<str:file_format>", views.regional_download, name="regional-download"),
    path("termly-reports/", views.termly_reports, name="termly-reports"),
    path("termly-reports/<int:report_id>/pdf/", views.termly_report_download, name="termly-report-download"),
]
