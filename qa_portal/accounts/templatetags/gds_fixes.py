from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect

register = template.Library()


@register.filter
def error_anchor(bound_field):
    """The id an error summary link should point at: the first option of a radio or checkbox group."""
    if bound_field is None or bound_field == "":
        return ""
    if isinstance(bound_field.field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id
