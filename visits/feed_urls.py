"""The private ICS feed lives under /calendar/ (public by address; the token is the secret)."""

from django.urls import path

from . import views

urlpatterns = [path("<str:token>.ics", views.calendar_feed, name="calendar-feed")]
