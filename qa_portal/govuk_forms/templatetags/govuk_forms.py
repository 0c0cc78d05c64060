"""Tags and filters of the "govuk" template pack (qa_portal.govuk_forms): which GOV.UK component a bound field is,
its widget with the Frontend 6 classes and aria-describedby, and where its errors link to."""

from django import forms, template

from ..fields import ALL_PARTS, DateInputWidget

register = template.Library()

# The GOV.UK class of each kind of widget, and the class it adds when the field has an error.
WIDGET_CLASSES = (
    (forms.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (forms.Select, "govuk-select", "govuk-select--error"),
    (forms.FileInput, "govuk-file-upload", ""),
    (forms.CheckboxInput, "govuk-checkboxes__input", ""),
    (forms.widgets.Input, "govuk-input", "govuk-input--error"),
)


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def is_checkboxes(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple)


@register.filter
def is_radios(bound_field):
    return isinstance(bound_field.field.widget, forms.RadioSelect)


@register.filter
def is_date(bound_field):
    return isinstance(bound_field.field.widget, DateInputWidget)


def error_parts(bound_field):
    """The parts (0 day, 1 month, 2 year) of a date field its first error is about: all three unless it names them."""
    errors = bound_field.form.errors.as_data().get(bound_field.name, [])
    for error in errors:
        parts = (getattr(error, "params", None) or {}).get("parts")
        return tuple(parts) if parts else ALL_PARTS
    return ()


@register.filter
def error_anchor(bound_field):
    """The id an error summary link points at: the first option of a radio or checkbox group, the first part of a
    date with an error (the day when the error is about the whole date), else the field itself."""
    if bound_field is None or bound_field == "":
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, DateInputWidget):
        return f"{bound_field.auto_id}_{(error_parts(bound_field) or ALL_PARTS)[0]}"
    return bound_field.auto_id


@register.filter
def error_ids(bound_field):
    """The ids of the field's error messages: <id>-error, <id>-error-2 ..."""
    return [
        f"{bound_field.auto_id}-error" if index == 1 else f"{bound_field.auto_id}-error-{index}"
        for index in range(1, len(bound_field.errors) + 1)
    ]


def described_by(bound_field):
    """The hint and error ids a field's input (or fieldset) is described by."""
    ids = [f"{bound_field.auto_id}-hint"] if bound_field.help_text else []
    return " ".join(ids + error_ids(bound_field))


@register.filter
def errors_with_ids(bound_field):
    return list(zip(error_ids(bound_field), bound_field.errors, strict=True))


@register.filter
def fieldset_described_by(bound_field):
    return described_by(bound_field)


@register.simple_tag
def govuk_widget(bound_field):
    """The field's widget with its GOV.UK class (plus the layout's classes), the error class when it has an error,
    and aria-describedby pointing at its hint and error messages."""
    widget = bound_field.field.widget
    base, error_class = next(
        ((base, error) for kind, base, error in WIDGET_CLASSES if isinstance(widget, kind)), ("", "")
    )
    classes = [base] if base else []
    classes += [name for name in widget.attrs.get("class", "").split() if name not in classes]
    if bound_field.errors and error_class:
        classes.append(error_class)
    attrs = {"class": " ".join(classes)}
    if description := described_by(bound_field):
        attrs["aria-describedby"] = description
    return bound_field.as_widget(attrs=attrs)


@register.filter
def date_items(bound_field):
    """The day, month and year inputs of a date field: id, name, value, label and classes (the error class on the
    parts its error is about)."""
    widget = bound_field.field.widget
    context = widget.get_context(
        bound_field.html_name, bound_field.value(), bound_field.build_widget_attrs({"id": bound_field.auto_id})
    )
    in_error = error_parts(bound_field) if bound_field.errors else ()
    items = []
    for index, subwidget in enumerate(context["widget"]["subwidgets"]):
        attrs = subwidget["attrs"]
        classes = attrs.get("class", "") + (" govuk-input--error" if index in in_error else "")
        items.append(
            {
                "id": attrs["id"],
                "name": subwidget["name"],
                "value": subwidget["value"],
                "label": subwidget["label"],
                "classes": classes,
            }
        )
    return items
