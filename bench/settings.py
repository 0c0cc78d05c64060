"""Benchmark settings: the test settings against the benchmark's own PostgreSQL database, with a baseline page."""

import os
import warnings

from qa_portal.settings.base import cache_settings
from qa_portal.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The test settings switch caching off; the benchmark measures the product as it runs (Redis when given).
CACHES = cache_settings(os.environ.get("BENCH_CACHE_URL", ""), DATABASES["default"])  # noqa: F405

# WhiteNoise warns that collectstatic has not run: the benchmark serves no static files.
warnings.filterwarnings("ignore", message="No directory at")
