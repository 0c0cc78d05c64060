"""The one place views go through for permissions (rules predicates live in each app's rules.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def require_perm(user, perm, obj):
    """Raise PermissionDenied (403) unless `user` may take `perm` on `obj`.

    Call it only on objects the person can already see; scope (404) comes from the selectors.
    """
    if obj is None:
        raise ValueError("Object permissions need the object")
    if not user.has_perm(perm, obj):
        raise PermissionDenied("You do not have permission to do that")
    return obj


def authority_with_perm(request, perm):
    """The authority this request works in (qa_portal.accounts.context), if the person may take `perm` there.

    A request in no authority (a person with no role) is 404; a role that may not do this is 403."""
    if request.authority is None:
        raise Http404("You do not work in any authority yet")
    return require_perm(request.user, perm, request.authority)
