"""The "To do" list at the top of each role's home: what is waiting for this person, from every app. Register in
<app>/todos.py (autodiscovered):

    @todos.register(Role.QA_LEAD, order=10)
    def notes_to_finalise(user, authority, today):
        return [todos.Todo(group="Notes of visit to finalise", text="...", url="...", due=..., overdue=...)]

A provider returns the person's open items in `authority` (the authority the home page is about), newest work
last, and must run a fixed number of queries, whatever the data size. Items are shown grouped, in provider order.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

_PROVIDERS = defaultdict(list)


@dataclass(frozen=True)
class Todo:
    group: str  # the heading it is listed under, e.g. "Visits to mark as held"
    text: str  # what to do, naming the school
    url: str  # where it is done
    due: date | None = None
    overdue: bool = False
    state: str = ""  # a short status shown beside it, e.g. "Sent on 3 December 2026"


def register(role, order):
    def decorator(func):
        _PROVIDERS[role].append((order, func))
        _PROVIDERS[role].sort(key=lambda item: item[0])
        return func

    return decorator


def todos_for(role, user, authority, today):
    """[(group, [Todo, ...]), ...] in provider order; empty groups are left out."""
    groups: dict[str, list[Todo]] = {}
    for _order, func in _PROVIDERS[role]:
        for item in func(user, authority, today):
            groups.setdefault(item.group, []).append(item)
    return list(groups.items())
