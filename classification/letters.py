"""The classification letter as a PDF (WeasyPrint)."""

from django.template.loader import render_to_string
from weasyprint import HTML


def letter_context(letter):
    classification = letter.classification
    band = classification.band
    return {
        "letter": letter,
        "school": letter.school,
        "classification": classification,
        "band": band,
        "entitlements": list(band.entitlements.all()),
        "is_academy_track": band.is_academy_track,
        "framework": classification.framework,
    }


def letter_pdf(letter):
    html = render_to_string("classification/letter_pdf.html", letter_context(letter))
    return HTML(string=html).write_pdf()
