from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        # Plugged in here: apps.py is imported before the models are ready, so it cannot import these itself.
        from classification.facts import register_fact_provider
        from classification.signals import framework_loaded
        from qa_portal.uploads import remove_files_when_deleted

        from .facts import governance_facts
        from .models import EscalationStep, EvidenceFile
        from .services import on_framework_loaded

        register_fact_provider(governance_facts)
        framework_loaded.connect(on_framework_loaded, dispatch_uid="governance-load-checklist")
        # A deleted evidence file or escalation step (a school's deletion included) takes its file off the disk.
        remove_files_when_deleted(EvidenceFile, "file")
        remove_files_when_deleted(EscalationStep, "letter")
