"""A person's page content kept in the cache: the part between the header and the footer, until any data of the
authority the page is about changes (qa_portal.data_versions), the day changes, or CACHE_SECONDS pass.

Only content is kept: the header (with its sign-out CSRF token), flash messages and the CSP nonce are made for
every request, and the view checks permissions before it looks in the cache. Keys hold the person, so no one
is ever shown content made for someone else. Pages whose content has a form that posts are not cached (or only
the part without the form), nor pages that show rows the watched apps do not (jobs, people).

Use: `key, html = page_content(request, "register")`; when html is not None render the page with
{"cached_content": html}; otherwise add {"content_key": key} to the full context. The template wraps its content
in {% cached_content %}…{% endcached_content %} (qa_portal.accounts.templatetags.page_content).

Setting PAGE_CACHE_ENABLED = False switches the page cache off: no content is read from it or written to it
(`make bench` measures the pages so, to show what they cost without it).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .data_versions import authority_data_versions

CACHE_SECONDS = 15 * 60


def page_content(request, name):
    """(cache key, cached HTML or None) of the named page's content for this request, in its authority
    (`request.authority`; the path, which the key holds, carries it too)."""
    user = request.user
    authority_ids = [request.authority.pk] if request.authority is not None else []
    parts = [
        name,
        user.pk,
        str(user),
        timezone.localdate().isoformat(),
        request.get_full_path(),
        authority_data_versions(authority_ids),
    ]
    key = "page:" + hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
    if not page_cache_enabled():
        return key, None
    return key, cache.get(key)


def page_cache_enabled():
    # Read on every call, so override_settings switches it within a running process.
    return getattr(settings, "PAGE_CACHE_ENABLED", True)
