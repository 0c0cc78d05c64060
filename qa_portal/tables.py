"""A table of numbers shown in a page, downloadable as CSV or XLSX with exactly the same cells."""

import csv
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    slug: str
    caption: str
    headers: list
    rows: list = field(default_factory=list)
    # Index of the column holding row labels (rendered as <th scope="row">).
    row_header_index: int = 0
    numeric_from: int = 1

    def as_csv_response(self, filename=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.headers)
        writer.writerows(self.rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename or slugify(self.slug)}.csv"'
        return response

    def as_xlsx_response(self, filename=None):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.caption[:31]
        sheet.append(self.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in self.rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename or slugify(self.slug)}.xlsx"'
        return response

    def as_response(self, file_format):
        if file_format == "xlsx":
            return self.as_xlsx_response()
        return self.as_csv_response()
