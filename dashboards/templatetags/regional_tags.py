"""The regional overview's rows, written in Python: one template per row and cell cost more than the figures
themselves over 150 authorities (make bench)."""

import html

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric app-numeric">{}</td>'


def _compliance(summary):
    value = summary.compliance
    return "–" if value is None else f"{value}%"


def _bands(summary):
    parts = [f'{html.escape(count.label)} <span class="app-numeric">{count.schools}</span>' for count in summary.bands]
    parts.reverse()
    if summary.not_classified:
        parts.append(f'not yet classified <span class="app-numeric">{summary.not_classified}</span>')
    return "; ".join(parts)


def _figures(summary):
    return "".join(
        _NUMERIC.format(value)
        for value in (
            summary.changed_band,
            summary.more_support,
            summary.less_support,
            summary.causing_concern,
            summary.visits_due,
            summary.visits_held,
            _compliance(summary),
        )
    )


@register.simple_tag
def regional_rows(view):
    rows = []
    for row in view.rows:
        summary = row.summary
        rows.append(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="{html.escape(row.dashboard_url)}">{html.escape(row.authority.name)}'
            '<span class="govuk-visually-hidden"> dashboard</span></a></th>'
            + _NUMERIC.format(summary.schools)
            + f'<td class="govuk-table__cell">{_bands(summary)}</td>'
            + _figures(summary)
            + "</tr>"
        )
    return mark_safe("\n".join(rows))  # every value above is escaped or a number


@register.simple_tag
def regional_totals(view):
    totals = view.totals
    rows = len(view.rows)
    return mark_safe(  # numbers only
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">All {rows} authorities</th>'
        + _NUMERIC.format(totals.schools)
        + f'<td class="govuk-table__cell">{_bands(totals)}</td>'
        + _figures(totals)
        + "</tr>"
    )
