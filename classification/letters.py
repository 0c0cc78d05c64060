"""The classification letter: its PDF (WeasyPrint) and the email that carries it."""

from django.utils import timezone

from qa_portal.data_versions import authority_data_changed
from qa_portal.emails import email_message
from qa_portal.pdf import render_pdf

from .models import Letter

PDF = "application/pdf"


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


def letter_send(*, letter_id):
    """Email the letter PDF to its recipients, once (conditional UPDATE on sent_at). Runs in a task, after the
    letter was saved; a failed send clears sent_at so that the task's retry sends it."""
    letter = Letter.objects.select_related("school", "classification__band").filter(pk=letter_id).first()
    if letter is None or letter.sent_at is not None:
        return False
    if not Letter.objects.filter(pk=letter_id, sent_at__isnull=True).update(sent_at=timezone.now()):
        return False
    authority_data_changed(letter.school.authority_id)
    try:
        message = email_message(
            template="classification/emails/letter",
            context={"letter": letter, "school": letter.school},
            to=letter.recipients,
            attachments=[
                (f"classification-{letter.school.urn}-{letter.pk}.pdf", letter_pdf(letter), "application/pdf")
            ],
        )
        if message is not None:
            message.send()
    except Exception:
        Letter.objects.filter(pk=letter_id).update(sent_at=None)
        raise
    return True
