import os

import pytest

from .base import build_world

# Playwright's sync API runs an event loop in the test thread; Django's live_server needs this to allow ORM use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client):
    """client_for(user) signs that person in on the test client and returns it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def real_cache(settings):
    """The cache the product runs with (the suite's default is none): Redis when the suite has one, otherwise
    memory; keys of this test only."""
    import os
    import uuid

    if os.environ.get("REDIS_URL"):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": {**backend, "KEY_PREFIX": f"test-{uuid.uuid4().hex}", "TIMEOUT": 600}}
