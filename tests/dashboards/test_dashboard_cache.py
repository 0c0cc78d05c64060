"""The dashboard is calculated once and kept (Redis in CI, memory otherwise) until the authority's data changes:
a change shows on the next request, another authority's change does not recalculate it, and a day later it
is recalculated (overdue work depends on the date)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from classification.models import Classification
from tests import factories as f
from tests.base import sign_in

from .builders import build_authority

pytestmark = pytest.mark.django_db


def _get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _main(page):
    return page[page.index("<main") : page.index("</main>")]


def _red_row(page):
    """The 'Red' row of the schools-per-band table: (now, a year ago)."""
    start = page.index('id="table-schools-per-band"')
    row = page[page.index(">Red<", start) :]
    cells = [cell.split("<")[0] for cell in row.split('app-numeric">')[1:3]]
    return tuple(int(cell) for cell in cells)


def test_the_dashboard_is_kept_until_its_authority_changes(client, real_cache, django_capture_on_commit_callbacks):
    with freeze_time("2026-11-24 10:00"):
        borough = build_authority(12, seed=3)
        elsewhere = build_authority(3, seed=4, code="971", name="Elsewhere Borough")
        sign_in(client, borough["director"])
        first, first_queries = _get(client)
        again, again_queries = _get(client)
        assert _main(again) == _main(first)
        assert again_queries < first_queries - 10  # the dashboard's own aggregate queries are not run again

        # Another authority's change leaves this dashboard as it was.
        with django_capture_on_commit_callbacks(execute=True):
            f.published_classification(elsewhere["schools"][0], elsewhere["bands"][-1], by=elsewhere["director"])
        assert _get(client)[1] == again_queries

        # A change in this authority shows on the very next request.
        red = next(band for band in borough["bands"] if band.label == "Red")
        school = next(s for s in borough["schools"] if _current_label(s) != "Red")
        before = _red_row(first)
        with django_capture_on_commit_callbacks(execute=True):
            f.published_classification(school, red, by=borough["director"])
        changed, changed_queries = _get(client)
        assert _red_row(changed) == (before[0] + 1, before[1])
        assert changed_queries > again_queries

    with freeze_time("2026-11-25 10:00"):
        sign_in(client, borough["director"])
        next_day, next_day_queries = _get(client)
        assert "as at 25 November 2026" in next_day
        assert next_day_queries > again_queries


def _current_label(school):
    latest = Classification.objects.filter(school=school, status="published").order_by("-published_at", "-pk").first()
    return latest.band.label if latest else None


def test_a_new_qa_lead_appears_in_the_filter_at_once(client, real_cache, django_capture_on_commit_callbacks):
    with freeze_time("2026-11-24 10:00"):
        borough = build_authority(3, seed=5)
        sign_in(client, borough["director"])
        _get(client)
        with django_capture_on_commit_callbacks(execute=True):
            lead = f.qa_lead(borough["authority"])
        assert f">{lead}</option>" in _get(client)[0]
