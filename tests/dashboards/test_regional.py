"""Issue 21: the regional overseer's view of several authorities side by side, against each authority's own
dashboard; a fixed number of queries whatever the number of authorities; scope and read-only access."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from classification.models import Classification
from dashboards.regional import authority_summaries, regional_view
from dashboards.selectors import Filters, build_dashboard
from qa_portal.accounts.two_factor import second_factor_required
from qa_portal.data_versions import authority_data_changed
from tests import factories as f
from tests.base import main_content, sign_in, url_in

from .builders import TODAY, build_authority

pytestmark = pytest.mark.django_db
CLOCK = "2026-11-24 10:00"


@pytest.fixture
def region():
    north = build_authority(12, seed=3, name="North Borough", code="931")
    south = build_authority(9, seed=4, name="South Borough", code="932")
    elsewhere = build_authority(3, seed=5, name="Elsewhere Borough", code="933")
    overseer = f.regional_overseer(north["authority"], south["authority"])
    return {"north": north, "south": south, "elsewhere": elsewhere, "overseer": overseer}


def column(table, header):
    index = table.headers.index(header)
    return [row[index] for row in table.rows]


def severity_on(school, day):
    """Independent: the severity and framework of the school's band on `day` (its latest published classification)."""
    end = timezone.make_aware(datetime.combine(day, time.max))
    published = sorted(
        (c for c in Classification.objects.filter(school=school) if c.published_at and c.published_at <= end),
        key=lambda c: (c.published_at, c.pk),
    )
    return (published[-1].band.framework.slug, published[-1].band.severity) if published else None


def test_each_authoritys_figures_are_those_of_its_own_dashboard(region):
    with override_settings(PAGE_CACHE_ENABLED=False):
        view = regional_view([region["south"]["authority"], region["north"]["authority"]], TODAY)
    assert [row.authority.name for row in view.rows] == ["North Borough", "South Borough"]
    for row in view.rows:
        board = build_dashboard(row.authority, Filters(), TODAY)
        bands = board.tables["schools_per_band"]
        summary = row.summary
        expected_schools = 12 if row.authority.code == "931" else 9
        assert summary.schools == sum(column(bands, "Schools now")) == expected_schools
        shown = {band.label: band.schools for band in summary.bands}
        if summary.not_classified:
            shown["Not yet classified"] = summary.not_classified
        expected = {label: n for label, n in zip(column(bands, "Band"), column(bands, "Schools now"), strict=True) if n}
        assert shown == expected
        assert summary.changed_band == board.movements_moved
        assert summary.causing_concern == len(board.tables["schools_causing_concern"].rows)
        terms = board.tables["visits_per_term"]
        assert summary.visits_due == sum(column(terms, "Due by today"))
        assert summary.visits_held == sum(column(terms, "Held"))
        assert summary.compliance == round(100 * summary.visits_held / summary.visits_due)


def test_more_and_less_support_count_schools_whose_band_moved_within_its_framework(region):
    schools = region["north"]["schools"]
    with override_settings(PAGE_CACHE_ENABLED=False):
        summary = authority_summaries([region["north"]["authority"].pk], TODAY)[region["north"]["authority"].pk]
    moves = [(severity_on(school, TODAY - timedelta(days=365)), severity_on(school, TODAY)) for school in schools]
    more = sum(1 for then, now in moves if then and now and then[0] == now[0] and now[1] > then[1])
    less = sum(1 for then, now in moves if then and now and then[0] == now[0] and now[1] < then[1])
    assert (summary.more_support, summary.less_support) == (more, less)
    assert more + less > 0, "the scenario should move some schools"


def test_the_view_makes_the_same_number_of_queries_for_two_authorities_as_for_one():
    north = build_authority(6, seed=3, name="North Borough", code="931")
    south = build_authority(6, seed=4, name="South Borough", code="932")
    with override_settings(PAGE_CACHE_ENABLED=False):
        with CaptureQueriesContext(connection) as one:
            regional_view([north["authority"]], TODAY)
        with CaptureQueriesContext(connection) as two:
            regional_view([north["authority"], south["authority"]], TODAY)
    assert len(one) == len(two) == 4


def test_a_change_in_one_authority_recalculates_only_its_row(region, django_capture_on_commit_callbacks):
    north, south = region["north"], region["south"]
    ids = [north["authority"].pk, south["authority"].pk]
    before = authority_summaries(ids, TODAY)
    concern = {
        row[1] for row in build_dashboard(south["authority"], Filters(), TODAY).tables["schools_causing_concern"].rows
    }
    school = next(school for school in south["schools"] if school.urn not in concern)
    with django_capture_on_commit_callbacks(execute=True):
        f.warning_notice(school, issued_on=TODAY)
        authority_data_changed(south["authority"].pk)
    with CaptureQueriesContext(connection) as queries:
        after = authority_summaries(ids, TODAY)
    assert after[north["authority"].pk] == before[north["authority"].pk]
    assert after[south["authority"].pk].causing_concern == before[south["authority"].pk].causing_concern + 1
    assert len(queries) == 4, "only South Borough's row is calculated again"


def test_the_overseer_lands_on_the_regional_overview_of_the_authorities_they_oversee(client, region):
    with freeze_time(CLOCK, tick=True):
        sign_in(client, region["overseer"])
        response = client.get(url_in(region["north"]["authority"], "home"), follow=True)
        assert response.redirect_chain[-1][0] == url_in(region["north"]["authority"], "home-for-role", "regional")
        page = main_content(response)
        assert "Regional overview" in page
        assert "North Borough" in page and "South Borough" in page
        assert "Elsewhere Borough" not in page
        assert 'href="/la/931/dashboard/"' in page and 'href="/la/932/dashboard/"' in page
        assert "All 2 authorities" in page


def test_the_overseer_reads_each_dashboard_but_changes_nothing(client, region):
    north = region["north"]
    school = north["schools"][0]
    with freeze_time(CLOCK, tick=True):
        sign_in(client, region["overseer"])
        dashboard = client.get(url_in(north["authority"], "dashboards:dashboard"))
        assert dashboard.status_code == 200
        assert "Make or download a termly report" not in dashboard.content.decode()
        assert "you can read this dashboard" in main_content(dashboard).lower()
        download = client.get(url_in(north["authority"], "dashboards:table-download", "schools-per-band", "csv"))
        assert download.status_code == 200
        assert client.get(url_in(north["authority"], "dashboards:termly-reports")).status_code == 403
        assert client.get(url_in(north["authority"], "schools:register")).status_code == 403
        assert client.get(url_in(north["authority"], "schools:detail", school.urn)).status_code == 404
        assert client.get(url_in(region["elsewhere"]["authority"], "dashboards:dashboard")).status_code == 404
        assert client.get(url_in(north["authority"], "home-for-role", "director")).status_code == 403


def test_the_regional_download_has_every_authority_as_the_page_shows_it(client, region):
    with freeze_time(CLOCK, tick=True):
        sign_in(client, region["overseer"])
        response = client.get(url_in(region["south"]["authority"], "dashboards:regional-download", "csv"))
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Authority", "Code", "Open schools"]
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        ("North Borough", "931", "12"),
        ("South Borough", "932", "9"),
    ]


def test_others_have_no_regional_overview(client, region):
    north = region["north"]
    with freeze_time(CLOCK, tick=True):
        for person in (north["director"], north["leads"][0], north["head"], north["admin"]):
            sign_in(client, person)
            assert client.get(url_in(north["authority"], "home-for-role", "regional")).status_code == 403
            assert client.get(url_in(north["authority"], "dashboards:regional-download", "csv")).status_code == 403


def test_an_overseer_must_give_a_second_factor(region):
    assert second_factor_required(region["overseer"])
