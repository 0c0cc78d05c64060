"""Named facts other apps give the rules engine, e.g. governance's {"warning_notice_active": True}.

from classification.facts import register_fact_provider

@register_fact_provider
def governance_facts(school, on_date):
    return {"warning_notice_active": ...}
"""

import logging
from collections.abc import Callable, Mapping
from datetime import date

from schools.models import School

logger = logging.getLogger(__name__)

Facts = dict[str, object]
FactProvider = Callable[[School, date], Mapping[str, object] | None]

_PROVIDERS: list[FactProvider] = []


def register_fact_provider(func: FactProvider) -> FactProvider:
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def facts_for_school(school: School, on_date: date) -> Facts:
    facts: Facts = {}
    for provider in _PROVIDERS:
        facts.update(provider(school, on_date) or {})
    return facts
