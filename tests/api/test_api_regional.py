"""Issue 21: the regional overview through the API, for regional overseers only."""

import pytest
from django.test import override_settings
from freezegun import freeze_time

from tests import factories as f
from tests.api.helpers import api_get, build_api_world, key_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw():
    return build_api_world()


@freeze_time("2026-11-24 09:00", tick=True)
@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_regional_overseers_token_lists_every_authority_they_oversee(aw):
    w = aw.world
    overseer = f.regional_overseer(w.authority, w.other_authority)
    response = api_get("/api/v1/regional/", key_for(overseer, w.other_authority))
    assert response.status_code == 200
    rows = response.json()
    assert [(row["name"], row["code"], row["open_schools"]) for row in rows] == [
        ("Demo Borough", "990", 2),
        ("Elsewhere Council", "991", 1),
    ]
    demo = rows[0]
    assert [(band["label"], band["schools"]) for band in demo["bands"]] == [("Green", 1), ("Amber", 1)]
    assert demo["not_classified"] == 0


@freeze_time("2026-11-24 09:00", tick=True)
def test_others_are_refused_the_regional_overview(aw):
    w = aw.world
    for person in (w.director, w.qa_lead, w.head, w.admin):
        assert api_get("/api/v1/regional/", key_for(person, w.authority)).status_code == 403
    assert api_get("/api/v1/regional/").status_code == 401
    overseer = f.regional_overseer(w.authority)
    assert api_get("/api/v1/regional/", key_for(overseer, w.authority), page="2").status_code == 400
