from celery import shared_task

from .services import notification_digest_send


@shared_task(name="notifications.send_weekly_digest")
def send_weekly_digest():
    return notification_digest_send()
