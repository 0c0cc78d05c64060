from celery import shared_task

from . import services


@shared_task(name="records.apply_retention")
def apply_retention():
    erased, notifications = services.retention_apply()
    return {"erased": erased, "notifications_deleted": notifications}
