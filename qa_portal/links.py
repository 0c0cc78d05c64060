"""Links to an authority's pages: `/la/<code>/…` or `/trust/<code>/…` (see qa_portal.accounts.context)."""

from contextlib import contextmanager

from django.conf import settings
from django.urls import get_script_prefix, reverse, set_script_prefix


def url_prefix(authority):
    """`/la/990` for a local authority, `/trust/TR9903` for a trust (no trailing slash)."""
    return f"/{authority.kind}/{authority.code}"


@contextmanager
def urls_for(authority):
    """Links made inside the block carry `authority`'s prefix (None: links outside any authority)."""
    previous = get_script_prefix()
    set_script_prefix("/" if authority is None else url_prefix(authority) + "/")
    try:
        yield
    finally:
        set_script_prefix(previous)


def absolute_url(viewname, *, authority, **kwargs):
    """A full link to a page of `authority` (its prefix included), for emails, which are read outside the service."""
    with urls_for(authority):
        path = reverse(viewname, kwargs=kwargs or None)
    return settings.SITE_URL.rstrip("/") + path
