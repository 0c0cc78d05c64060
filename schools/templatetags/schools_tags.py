from django import template
from django.utils.html import format_html

from schools.display import outcome_label
from schools.models import OfstedInspection

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
    """The latest Ofsted outcome of a register row (annotated by schools.selectors.register_queryset)."""
    label = outcome_label(
        getattr(school, "latest_ofsted_framework", None),
        getattr(school, "latest_ofsted_overall", None),
        getattr(school, "latest_ofsted_category", None),
    )
    date = getattr(school, "latest_ofsted_date", None)
    if date:
        return format_html('{}<br><span class="govuk-body-s">{}</span>', label, date.strftime("%d/%m/%Y"))
    return label


@register.filter
def grade_label(value):
    if value in OfstedInspection.Grade.values:
        return OfstedInspection.Grade(value).label
    return "Not judged"
