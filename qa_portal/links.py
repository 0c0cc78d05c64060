from django.conf import settings
from django.urls import reverse


def absolute_url(viewname, **kwargs):
    """A full link to a page, for emails (which are read outside the service)."""
    return settings.SITE_URL.rstrip("/") + reverse(viewname, kwargs=kwargs or None)
