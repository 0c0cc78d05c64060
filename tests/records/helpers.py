import re
from html import unescape


def table_rows(response, table_id="audit-log"):
    """The cells of each body row of a table on the page, as text."""
    page = response.content.decode()
    table = page[page.index(f'id="{table_id}"') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        tuple(
            " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        )
        for row in rows
    ]
