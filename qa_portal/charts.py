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
    """An SVG of labelled horizontal bars, values printed at the end of each bar."""
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
        '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" '
        'aria-hidden="true" focusable="false" font-family="GDS Transport, arial, sans-serif" font-size="16" '
        'fill="#0b0c0c">{}</svg>',
        width,
        height,
        width,
        height,
        body,
    )


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)
