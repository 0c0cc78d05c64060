"""The authority's home (`/` under its prefix) and each role's home page."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("home/<slug:role>/", views.home_for_role, name="home-for-role"),
]
