"""Every email the service sends is made from templates and sent only once the change that caused it is saved.

An email named "visits/emails/note_published" is three templates: `…_subject.txt` (one line), `….txt` (the
plain text) and, for the HTML part, `….html` if it exists, else `emails/base.html` showing the text with its
paragraphs and links. Context gets `service_name` and `site_url` as well.

Sending after commit means a mail outage never rolls back the change, and a rollback never follows a sent email.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def email_message(*, template, context, to, attachments=()):
    """The message for `template` to `to` (duplicates and blanks dropped), or None when nobody is left.
    attachments: [(filename, bytes, mimetype)]."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = render_to_string("emails/base.html", {**context, "subject": subject, "text": text})
    message = EmailMultiAlternatives(subject=subject, body=text, to=recipients)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def email_after_commit(*, template, context, to, attachments=()):
    """Render the email now (with the data as this transaction sees it) and send it once the transaction commits.
    Returns the message, or None when there is no one to send it to."""
    message = email_message(template=template, context=context, to=to, attachments=attachments)
    if message is not None:
        transaction.on_commit(lambda: _send(message))
    return message


def _send(message):
    try:
        message.send()
    except Exception:
        # The change is saved; the email is not. Say so in the log rather than fail the request that made it.
        logger.exception("Could not send %r to %s", message.subject, ", ".join(message.to))
