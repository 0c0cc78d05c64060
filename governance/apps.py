from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        # Classification is built in parallel: connect to it when it is there.
        try:
            from classification.facts import register_fact_provider
        except ImportError:
            register_fact_provider = None
        if register_fact_provider is not None:
            from .facts import governance_facts

            register_fact_provider(governance_facts)
        try:
            from classification.signals import framework_loaded
        except ImportError:
            framework_loaded = None
        if framework_loaded is not None:
            from .services import on_framework_loaded

            framework_loaded.connect(on_framework_loaded, dispatch_uid="governance-load-checklist")
