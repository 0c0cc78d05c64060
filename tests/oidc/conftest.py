import pytest
from freezegun import freeze_time

from tests.base import build_world

from .support import Account, running_provider

CLOCK = "2026-11-24 09:00"
STRANGER = "nobody.here@example.org"


@pytest.fixture(autouse=True)
def clock():
    """The service and the provider share this clock (it ticks); the provider is shifted to it by libfaketime."""
    with freeze_time(CLOCK, tick=True):
        yield


@pytest.fixture
def world(clock, db):
    return build_world()


@pytest.fixture
def provider(clock, world, tmp_path, settings):
    """The test provider, configured as the service's one single sign-on provider. Its accounts: the QA lead
    signs in there with more than one factor, the other QA lead and the head with a password only; the chair's
    address is not verified there; the stranger has no account at the service."""
    accounts = [
        Account(world.qa_lead.email, multi_factor=True),
        Account(world.other_qa_lead.email),
        Account(world.head.email),
        Account(world.chair.email, email_verified=False),
        Account(STRANGER),
    ]
    with running_provider(
        tmp_path, redirect_uris=["http://testserver/sign-in/local/callback/"], accounts=accounts
    ) as running:
        settings.OIDC_PROVIDERS = [running.settings_entry()]
        yield running
