"""Any saved or deleted row of the product's apps marks its authority's data as changed, so the cached dashboard
is recalculated (qa_portal.data_versions)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from qa_portal.data_versions import authority_data_changed

WATCHED_APPS = {"schools", "classification", "visits", "governance"}
WATCHED_MODELS = {"accounts.RoleAssignment"}  # who is QA lead where (the dashboard's filter and per-lead table)
# How to reach the authority from a row, first attribute found wins: (attribute, model, lookup to the authority).
PATHS = [
    ("authority_id", None, None),
    ("school_id", "schools.School", "authority_id"),
    ("visit_id", "visits.Visit", "school__authority_id"),
    ("board_id", "governance.Board", "school__authority_id"),
    ("conversation_id", "governance.Conversation", "school__authority_id"),
    ("framework_id", "classification.Framework", "authority_id"),
    ("band_id", "classification.Band", "framework__authority_id"),
]


def _authority_id(instance):
    if instance._meta.label == "schools.Authority":
        return instance.pk
    for attribute, model_label, lookup in PATHS:
        value = getattr(instance, attribute, None)
        if value is None:
            continue
        if model_label is None:
            return value
        model = apps.get_model(model_label)
        return model.objects.filter(pk=value).values_list(lookup, flat=True).first()
    return None


@receiver(post_save)
@receiver(post_delete)
def data_changed(sender, instance, **kwargs):
    watched = sender._meta.app_label in WATCHED_APPS or sender._meta.label in WATCHED_MODELS
    # A history row (django-simple-history) is saved with its model's row, whose own signal already counts.
    is_history = sender.__name__.startswith("Historical")
    if not watched or is_history or kwargs.get("raw"):
        return
    # Unknown authority (a catalogue row, or a parent already gone): every authority's summaries are recalculated.
    authority_data_changed(_authority_id(instance))
