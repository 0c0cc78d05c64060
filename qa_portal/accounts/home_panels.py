"""Sections other apps add to a role's home page. Register in <app>/panels.py (autodiscovered with the school
page panels):

    @home_panels.register(Role.HEADTEACHER, order=10)
    def our_classification(user, authority):
        return "classification/home_head.html", {...}   # or None

A panel shows the person's work in `authority` (the authority the home page is about) and must run a fixed
number of queries, whatever the data size.
"""

from collections import defaultdict

_PANELS = defaultdict(list)


def register(role, order):
    def decorator(func):
        _PANELS[role].append((order, func))
        _PANELS[role].sort(key=lambda item: item[0])
        return func

    return decorator


def panels_for(role, user, authority):
    rendered = []
    for _order, func in _PANELS[role]:
        result = func(user, authority)
        if result is not None:
            rendered.append(result)
    return rendered
