"""A real Celery worker process against REDIS_URL, sharing the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from qa_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _database_url_for_worker():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


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
    }
    log_path = ROOT / ".pytest_cache" / f"celery-{queue}.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "qa_portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # Send from this process to the real broker, on a queue only this worker reads.
    previous = (
        celery_app.conf.task_always_eager,
        celery_app.conf.broker_url,
        celery_app.conf.task_default_queue,
    )
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url, task_default_queue=queue)
    try:
        yield process
    finally:
        celery_app.conf.update(task_always_eager=previous[0], broker_url=previous[1], task_default_queue=previous[2])
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for(predicate, *, timeout=60, interval=0.25, log_path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
