import os
import uuid

import factory.random
import pytest
from django.core import mail
from freezegun import freeze_time

from .base import build_world, sign_in
from .writing import email_problems

# Playwright's sync API runs an event loop in the test thread; Django's live_server needs this to allow ORM use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_addoption(parser):
    parser.addoption(
        "--start-at",
        metavar="DATETIME",
        help="Run the whole suite with the clock starting at this date and time, e.g. 2027-06-21T09:30 (it "
        "ticks on from there; tests that fix their own clock still do). CI runs the suite at several such dates.",
    )


def pytest_configure(config):
    start = config.getoption("--start-at")
    if start:
        config._start_clock = freeze_time(start, tick=True)
        config._start_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_start_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    start = config.getoption("--start-at")
    return f"clock: starts at {start} (--start-at)" if start else "clock: real"


@pytest.fixture(autouse=True)
def same_test_data_every_run(request):
    """Factory-made names and e-mails are the same in every run of a test, whatever runs before it, so no page
    assertion can pass or fail by the chance of a generated name."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def every_email_is_well_written():
    """Every email a test sends has a one-line subject and no date with a leading zero (tests/writing.py)."""
    yield
    problems = [
        f"email {message.subject!r} to {', '.join(message.to)}: {problem}"
        for message in getattr(mail, "outbox", [])
        for problem in email_problems(message)
    ]
    assert not problems, "\n".join(problems)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client):
    """client_for(user) signs that person in on the test client and returns it."""

    def sign_in_client(user):
        return sign_in(client, user)

    return sign_in_client


@pytest.fixture
def real_cache(settings):
    """The cache the product runs with (the suite's default is none): Redis when the suite has one, otherwise
    memory; keys of this test only."""

    if os.environ.get("REDIS_URL"):
        backend = {"BACKEND": "qa_portal.cache.FailOpenRedisCache", "LOCATION": os.environ["REDIS_URL"]}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": {**backend, "KEY_PREFIX": f"test-{uuid.uuid4().hex}", "TIMEOUT": 600}}
