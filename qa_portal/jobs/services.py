"""Starting background jobs, the outbox of follow-up work, and the sweeps that keep both moving.
Running a job is `runner.job_run`, called by the worker's task.

Follow-up work a change queues (a Celery task, an email, a call) is written to the outbox in the change's own
transaction and tried once the transaction commits; what cannot be handed over then (broker or mail server down)
is logged and waits, and `outbox_flush` (the task jobs.flush_outbox, every minute) sends it again until it goes.
So a change that committed is never reported as failed, and its follow-up is never lost. Each message is claimed
by one sender before it is sent and deleted once sent, so two sweeps at once send it once.
"""

import base64
import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job, OutboxMessage
from .registry import get_kind

logger = logging.getLogger(__name__)

RUN_JOB = "jobs.run_job"
# A message claimed by a sender that died before it finished is sent again after this long.
CLAIM_LEASE_SECONDS = 5 * 60
# A job that stalled this many times ends as failed.
MAX_JOB_ATTEMPTS = 2
STALE_JOB_MESSAGE = (
    "The worker stopped while running this job (no sign of it for {seconds} seconds, {attempts} times). Start it again."
)


def job_enqueue(*, kind, user=None, authority=None, params=None):
    """Record a job and send it to the worker once the current transaction commits."""
    get_kind(kind)  # fail now, in the request, for an unknown kind
    job = Job(kind=kind, created_by=user, authority=authority, params=params or {})
    job.full_clean()
    job.save()
    outbox_task(name=RUN_JOB, args=[job.pk])
    return job


def outbox_task(*, name, args=(), kwargs=None):
    """Send Celery task `name` (its registered name) once the current transaction commits, and again until it
    goes. args and kwargs must be JSON."""
    return _outbox_add(
        kind=OutboxMessage.Kind.TASK, target=name, payload={"args": list(args), "kwargs": dict(kwargs or {})}
    )


def outbox_email(*, message):
    """Send this EmailMessage once the current transaction commits, and again until the mail server takes it."""
    return _outbox_add(kind=OutboxMessage.Kind.EMAIL, target=message.subject[:200], payload=_email_payload(message))


def outbox_call(*, target, kwargs=None):
    """Call the function at dotted path `target` with kwargs (JSON) once the current transaction commits, and
    again until it returns without raising. One waiting call of the same target and kwargs is enough."""
    kwargs = dict(kwargs or {})
    waiting = OutboxMessage.objects.filter(
        kind=OutboxMessage.Kind.CALL, target=target, payload={"kwargs": kwargs}, status=OutboxMessage.Status.PENDING
    ).first()
    if waiting is not None:
        return waiting
    return _outbox_add(kind=OutboxMessage.Kind.CALL, target=target, payload={"kwargs": kwargs})


def _outbox_add(*, kind, target, payload):
    message = OutboxMessage.objects.create(kind=kind, target=target, payload=payload)
    message_id = message.pk
    transaction.on_commit(lambda: outbox_send(message_id=message_id))
    return message


def outbox_send(*, message_id):
    """Send one message unless another sender has it. True when it went (and is deleted); on failure the error is
    logged and kept, and the message waits for the next sweep."""
    now = timezone.now()
    claimable = Q(status=OutboxMessage.Status.PENDING) | Q(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - timedelta(seconds=CLAIM_LEASE_SECONDS)
    )
    claimed = OutboxMessage.objects.filter(claimable, pk=message_id).update(
        status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    if message.kind == OutboxMessage.Kind.TASK and current_app.conf.task_always_eager:
        # With no broker the task runs here and now: there is no hand-over to fail, and an error is the task's own,
        # raised as ever.
        message.delete()
        _deliver(message)
        return True
    try:
        _deliver(message)
    except Exception as exc:
        logger.warning(
            "Could not send %s %s (outbox #%s, attempt %s); it waits for the next sweep",
            message.kind,
            message.target,
            message.pk,
            message.attempts,
            exc_info=True,
        )
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.PENDING, last_error=(str(exc) or exc.__class__.__name__)[:2000]
        )
        return False
    message.delete()
    return True


def outbox_flush(*, limit=1000):
    """Send what waits in the outbox, then send again jobs still queued long after they were created. Safe to run
    twice at once. Returns the number of messages sent."""
    now = timezone.now()
    claimable = Q(status=OutboxMessage.Status.PENDING) | Q(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - timedelta(seconds=CLAIM_LEASE_SECONDS)
    )
    waiting = list(OutboxMessage.objects.filter(claimable).values_list("pk", flat=True)[:limit])
    sent = sum(1 for message_id in waiting if outbox_send(message_id=message_id))
    jobs_resend_queued()
    return sent


def jobs_resend_queued():
    """Send again every job still queued JOB_RESEND_QUEUED_AFTER_SECONDS after it was created (or last sent):
    its message may have been lost with the broker. A job is claimed once, so a second delivery does nothing.
    Returns the number sent."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.JOB_RESEND_QUEUED_AFTER_SECONDS)
    late = Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, created_at__lt=cutoff)
    )
    sent = 0
    for job_id in late.values_list("pk", flat=True):
        try:
            _send_task(RUN_JOB, [job_id], {})
        except Exception:
            logger.warning("Could not send job %s again; the next sweep tries again", job_id, exc_info=True)
            continue
        Job.objects.filter(pk=job_id).update(sent_at=now)
        sent += 1
    return sent


def jobs_reap_stale():
    """Jobs running with no heartbeat for JOB_STALE_AFTER_SECONDS lost their worker: the handler's transaction died
    with it, so nothing was written. Each goes back to the queue once and is sent again; one that stalls again ends
    as failed with a message. Safe to run twice. Returns (retried, failed)."""
    seconds = settings.JOB_STALE_AFTER_SECONDS
    now = timezone.now()
    cutoff = now - timedelta(seconds=seconds)
    stale = Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    retried = failed = 0
    for job in stale.only("pk", "attempts", "heartbeat_at", "started_at"):
        unchanged = Job.objects.filter(
            pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at, attempts=job.attempts
        )
        if job.attempts < MAX_JOB_ATTEMPTS:
            with transaction.atomic():
                if not unchanged.update(
                    status=Job.Status.QUEUED, started_at=None, heartbeat_at=None, progress_done=0, sent_at=now
                ):
                    continue
                outbox_task(name=RUN_JOB, args=[job.pk])
            logger.warning("Job %s stalled (attempt %s); sent again", job.pk, job.attempts)
            retried += 1
        elif unchanged.update(
            status=Job.Status.FAILED,
            error=STALE_JOB_MESSAGE.format(seconds=seconds, attempts=job.attempts),
            finished_at=now,
        ):
            logger.warning("Job %s stalled %s times; failed", job.pk, job.attempts)
            failed += 1
    return retried, failed


def _deliver(message):
    if message.kind == OutboxMessage.Kind.TASK:
        _send_task(message.target, message.payload["args"], message.payload["kwargs"])
    elif message.kind == OutboxMessage.Kind.EMAIL:
        _email_from_payload(message.payload).send()
    else:
        import_string(message.target)(**message.payload["kwargs"])


def _send_task(name, args, kwargs):
    if current_app.conf.task_always_eager:
        if name not in current_app.tasks:
            current_app.loader.import_default_modules()
        current_app.tasks[name].apply_async(args=args, kwargs=kwargs)
    else:
        current_app.send_task(name, args=args, kwargs=kwargs)


def _email_payload(message):
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [_attachment_payload(attachment) for attachment in message.attachments],
    }


def _attachment_payload(attachment):
    filename, content, mimetype = attachment
    if isinstance(content, str):
        return {"filename": filename, "text": content, "mimetype": mimetype}
    return {"filename": filename, "base64": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}


def _email_from_payload(payload):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in payload["attachments"]:
        content = attachment["text"] if "text" in attachment else base64.b64decode(attachment["base64"])
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message
