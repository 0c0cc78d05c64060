"""What classification needs from the app that plans visits, without importing it (import-linter: classification
never imports visits). The visits app registers its functions here when it is ready (visits/framework_hooks.py):

- a visit type source: `() -> [(code, name)]`, the catalogue an entitlement's visit type is chosen from;
- a plan impact: `(framework draft, effective_from) -> PlanImpact`, what publishing the draft would change in the
  authority's plans (a dry run of the planner).

Publishing a version sends `signals.framework_published`, on which visits re-plans the authority's schools.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qa_portal.wording import from_code

VisitTypeSource = Callable[[], Sequence[tuple[str, str]]]

_visit_type_sources: list[VisitTypeSource] = []
_plan_impacts: list[Callable[[Any, date], PlanImpact]] = []
_names_cache: dict[str, str] | None = None


def register_visit_type_source(func: VisitTypeSource) -> VisitTypeSource:
    """Register a function returning the visit types an entitlement may name, as [(code, name)]."""
    if func not in _visit_type_sources:
        _visit_type_sources.append(func)
    names_changed()
    return func


def visit_type_choices() -> list[tuple[str, str]]:
    """Every registered visit type, (code, name), in the sources' order, read now (not cached)."""
    seen: dict[str, str] = {}
    for source in _visit_type_sources:
        for code, name in source():
            seen.setdefault(code, name)
    return list(seen.items())


def visit_type_names() -> dict[str, str]:
    """{code: name} of the catalogue, read once and kept until `names_changed()` (for labels only)."""
    global _names_cache
    if _names_cache is None:
        _names_cache = dict(visit_type_choices())
    return _names_cache


def names_changed(*args: object, **kwargs: object) -> None:
    """Forget the names read (a visit type was saved or deleted); usable as a signal receiver."""
    global _names_cache
    _names_cache = None


def _phrase(name: str) -> str:
    """The name inside a sentence: "QA visit" stays, "Interim visit" becomes "interim visit"."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def pluralise(name: str) -> str:
    """ "QA visit" -> "QA visits"; "Initial conversation with the trust" -> "Initial conversations with the trust"."""
    words = name.split(" ")
    head = len(words) - 1
    for index, word in enumerate(words):
        if index and word in {"with", "of", "for", "to", "in", "on", "at", "by"}:
            head = index - 1
            break
    words[head] = _plural_word(words[head])
    return " ".join(words)


def visit_type_name(code: str) -> str:
    """The catalogue's name of a visit type, or the code made readable when the catalogue lacks it."""
    return visit_type_names().get(code) or from_code(code)


def entitlement_label(*, count: int, visit_type: str, per: str, is_minimum: bool) -> str:
    """ "At least 2 QA visits a year"."""
    name = _phrase(visit_type_name(visit_type))
    text = f"{count} {pluralise(name) if count != 1 else name} {per}"
    if is_minimum:
        text = f"at least {text}"
    return text[:1].upper() + text[1:]


# --- What publishing a draft would change in plans -----------------------------------------------------------


@dataclass(frozen=True)
class SchoolImpact:
    school_id: int
    school_name: str
    qa_lead_id: int | None
    visits_added: int
    visits_removed: int


@dataclass(frozen=True)
class PlanImpact:
    """What publishing a version from `effective_from` changes in the authority's plans: open visits after that
    day that would be added or removed (held, confirmed and earlier visits never change)."""

    effective_from: date
    schools_changed: int = 0
    visits_added: int = 0
    visits_removed: int = 0
    schools: tuple[SchoolImpact, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """ "2 schools' plans change: 6 visits added, 0 removed"."""
        if not self.schools_changed:
            return "No school's plan changes"
        schools = (
            "1 school's plan changes" if self.schools_changed == 1 else f"{self.schools_changed} schools' plans change"
        )
        added = f"{self.visits_added} visit{'s' if self.visits_added != 1 else ''} added"
        return f"{schools}: {added}, {self.visits_removed} removed"


def register_plan_impact(func: Callable[[Any, date], PlanImpact]) -> Callable[[Any, date], PlanImpact]:
    """Register the function that works out a draft's PlanImpact (visits: a dry run of the planner)."""
    if func not in _plan_impacts:
        _plan_impacts.append(func)
    return func


def plan_impact(framework: Any, effective_from: date) -> PlanImpact | None:
    """What publishing `framework` (a draft) from `effective_from` would change in plans; None when no app plans
    visits."""
    if not _plan_impacts:
        return None
    return _plan_impacts[-1](framework, effective_from)
