"""The classification letter as a PDF (WeasyPrint)."""

from qa_portal.pdf import render_pdf


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
    return render_pdf("classification/letter_pdf.html", letter_context(letter))
