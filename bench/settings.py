"""Benchmark settings: the test settings against the benchmark's own PostgreSQL database, with a baseline page."""

from qa_portal.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
