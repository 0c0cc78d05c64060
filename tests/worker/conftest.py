"""A real Celery worker process against REDIS_URL, sharing the test database."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from qa_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
# Test-only job kinds the worker imports too (-I), e.g. a slow job to kill mid-run.
WORKER_TEST_KINDS = "tests.worker.kinds"


def _database_url_for_worker():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class WorkerProcess:
    """One worker on a queue of its own; `kill()` ends it with SIGKILL (mid-job), `start()` starts another."""

    def __init__(self, queue, env, log_path):
        self.queue, self.env, self.log_path = queue, env, log_path
        self.process = None

    def start(self):
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "qa_portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-I",
                WORKER_TEST_KINDS,
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{uuid.uuid4().hex[:4]}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        return self

    def poll(self):
        return self.process.poll()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextmanager
def broker_at(url):
    """Send tasks from this process to the broker at `url` (a closed port: the broker is down)."""
    previous = celery_app.conf.broker_url
    _use_broker(url)
    try:
        yield
    finally:
        _use_broker(previous)


def _use_broker(url):
    celery_app.conf.broker_url = url
    # The app keeps its connection pool; a new one is made for the new address.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(transactional_db):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: the real Celery worker test runs in CI (.ci/run sets it)")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qa_portal.settings.test",
        "DATABASE_URL": _database_url_for_worker(),
        "REDIS_URL": redis_url,
        "JOB_HEARTBEAT_SECONDS": "1",
    }
    log_path = ROOT / ".pytest_cache" / f"celery-{queue}.log"
    log_path.parent.mkdir(exist_ok=True)
    log_path.write_text("")
    worker = WorkerProcess(queue, env, log_path).start()
    # Send from this process to the real broker, on a queue only this worker reads.
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url, celery_app.conf.task_default_queue)
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue)
    _use_broker(redis_url)
    try:
        yield worker
    finally:
        celery_app.conf.update(task_always_eager=previous[0], task_default_queue=previous[2])
        _use_broker(previous[1])
        worker.stop()


def wait_for(predicate, *, timeout=60, interval=0.25, log_path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
