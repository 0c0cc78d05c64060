from django.shortcuts import render
from django.urls import include, path


def baseline(request):
    """A bare authenticated page: the base template (header, navigation, footer) and nothing else."""
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("", include("qa_portal.urls")),
]
