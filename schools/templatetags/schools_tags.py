import html

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

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


def _text(value):
    """Escaped as Django's autoescape would, without its lazy wrappers (this runs for every cell)."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


_SELECT_CELL = (
    '<td class="govuk-table__cell">'
    '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
    '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="id_schools_{n}" name="schools" '
    'type="checkbox" value="{pk}"{checked}><label class="govuk-label govuk-checkboxes__label" for="id_schools_{n}">'
    '<span class="govuk-visually-hidden">Select {name}</span></label></div></div></td>'
)


@register.simple_tag
def register_rows(schools, columns, selectable=False, checked=()):
    """The register table's rows, written in Python: a page of 50 schools with a template per row and cell cost
    more than all the rest of the page (issue 20's profile). `selectable` adds the admin's checkbox column;
    `checked` holds the ids (as text) of the schools ticked before."""
    rows = []
    for number, school in enumerate(schools, start=1):
        select = ""
        if selectable:
            checked_attr = " checked" if str(school.pk) in checked else ""
            select = _SELECT_CELL.format(n=number, pk=school.pk, checked=checked_attr, name=_text(school.name))
        qa_lead = school.qa_lead.get_full_name() if school.qa_lead_id else ""
        cells = [
            school.urn,
            school.get_phase_display(),
            school.establishment_type or school.get_type_group_display(),
            school.get_status_display(),
            display.register_outcome(school),
            school.trust_name or "–",
            qa_lead or "Not assigned",
            *(column.cell(school) for column in columns),
        ]
        rows.append(
            f'<tr class="govuk-table__row">{select}<th scope="row" class="govuk-table__header"><a class="govuk-link" '
            f'href="{_text(reverse("schools:detail", args=[school.urn]))}">{_text(school.name)}</a></th>'
            + "".join(f'<td class="govuk-table__cell">{_text(value)}</td>' for value in cells)
            + "</tr>"
        )
    return mark_safe("\n".join(rows))
