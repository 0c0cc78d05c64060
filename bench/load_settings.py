"""`make bench-load` settings: production's, unchanged (DEBUG off, cached template loader, Redis cache and broker,
ATOMIC_REQUESTS, HTTPS-only cookies behind a TLS-terminating proxy), plus the baseline page. bench.load provides
the environment production requires (DJANGO_SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL)."""

from qa_portal.settings.production import *  # noqa: F403
from qa_portal.settings.production import BASE_DIR

ROOT_URLCONF = "bench.urls"
# collectstatic writes here (ignored by git) rather than into the deploy's staticfiles/, which others may use.
STATIC_ROOT = BASE_DIR / "bench" / "results" / "static"
