"""Named facts other apps give the rules engine, e.g. governance's {"warning_notice_active": True}.

from classification.facts import register_fact_provider

@register_fact_provider
def governance_facts(school, on_date):
    return {"warning_notice_active": ...}
"""

import logging

logger = logging.getLogger(__name__)

_PROVIDERS = []


def register_fact_provider(func):
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def facts_for_school(school, on_date):
    facts = {}
    for provider in _PROVIDERS:
        facts.update(provider(school, on_date) or {})
    return facts
