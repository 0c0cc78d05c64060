"""What the apps above schools add to the register, without schools importing them (the register's extension
point). An app registers once, in its AppConfig.ready():

    register.add_column(RegisterColumn(
        key="band",
        heading="Band",
        annotate=annotate_current_band,        # adds the row's values (one subquery per page, not per row)
        cell=register_band_cell,                # (row) -> safe HTML of its cell (format_html, no template)
        export=[("Band", lambda school: school.band_label or "Not yet classified")],
        filter_choices=band_choices,           # (authority) -> [(value, label)]; None for no filter
        filter_rows=filter_by_band,            # (queryset, value) -> queryset
    ))

The register table, its filters and its CSV/XLSX downloads then carry the column in the order registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RegisterColumn:
    key: str
    heading: str
    annotate: Callable[[Any], Any]
    cell: Callable[[Any], str]
    export: list[tuple[str, Callable[[Any], Any]]] = field(default_factory=list)
    filter_label: str = ""
    filter_choices: Callable[[Any], list[tuple[str, str]]] | None = None
    filter_rows: Callable[[Any, str], Any] | None = None


_COLUMNS: dict[str, RegisterColumn] = {}


def add_column(column):
    _COLUMNS[column.key] = column  # by key: registering again (a second ready()) replaces, never duplicates


def columns():
    return list(_COLUMNS.values())


def annotate(queryset):
    """The register rows with every registered column's values."""
    for column in _COLUMNS.values():
        queryset = column.annotate(queryset)
    return queryset
