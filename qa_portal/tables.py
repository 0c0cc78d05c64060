"""A table of numbers shown in a page, downloadable as CSV or XLSX with exactly the same cells."""

import re
from dataclasses import dataclass, field

from .exports import Export, Percent, export_response

# A percentage as the page shows it ("33%"), typed as a percentage in the downloads.
PERCENT_TEXT = re.compile(r"^(\d+(?:\.\d+)?)%$")


@dataclass
class Table:
    slug: str
    caption: str
    headers: list
    rows: list = field(default_factory=list)
    # Index of the column holding row labels (rendered as <th scope="row">).
    row_header_index: int = 0
    numeric_from: int = 1

    def _export_value(self, index, value):
        if index >= self.numeric_from and isinstance(value, str) and (match := PERCENT_TEXT.match(value)):
            number = match.group(1)
            return Percent(float(number) if "." in number else int(number))
        return value

    def export(self):
        rows = [[self._export_value(index, value) for index, value in enumerate(row)] for row in self.rows]
        return Export(headers=self.headers, rows=rows, title=self.caption)

    def as_response(self, file_format, *, authority):
        """The download, named after the authority, the table and today."""
        return export_response(self.export(), file_format, authority=authority, name=self.slug)
