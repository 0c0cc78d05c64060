"""Every PDF the service makes (letters, notes, agendas, records, reports) is a template rendered by WeasyPrint.

Documents extend `documents/base.html`: the authority's letterhead, its protective marking at the top and foot of
every page, page numbers and its letter footer. They are written as tagged PDF/UA-1 (title, language, headings,
table headers, alternative text), so a screen reader can read what a public body sends.
"""

import base64

from django.template.loader import render_to_string
from weasyprint import HTML

PDF_VARIANT = "pdf/ua-1"


def logo_data_uri(authority) -> str:
    """The authority's logo inlined as a data URI (a document carries its images), or "" when it has none."""
    if authority is None or not authority.logo:
        return ""
    with authority.logo.open("rb") as logo:
        data = logo.read()
    content_type = authority.logo_content_type or "image/png"
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def document_context(authority) -> dict:
    """What `documents/base.html` needs of the authority a document is from."""
    if authority is None:
        return {"brand": None, "marking": "", "brand_logo": ""}
    return {"brand": authority, "marking": authority.protective_marking, "brand_logo": logo_data_uri(authority)}


def render_pdf(template, context, *, request=None, authority=None):
    """PDF bytes of `template`. With a request, its context processors run and relative links resolve to the site.
    `authority` is whose letterhead and marking the document carries (default: the request's authority)."""
    if authority is None and request is not None:
        authority = getattr(request, "authority", None)
    html = render_to_string(template, {**document_context(authority), **context}, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
