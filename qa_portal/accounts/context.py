"""The authority a request works in: resolved once, validated against the person's roles, carried everywhere.

Every page of an authority lives under that authority's prefix, `/la/<LA code>/…` or `/trust/<group id>/…`, like
a site mounted under a path. The middleware takes the prefix off the path, checks that the person holds a role
there (404 otherwise), sets `request.authority` and makes the prefix the URL script prefix for the request, so
every `reverse()`, `{% url %}` and redirect the request makes carries the authority without passing it around.
A path without a prefix (a bookmark, `/`) works in the authority the person chose last in this session, else in
their main authority (where they were first given a role), and its links carry that authority's prefix.

Outside a request (emails, Celery jobs) `qa_portal.links.urls_for(authority)` gives the same prefix to the links
it makes, and `absolute_url(..., authority=...)` makes a full link for an email.
"""

import re

from django.http import Http404
from django.urls import get_script_prefix, set_script_prefix

from qa_portal.links import url_prefix

PREFIX = re.compile(r"^/(?P<kind>la|trust)/(?P<code>[A-Za-z0-9]+)(?P<rest>/.*)?$")
SESSION_KEY = "authority_id"


def authorities_for_user(user):
    """The authorities a person holds any role in, by name (from their role assignments: no query of its own)."""
    found = {}
    for assignment in getattr(user, "role_assignments", []):
        found.setdefault(assignment.authority_id, assignment.authority)
    return sorted(found.values(), key=lambda authority: (authority.name, authority.pk))


def main_authority(user):
    """Where the person was first given a role (their earliest role assignment), or None."""
    assignments = getattr(user, "role_assignments", [])
    return min(assignments, key=lambda assignment: assignment.pk).authority if assignments else None


def _chosen_authority(request, authorities):
    chosen = request.session.get(SESSION_KEY)
    return next((authority for authority in authorities if authority.pk == chosen), None)


class AuthorityContextMiddleware:
    """Sets `request.authority` (None for people signed out or with no role) and the URL prefix that carries it.

    Runs after authentication and before the sign-in check, which then sees the path without its prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        original_prefix = get_script_prefix()
        match = PREFIX.match(request.path_info)
        if match:
            request.path_info = match["rest"] or "/"
        request.authority = None
        user = request.user
        if user.is_authenticated:
            authorities = authorities_for_user(user)
            if match:
                authority = next((a for a in authorities if a.kind == match["kind"] and a.code == match["code"]), None)
                if authority is None:
                    raise Http404("You hold no role in that authority")
            else:
                authority = _chosen_authority(request, authorities) or main_authority(user)
            if authority is not None:
                request.authority = authority
                if request.session.get(SESSION_KEY) != authority.pk:
                    request.session[SESSION_KEY] = authority.pk
                prefix = original_prefix.rstrip("/") + url_prefix(authority)
                request.path = prefix + request.path_info
                set_script_prefix(prefix + "/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(original_prefix)
