"""The form renderer: Django's, except that a <select> is written in Python.

Django renders each <option> by including a template (and its attributes by another), so a filter with a hundred
trusts or QA leads costs hundreds of template includes on every page that shows it (issue 20's profiles of the
register and the dashboard). The markup here is exactly that of Django's select.html, select_option.html and
attrs.html; every other widget is left to Django's templates."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """name="value" pairs as attrs.html writes them: True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _option(option):
    return format_html(
        '<option value="{}"{}>{}</option>', str(option["value"]), _attrs(option["attrs"]), option["label"]
    )


def _select(widget):
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        options = "".join(f"\n  {_option(option)}\n" for option in group_choices)  # each include ends a line
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, mark_safe(options)))
        else:
            parts.append(options)
    return format_html(
        '<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), mark_safe("".join(parts))
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT and all(
            option.get("template_name") == OPTION
            for _name, choices, _index in widget["optgroups"]
            for option in choices
        ):
            return _select(widget)
        return super().render(template_name, context, request=request)
