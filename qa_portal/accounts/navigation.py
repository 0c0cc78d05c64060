"""The service navigation: entries that apps register, each shown to whoever holds its permission on the authority
the page is about.

An app registers its entries in its own `navigation.py` (autodiscovered):

    navigation.register("Schools", "schools:register", perm="schools.view_register", order=30)

or, for entries that depend on the person (their own schools, their role homes), a function of the request that
returns `(label, url)` pairs: `navigation.register_items(our_schools, order=10)`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class _Entry:
    order: int
    label: str = ""
    url_name: str = ""
    perm: str = ""
    items: Callable | None = None


_ENTRIES: list[_Entry] = []


def register(label, url_name, *, perm, order):
    _ENTRIES.append(_Entry(order=order, label=label, url_name=url_name, perm=perm))
    _ENTRIES.sort(key=lambda entry: entry.order)


def register_items(func, *, order):
    _ENTRIES.append(_Entry(order=order, items=func))
    _ENTRIES.sort(key=lambda entry: entry.order)
    return func


def nav_items_for(request):
    """[{label, url, active}] for the person and the authority of this request."""
    user, authority = request.user, getattr(request, "authority", None)
    if not user.is_authenticated or authority is None:
        return []
    pairs = []
    for entry in _ENTRIES:
        if entry.items is not None:
            pairs += entry.items(request)
        elif user.has_perm(entry.perm, authority):
            pairs.append((entry.label, reverse(entry.url_name)))
    return [{"label": label, "url": url, "active": request.path.startswith(url)} for label, url in pairs]


register("People", "accounts:people", perm="accounts.manage_people", order=70)


def your_account(request):
    return [("Your account", reverse("accounts:account"))]


register_items(your_account, order=90)
