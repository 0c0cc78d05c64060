"""Page content kept in the cache (qa_portal.page_cache): a change shows on the next request, nobody is shown
content made for someone else, permissions are checked before the cache, and forms that post are never cached."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from schools.services import school_update_contacts
from tests import factories as f
from tests.base import sign_in
from visits.planner import plan_visits

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_cache")]


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def _main(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@freeze_time("2026-11-24 10:00")
def test_register_is_kept_until_a_school_changes(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.qa_lead)
    first, first_queries = _get(client, "/schools/")
    again, again_queries = _get(client, "/schools/")
    assert _main(again) == _main(first) and world.school.name in _main(first)
    assert again_queries < first_queries

    with django_capture_on_commit_callbacks(execute=True):
        world.school.name = "Brookmead Primary Academy"
        world.school.save()
    changed, _ = _get(client, "/schools/")
    assert "Brookmead Primary Academy" in _main(changed)


@freeze_time("2026-11-24 10:00")
def test_nobody_is_shown_a_page_made_for_someone_else(world, client_for):
    qa_page = _main(client_for(world.qa_lead).get("/schools/"))
    outside_page = _main(client_for(world.outside_qa_lead).get("/schools/"))
    assert world.school.name in qa_page and world.school.name not in outside_page
    assert world.outside_school.name in outside_page

    # The same school page: the QA lead may edit its contacts, the head may not.
    url = f"/schools/{world.school.urn}/"
    lead = _main(client_for(world.qa_lead).get(url))
    head = _main(client_for(world.head).get(url))
    assert "contacts/" in lead and "contacts/" not in head
    # Permission is checked before the cache: someone outside the authority still gets a 404.
    assert client_for(world.outside_qa_lead).get(url).status_code == 404


@freeze_time("2026-11-24 10:00")
def test_school_page_shows_a_change_at_once(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.head)
    url = f"/schools/{world.school.urn}/"
    _get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        school_update_contacts(
            school=world.school, telephone="01952 000111", email="office@brookmead.example", website="", user=world.head
        )
    assert "01952 000111" in _main(client.get(url))


@freeze_time("2026-11-24 10:00")
def test_qa_lead_home_shows_a_newly_published_band(world, client_for, django_capture_on_commit_callbacks):
    _, bands = f.framework_with_bands(world.authority)
    client = client_for(world.qa_lead)
    assert "Red" not in _main(client.get("/home/qa-lead/"))
    with django_capture_on_commit_callbacks(execute=True):
        f.published_classification(world.school, bands["red"], by=world.director)
    assert "Red" in _main(client.get("/home/qa-lead/"))


@freeze_time("2026-11-24 10:00")
def test_the_plan_form_works_when_the_table_comes_from_the_cache(world):
    """Two sessions of one person: the second is served the table the first made, and its re-plan form must
    carry the second session's own CSRF token (the form is outside the cached part)."""
    f.framework_with_bands(world.authority)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    sign_in(first, world.qa_lead)
    first.get("/visits/plan/?year=2026")
    sign_in(second, world.qa_lead)
    second.get("/schools/")  # its first page stamps the new session (a write the next pages do not have)
    _, fresh_queries = _get(first, "/visits/plan/?year=2026")
    page, cached_queries = _get(second, "/visits/plan/?year=2026")
    assert cached_queries == fresh_queries  # both sessions are served the table the first request kept
    plan_form = page.content.decode().split('action="/la/990/visits/plan/run/"', 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', plan_form).group(1)
    response = second.post("/visits/plan/run/", {"year": "2026", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


@freeze_time("2026-11-24 10:00")
def test_a_register_with_filter_errors_is_not_kept(world, client_for):
    client = client_for(world.qa_lead)
    bad = "/schools/?qa_lead=999999"
    first = client.get(bad).content.decode()
    assert "<title>Error:" in first
    assert "<title>Error:" in client.get(bad).content.decode()


@freeze_time("2026-11-24 10:00")
def test_visits_planned_in_bulk_show_on_the_kept_plan_page(world, client_for, django_capture_on_commit_callbacks):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["red"], by=world.director)
    client = client_for(world.qa_lead)
    assert "planned 0" in _main(client.get("/visits/plan/?year=2026"))
    with django_capture_on_commit_callbacks(execute=True):
        plan_visits(start_year=2026, authority=world.authority)  # bulk inserts: no model signals
    assert "Entitled 4, planned 4" in _main(client.get("/visits/plan/?year=2026"))


@freeze_time("2026-11-24 10:00")
@pytest.mark.parametrize(("who", "url"), [("qa_lead", "/schools/"), ("director", "/dashboard/")])
def test_switched_off_the_page_cache_keeps_nothing(world, client_for, settings, who, url):
    """PAGE_CACHE_ENABLED = False (make bench's cache-off column): every request makes its page afresh."""
    settings.PAGE_CACHE_ENABLED = False
    client = client_for(getattr(world, who))
    client.get("/notifications/")  # any first request: it stamps the new session, a write the next ones do not have
    first, first_queries = _get(client, url)
    again, again_queries = _get(client, url)
    assert _main(again) == _main(first)
    assert again_queries == first_queries
    settings.PAGE_CACHE_ENABLED = True
    _get(client, url)
    _cached, cached_queries = _get(client, url)
    assert cached_queries < first_queries
