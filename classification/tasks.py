from celery import shared_task

from .annual_letters import annual_letters_due
from .letters import letter_send


@shared_task(name="classification.send_letter", acks_late=True)
def send_letter(letter_id):
    """Email one classification letter; safe to run twice (sent once)."""
    letter_send(letter_id=letter_id)


@shared_task(name="classification.annual_letters_due")
def annual_letters_due_task():
    """Daily: start the annual letters where a framework writes to schools this month (once a year)."""
    return [job.pk for job in annual_letters_due()]
