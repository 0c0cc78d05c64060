"""The API, under /api/: its OpenAPI 3 schema, its documentation (Swagger UI, assets served from this site) and
version 1's resources, read-only."""

from django.db import transaction
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .docs import api_docs

app_name = "api"

router = SimpleRouter()
router.register("schools", views.SchoolViewSet, basename="school")
router.register("classifications", views.ClassificationViewSet, basename="classification")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("notes", views.NoteViewSet, basename="note")
router.register("governance/boards", views.BoardViewSet, basename="board")
router.register("governance/conversations", views.ConversationViewSet, basename="conversation")

urlpatterns = [
    # The schema holds no data and reads none: no transaction (Schemathesis loads it before any test database).
    path("schema/", transaction.non_atomic_requests(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("v1/dashboard/tables/", views.DashboardTablesView.as_view(), name="dashboard-tables"),
    path("v1/dashboard/tables/<slug:slug>/", views.DashboardTableView.as_view(), name="dashboard-table"),
    path("v1/", include(router.urls)),
    path("v1/regional/", views.RegionalView.as_view(), name="regional"),
    # Last: any other address under /api/ is the API's own JSON 404.
    re_path(r"^", views.not_found, name="not-found"),
]
