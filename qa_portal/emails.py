"""Every email the service sends is made from templates and sent only once the change that caused it is saved.

An email named "visits/emails/note_published" is three templates: `…_subject.txt` (one line), `….txt` (the
plain text) and, for the HTML part, `….html` if it exists, else `emails/base.html` showing the text with its
paragraphs and links. Context gets `service_name` and `site_url` as well.

Sending after commit means a mail outage never rolls back the change, and a rollback never follows a sent email.
The email is kept in the outbox (qa_portal.jobs.services.outbox_email) in the change's transaction: one the mail
server does not take is logged and sent again by the sweep every minute until it goes.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


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
        OUTBOX["email"](message=message)
    return message


# The outbox that keeps an email until it is sent: set by the jobs app when it loads (qa_portal.jobs.apps), since
# the jobs app depends on the accounts app, which sends emails through this module.
OUTBOX = {}
