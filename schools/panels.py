"""Sections other apps add to the school page (classification, visits, governance), without schools
importing them. An app registers in its own panels.py (autodiscovered):

    @panels.register(order=20)
    def classification_panel(request, school):
        return "classification/school_panel.html", {...}   # or None to show nothing

Each panel must run a fixed number of queries, whatever the school's history.
"""

_PANELS = []


def register(order):
    def decorator(func):
        _PANELS.append((order, func))
        _PANELS.sort(key=lambda item: item[0])
        return func

    return decorator


def panels_for(request, school):
    rendered = []
    for _order, func in _PANELS:
        result = func(request, school)
        if result is not None:
            rendered.append(result)
    return rendered
