"""Job kinds: a name, a title for people, and the function that does the work.

A handler is called as handler(job, progress) where progress(done, total) records progress;
it returns a JSON-serialisable result dict.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    handler: object
    template: str = "jobs/result_default.html"


_KINDS = {}


def register(name, title, template="jobs/result_default.html"):
    def decorator(func):
        _KINDS[name] = JobKind(name=name, title=title, handler=func, template=template)
        return func

    return decorator


def get_kind(name):
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"Unknown job kind {name!r}") from None
