"""Small server-rendered SVG charts. Each chart sits beside a table holding the same numbers, so the SVG is
decorative for assistive technology (aria-hidden) and the table is the accessible source."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

# GOV.UK tag colours as bar fills, so that a band keeps its colour in a chart.
BAR_FILL = {
    "grey": "#505a5f",
    "green": "#00703c",
    "turquoise": "#28a197",
    "blue": "#1d70b8",
    "light-blue": "#5694ca",
    "purple": "#4c2c92",
    "pink": "#d53880",
    "red": "#d4351c",
    "orange": "#f47738",
    "yellow": "#ffdd00",
}


@dataclass
class Bar:
    label: str
    value: float
    colour: str = "blue"


def horizontal_bar_chart(bars, *, width=560, bar_height=28, gap=10, label_width=180):
    """An SVG of labelled horizontal bars, values printed at the end of each bar. `width` is the width of its
    drawing (its viewBox): on the page it has no fixed size and shrinks with its column (the app-chart style), so
    that it reflows at 320 px."""
    if not bars:
        return ""
    top = max((bar.value for bar in bars), default=0) or 1
    plot_width = width - label_width - 60
    height = len(bars) * (bar_height + gap) + gap
    rows = []
    for index, bar in enumerate(bars):
        y = gap + index * (bar_height + gap)
        length = max(0, round(plot_width * bar.value / top))
        rows.append(
            (
                label_width - 8,
                y + bar_height / 2,
                bar.label,
                label_width,
                y,
                length,
                bar_height,
                BAR_FILL.get(bar.colour, BAR_FILL["blue"]),
                label_width + length + 6,
                y + bar_height / 2,
                _number(bar.value),
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'aria-hidden="true" focusable="false" font-family="Arial, Helvetica, sans-serif" font-size="16" '
        'fill="#0b0c0c">{}</svg>',
        width,
        height,
        body,
    )


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


# Charts in documents (the termly report's PDF): a PDF reader cannot reach a table beside a decorative image, so
# these SVGs are images with a title and alternative text (role="img", aria-label, <title>, <desc>); the same
# figures are still printed in a table next to each.


def _document_svg(*, width, height, title, description, body):
    return format_html(
        '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}" font-family="Arial, Helvetica, sans-serif" font-size="14" fill="#0b0c0c">'
        "<title>{}</title><desc>{}</desc>{}</svg>",
        width,
        height,
        width,
        height,
        title,
        title,
        description,
        body,
    )


def _bar_rows(bars, *, top, y, plot_width, bar_height, label_width, fill=None):
    """(SVG of labelled bars from `y`, the y below them): the label, the bar and its value at the bar's end."""
    parts = []
    for bar in bars:
        length = max(0, round(plot_width * bar.value / top))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
                label_width - 8,
                y + bar_height / 2,
                bar.label,
                label_width,
                y,
                length,
                bar_height,
                fill or BAR_FILL.get(bar.colour, BAR_FILL["blue"]),
                label_width + length + 6,
                y + bar_height / 2,
                _number(bar.value),
            )
        )
        y += bar_height
    return format_html_join("", "{}", ((part,) for part in parts)), y


def document_bar_chart(bars, *, title, description, width=600, bar_height=22, gap=8, label_width=220):
    """A titled SVG of labelled horizontal bars for a document: `title` names it, `description` says in words
    what it shows (its alternative text). "" when there are no bars."""
    if not bars:
        return ""
    top = max(bar.value for bar in bars) or 1
    plot_width = width - label_width - 50
    rows = []
    y = gap
    for bar in bars:
        row, y = _bar_rows([bar], top=top, y=y, plot_width=plot_width, bar_height=bar_height, label_width=label_width)
        rows.append((row,))
        y += gap
    body = format_html_join("", "{}", rows)
    return _document_svg(width=width, height=y, title=title, description=description, body=body)


def document_grouped_bar_chart(
    groups, *, series, title, description, width=600, bar_height=16, gap=10, label_width=220
):
    """A titled SVG of groups of horizontal bars, one bar per series in each group, with a key: `groups` is
    [(label, [value per series])], `series` is [(name, colour)]. "" when there are no groups."""
    if not groups:
        return ""
    top = max((value for _label, values in groups for value in values), default=0) or 1
    plot_width = width - label_width - 50
    key = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect><text x="{}" y="{}" dominant-baseline="middle">{}'
        "</text>",
        (
            (
                label_width + index * 150,
                4,
                BAR_FILL.get(colour, BAR_FILL["blue"]),
                label_width + index * 150 + 18,
                10,
                name,
            )
            for index, (name, colour) in enumerate(series)
        ),
    )
    rows = []
    y = 24 + gap
    for label, values in groups:
        group_top = y
        for (name, colour), value in zip(series, values, strict=True):
            row, y = _bar_rows(
                [Bar(name, value, colour)],
                top=top,
                y=y,
                plot_width=plot_width,
                bar_height=bar_height,
                label_width=label_width,
            )
            rows.append((row,))
        rows.append(
            (
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" font-weight="bold">{}</text>',
                    label_width - 8 - 90,
                    (group_top + y) / 2,
                    label,
                ),
            )
        )
        y += gap
    body = format_html("{}{}", key, format_html_join("", "{}", rows))
    return _document_svg(width=width, height=y, title=title, description=description, body=body)
