"""Issue 21, acceptance: Schemathesis against /api/schema/ finds no server error and no response that breaks the
schema, on every operation, with a director's token (who sees every resource, the dashboard's tables too) over a
small world of schools, classifications, visits, notes and governance records."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.models import ApiToken
from qa_portal.wsgi import application
from tests.api.helpers import build_api_world, key_for


@pytest.fixture
def wsgi_requests_keep_the_test_database():
    """As Django's test client does: a request's end does not close the connection (the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def director_key(db, wsgi_requests_keep_the_test_database):
    aw = build_api_world()
    return key_for(aw.world.director, aw.world.authority, lifetime_days=365)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, director_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {director_key}"})
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1
