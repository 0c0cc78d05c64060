"""The classification letter: its PDF (WeasyPrint) and the email that carries it."""

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

from qa_portal.academic_year import year_label
from qa_portal.accounts.models import RoleAssignment
from qa_portal.accounts.roles import Role
from qa_portal.data_versions import authority_data_changed
from qa_portal.emails import email_message
from qa_portal.links import absolute_url
from qa_portal.pdf import render_pdf
from schools.people import directors_of_authorities

from . import selectors
from .letter_templates import fill, paragraphs, wording_for
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


def _name(person):
    return person.get_full_name() or person.email


def _long_date(day):
    return date_format(day, "j F Y") if day else ""


def school_address(school):
    """The school's postal address, line by line (what the register holds of it)."""
    return [line for line in (school.street, school.locality, school.town, school.county, school.postcode) if line]


def addressees(school):
    """The headteacher's and the chair of governors' names ("" when unknown): the people who hold those roles at
    the school now (the head's name from the register when no account holds it)."""
    rows = (
        RoleAssignment.objects.filter(school=school, role__in=[Role.HEADTEACHER, Role.GOVERNOR], user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    heads, chairs = [], []
    for row in rows:
        if row.role == Role.HEADTEACHER:
            heads.append(_name(row.user))
        elif row.is_chair:
            chairs.append(_name(row.user))
    head = " and ".join(dict.fromkeys(heads)) or school.head_name
    chair = " and ".join(dict.fromkeys(chairs))
    return head, chair


def reference(letter):
    """The letter's reference, as the authority files it: QA/<authority code>/<URN>/<academic year>/<letter>."""
    year = year_label(letter.academic_year).replace("/", "-")
    return f"QA/{letter.school.authority.code}/{letter.school.urn}/{year}/{letter.pk}"


def copy_list(school):
    """Who else gets a copy, "Name, role": the school's QA lead and the authority's directors."""
    copies = []
    if school.qa_lead_id:
        copies.append(f"{_name(school.qa_lead)}, QA lead")
    for director in directors_of_authorities([school.authority_id]).get(school.authority_id, []):
        copies.append(f"{_name(director)}, {director.job_title or 'Director'}")
    return copies


def placeholder_values(letter, *, head, chair, review):
    """What the template's placeholders (classification.letter_templates.PLACEHOLDERS) become in this letter."""
    school, authority = letter.school, letter.school.authority
    classification = letter.classification
    review_by = review["review_by"]
    return {
        "school_name": school.name,
        "urn": str(school.urn),
        "band": letter.band_label,
        "headteacher": head or "the headteacher",
        "chair": chair or "the chair of governors",
        "academic_year": year_label(letter.academic_year),
        "framework_name": classification.framework.name,
        "letter_date": _long_date(_told_on(letter)),
        "review_by": f"by {_long_date(review_by)}" if review_by else "at any time",
        "review_response_days": str(review["review_response_days"]),
        "qa_lead": _name(school.qa_lead) if school.qa_lead_id else "your QA lead",
        "authority_name": authority.name,
        "signatory_name": authority.signatory_name or authority.name,
        "signatory_title": authority.signatory_title if authority.signatory_name else "",
    }


def letter_wording(letter, values):
    """The letter's subject (one line) and the body's paragraphs, from the authority's template of its kind."""
    wording = wording_for(letter.school.authority, letter.kind)
    return " ".join(fill(wording.subject, values).split()), paragraphs(fill(wording.body, values))


def letter_context(letter):
    classification = letter.classification
    band = classification.band
    school = letter.school
    review = review_context(letter)
    head, chair = addressees(school)
    values = placeholder_values(letter, head=head, chair=chair, review=review)
    subject, body = letter_wording(letter, values)
    return {
        "letter": letter,
        "school": school,
        "classification": classification,
        "band": band,
        "entitlements": list(band.entitlements.all()),
        "is_academy_track": band.is_academy_track,
        "framework": classification.framework,
        "letter_date": _told_on(letter),
        "reference": reference(letter),
        "head_name": head,
        "chair_name": chair,
        "school_address": school_address(school),
        "greeting": f"Dear {head or 'Headteacher'} and {chair or 'Chair of Governors'}",
        "subject": subject,
        "body_paragraphs": body,
        "signatory_name": values["signatory_name"],
        "signatory_title": values["signatory_title"],
        "copies": copy_list(school),
        **review,
    }


def letter_pdf(letter):
    return render_pdf("classification/letter_pdf.html", letter_context(letter), authority=letter.school.authority)


def letter_send(*, letter_id):
    """Email the letter PDF to its recipients, once (conditional UPDATE on sent_at). Runs in a task, after the
    letter was saved; a failed send clears sent_at so that the task's retry sends it."""
    letter = (
        Letter.objects.select_related(
            "school", "school__authority", "school__qa_lead", "classification__band", "classification__framework"
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
        context = letter_context(letter)
        message = email_message(
            template="classification/emails/letter",
            context={
                key: context[key]
                for key in ("letter", "school", "subject", "greeting", "reference", "signatory_name", "signatory_title")
            }
            | review_context(letter),
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
