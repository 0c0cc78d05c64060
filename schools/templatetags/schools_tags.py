from django import template
from django.utils.html import format_html

from schools import display

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, label, key):
    """A sortable register column heading: a link that toggles the order, with aria-sort."""
    link = context.get("sort_links", {}).get(key)
    if not link:
        return format_html('<th scope="col" class="govuk-table__header">{}</th>', label)
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(link["aria_sort"], "")
    return format_html(
        '<th scope="col" class="govuk-table__header" aria-sort="{}"><a class="govuk-link" href="{}">{}'
        '<span aria-hidden="true">{}</span></a></th>',
        link["aria_sort"],
        link["url"],
        label,
        arrow,
    )


@register.simple_tag
def ofsted_outcome(school):
    """The register's Ofsted cell: the row's latest graded or report-card inspection, saying its kind."""
    return display.register_outcome(school)


@register.filter
def grade_label(value):
    return display.grade_label(value)
