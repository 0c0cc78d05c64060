"""The one place views go through for object permissions (rules predicates live in each app's rules.py)."""

from django.core.exceptions import PermissionDenied


def require_perm(user, perm, obj):
    """Raise PermissionDenied (403) unless `user` may take `perm` on `obj`.

    Call it only on objects the person can already see; scope (404) comes from the selectors.
    """
    if obj is None:
        raise ValueError("Object permissions need the object")
    if not user.has_perm(perm, obj):
        raise PermissionDenied("You do not have permission to do that")
    return obj
