"""Optimistic concurrency for edit forms: no save silently overwrites another person's.

A record that people edit through a form carries an integer `edit_version`. The form sends back, in a hidden
field, the version the person opened; the service claims the next version with a conditional UPDATE
(`… WHERE pk = … AND edit_version = expected`) inside its transaction, so of two saves made from the same version
only the first passes. The second is refused with EditConflict (a ValidationError) naming who saved and when; the
view keeps what the person typed in the form, moves its hidden version to the stored one and shows both texts
(templates/includes/edit_conflict.html) so the person can merge them and save again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone

from .dates import long_date

FIELD = "edit_version"


def edit_version_column():
    return models.PositiveIntegerField(
        default=1, editable=False, help_text="Moves on at every save: an edit form started from an older one is refused"
    )


class EditVersionField(forms.IntegerField):
    """The version of the record the person opened. Not required: a post without it (an old client) is not
    checked."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


def saved_when(moment):
    """ "10:42 on 2 December 2026" (local time)."""
    moment = timezone.localtime(moment)
    return f"{moment:%H:%M} on {long_date(moment.date())}"


class EditConflict(ValidationError):
    """The record changed after the person opened it: `record` is the stored row as it is now."""

    def __init__(self, record, *, what, outcome="Your changes have not been saved."):
        self.record = record
        self.current_version = getattr(record, FIELD)
        user = getattr(record, "updated_by", None)
        when = getattr(record, "updated_at", None)
        who = (user.get_full_name() or user.email) if user is not None else "Someone else"
        saved = f"{who} saved {what} at {saved_when(when)}" if when else f"{who} saved {what}"
        super().__init__(f"{saved}, after you opened it. {outcome}", code="edit_conflict")


def version_claim(instance, *, expected_version, what, outcome="Your changes have not been saved."):
    """Compare-and-swap the record's version inside the caller's transaction: from `expected_version` to the next
    one (None: no check, the version still moves). Raises EditConflict when the stored version is another; the
    UPDATE holds the row until the transaction ends, so a second save from the same version waits and then fails."""
    manager = type(instance)._base_manager
    rows = manager.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(**{FIELD: expected_version})
    if not rows.update(**{FIELD: F(FIELD) + 1}):
        raise EditConflict(manager.select_related("updated_by").get(pk=instance.pk), what=what, outcome=outcome)
    setattr(instance, FIELD, manager.values_list(FIELD, flat=True).get(pk=instance.pk))
    return getattr(instance, FIELD)


def conflict_shown(form, error, changes):
    """Show a refused save on its form: the message in the error summary, the form's hidden version moved to the
    stored one (saving the merged text again passes) and, for the page, each field whose stored text differs from
    the person's: changes is [(label, theirs, yours)]."""
    if form.is_bound:
        form.data = form.data.copy()
        form.data[form.add_prefix(FIELD)] = str(error.current_version)
    form.add_error(None, error.message)
    return {
        "changes": [
            {"label": label, "theirs": _shown(theirs), "yours": _shown(yours)}
            for label, theirs, yours in changes
            if _shown(theirs) != _shown(yours)
        ]
    }


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value).replace("\r\n", "\n").strip()
