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
