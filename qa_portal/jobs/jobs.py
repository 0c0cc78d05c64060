"""The platform's own job: a check that background work reaches a worker and the database."""

import platform
import socket

import celery
from django.utils import timezone

from .registry import register


@register("worker_check", "Background worker check", template="jobs/result_worker_check.html")
def worker_check(job, progress):
    progress(1, 1)
    return {
        "host": socket.gethostname(),
        "python": platform.python_version(),
        "celery": celery.__version__,
        "checked_at": timezone.now().isoformat(),
    }
