"""Issue 21: the access matrix (tests/test_access_matrix.py) asks the API with a signed-in session; here every
identity of tests/access_world.py asks every API address with a token of theirs instead, and gets the same answer
(anonymous: no token at all, 401). Outsiders' tokens are of their own authority: this one's addresses are 404."""

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from api.services import api_token_create
from qa_portal.links import urls_for
from tests.access_world import build_access_world
from tests.test_access_matrix import EXPECTED, NOW, PATTERNS, _kwargs

pytestmark = pytest.mark.django_db

# The schema, the documentation and the API's own 404 are the same for everyone; the rest is data.
API_NAMES = sorted(name for name in PATTERNS if name.startswith("api:") and name not in {"api:schema", "api:docs"})


def _token_authority(world, user):
    roles = {assignment.authority_id for assignment in user.role_assignments}
    return world.authority if world.authority.pk in roles else world.other_authority


def test_every_identity_gets_with_a_token_what_it_gets_signed_in():
    problems = []
    with freeze_time(NOW):
        world, people, things = build_access_world()
        keys = {
            who: api_token_create(user=user, authority=_token_authority(world, user), name="Matrix", lifetime_days=90)[
                1
            ]
            for who, user in people.items()
            if user is not None
        }
        for name in API_NAMES:
            with urls_for(world.authority):
                url = reverse(name, kwargs=_kwargs(name, PATTERNS[name], world, things) or None)
            for who in people:
                headers = {"Authorization": f"Bearer {keys[who]}"} if who in keys else {}
                status = Client().get(url, headers=headers).status_code
                expected = EXPECTED[name]["GET"][who]
                if status != expected:
                    problems.append(f"{name} ({url}) as {who}: {status}, signed in {expected}")
    assert not problems, "\n".join(problems)
