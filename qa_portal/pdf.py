"""Every PDF the service makes (letters, notes, agendas, records, reports) is a template rendered by WeasyPrint."""

from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template, context, *, request=None):
    """PDF bytes of `template`. With a request, its context processors run and relative links resolve to the site."""
    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()
