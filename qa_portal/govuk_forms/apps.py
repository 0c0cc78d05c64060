from django.apps import AppConfig


class GovukFormsConfig(AppConfig):
    """The "govuk" crispy-forms template pack: its templates (templates/govuk/) and tags (govuk_forms)."""

    name = "qa_portal.govuk_forms"
    label = "govuk_forms"
    verbose_name = "GOV.UK forms"
