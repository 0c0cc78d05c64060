"""The classification letter: its PDF (WeasyPrint) and the email that carries it."""

from django.conf import settings
from django.utils import timezone

from qa_portal.data_versions import authority_data_changed
from qa_portal.emails import email_message
from qa_portal.links import absolute_url
from qa_portal.pdf import render_pdf

from . import selectors
from .models import Letter

PDF = "application/pdf"


def _told_on(letter):
    """The day the letter tells the school of its band: publication, or the annual letter's own date."""
    if letter.kind == Letter.Kind.ANNUAL:
        return timezone.localdate(letter.created_at)
    return timezone.localdate(letter.classification.published_at)


def review_context(letter):
    """How the school asks for a review, for the letter and its email: the school page's address, the last day
    (None: at any time, from the letter's own date for an annual letter) and the days a director has to decide."""
    classification = letter.classification
    school = letter.school
    return {
        "service_name": settings.SERVICE_NAME,
        "school_url": absolute_url("schools:detail", authority=school.authority, urn=school.urn),
        "review_by": selectors.review_request_deadline(classification, opened=_told_on(letter)),
        "review_response_days": selectors.review_response_days(classification.framework),
    }


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
        **review_context(letter),
    }


def letter_pdf(letter):
    return render_pdf("classification/letter_pdf.html", letter_context(letter))


def letter_send(*, letter_id):
    """Email the letter PDF to its recipients, once (conditional UPDATE on sent_at). Runs in a task, after the
    letter was saved; a failed send clears sent_at so that the task's retry sends it."""
    letter = (
        Letter.objects.select_related(
            "school", "school__authority", "classification__band", "classification__framework"
        )
        .filter(pk=letter_id)
        .first()
    )
    if letter is None or letter.sent_at is not None:
        return False
    if not Letter.objects.filter(pk=letter_id, sent_at__isnull=True).update(sent_at=timezone.now()):
        return False
    authority_data_changed(letter.school.authority_id)
    try:
        message = email_message(
            template="classification/emails/letter",
            context={"letter": letter, "school": letter.school, **review_context(letter)},
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
