"""The register page: filters, sorting, pagination, CSV/XLSX downloads of exactly the filtered rows, bounded queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from openpyxl import load_workbook

from schools.models import School
from tests import factories as f

pytestmark = pytest.mark.django_db


def _names(response):
    html = response.content.decode()
    return [s.name for s in School.objects.order_by("name") if f">{s.name}</a>" in html]


@pytest.fixture
def register_world(world):
    a = world.authority
    f.SchoolFactory(
        authority=a,
        name="Riverside High School",
        phase="secondary",
        trust_name="",
        establishment_type="Community school",
    )
    sm = f.SchoolFactory(
        authority=a, name="Kingsmoor Primary Academy", academy=True, trust_name="Severn Learning Trust"
    )
    f.OfstedInspectionFactory(school=sm, start_date=date(2019, 5, 1), overall_effectiveness=2)
    f.OfstedInspectionFactory(school=sm, start_date=date(2025, 3, 4), special_measures=True)
    good = f.SchoolFactory(authority=a, name="Juniper Hill Primary School", trust_name="Severn Learning Trust")
    f.OfstedInspectionFactory(school=good, start_date=date(2024, 2, 1), overall_effectiveness=2)
    rc = f.SchoolFactory(authority=a, name="Dale End Nursery School", phase="nursery")
    f.OfstedInspectionFactory(school=rc, start_date=date(2026, 1, 20), report_card=True)
    f.SchoolFactory(authority=a, name="Old Closed School", status=School.Status.CLOSED)
    return world


def test_register_lists_the_authority_schools_with_latest_ofsted(client_for, register_world):
    response = client_for(register_world.qa_lead).get("/schools/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Faraway Primary School" not in html  # another authority
    assert "Kingsmoor Primary Academy" in html
    assert "Special measures (graded, Mar 2025)" in html  # the kind of the latest inspection, and its month
    assert "Report card (Jan 2026): lowest grade Needs attention" in html
    assert "7 schools." in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?phase=secondary", ["Riverside High School"]),
        ("?type_group=academies", ["Castleton Academy", "Kingsmoor Primary Academy"]),
        ("?status=closed", ["Old Closed School"]),
        ("?ofsted=special_measures", ["Kingsmoor Primary Academy"]),
        ("?ofsted=inadequate", ["Kingsmoor Primary Academy"]),
        ("?ofsted=good", ["Juniper Hill Primary School"]),
        ("?ofsted=report_card", ["Dale End Nursery School"]),
        ("?trust=Severn+Learning+Trust", ["Juniper Hill Primary School", "Kingsmoor Primary Academy"]),
        ("?q=river", ["Riverside High School"]),
    ],
)
def test_filters(client_for, register_world, query, expected):
    response = client_for(register_world.director).get("/schools/" + query)
    assert response.status_code == 200
    assert _names(response) == expected
    assert f"{len(expected)} school" in response.content.decode()


def test_filter_by_urn_and_qa_lead_in_the_authority_of_the_page(client_for, register_world):
    client = client_for(register_world.director)
    assert _names(client.get(f"/schools/?q={register_world.other_school.urn}")) == ["Castleton Academy"]
    assert _names(client.get(f"/schools/?qa_lead={register_world.qa_lead.pk}")) == ["Brookmead Primary School"]
    # The register is the schools of the authority the page is about: all seven of Demo Borough's.
    assert len(_names(client.get("/la/990/schools/"))) == 7
    assert client.get(f"/la/{register_world.other_authority.code}/schools/").status_code == 404


def test_invalid_filter_shows_an_error_not_a_500(client_for, register_world):
    response = client_for(register_world.director).get("/schools/?phase=castle")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_sorting_by_column_and_direction(client_for, register_world):
    client = client_for(register_world.director)
    html = client.get("/schools/?sort=-name").content.decode()
    assert html.index("Riverside High School") < html.index("Brookmead Primary School")
    assert 'aria-sort="descending"' in html
    html = client.get("/schools/?sort=urn").content.decode()
    assert html.index("Brookmead Primary School") < html.index("Riverside High School")


def test_pagination_keeps_the_filters(client_for, world):
    f.in_bulk(
        f.SchoolFactory,
        ({"urn": 700000 + i, "name": f"Paged Primary {i:03d}", "authority": world.authority} for i in range(60)),
    )
    client = client_for(world.director)
    page1 = client.get("/schools/?q=Paged").content.decode()
    assert "Page 1 of 2" in page1
    assert "q=Paged&amp;page=2" in page1
    page2 = client.get("/schools/?q=Paged&page=2").content.decode()
    assert "Paged Primary 059" in page2 and "Paged Primary 000" not in page2


@freeze_time("2026-11-24 10:00")
def test_csv_download_has_exactly_the_filtered_rows(client_for, register_world):
    response = client_for(register_world.director).get("/schools/download.csv?trust=Severn+Learning+Trust&sort=-name")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="demo-borough-schools-register-2026-11-24.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["School"] for r in rows] == ["Kingsmoor Primary Academy", "Juniper Hill Primary School"]
    assert rows[0]["Latest Ofsted inspection kind"] == "Graded"
    assert rows[0]["Latest Ofsted outcome"] == "Special measures (graded, Mar 2025)"
    assert rows[0]["Current category of concern"] == "Special measures"
    assert rows[0]["Latest Ofsted inspection"] == "04/03/2025"
    assert rows[0]["Authority has intervention powers"] == "No"


def test_xlsx_download_has_exactly_the_filtered_rows(client_for, register_world):
    response = client_for(register_world.director).get("/schools/download.xlsx?phase=nursery")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("URN", "LAESTAB", "School")
    assert [row[2] for row in rows[1:]] == ["Dale End Nursery School"]


def test_downloads_never_leak_other_authorities(client_for, register_world):
    response = client_for(register_world.outside_qa_lead).get("/schools/download.csv")
    names = [r["School"] for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))]
    assert names == ["Faraway Primary School"]


def test_heads_and_governors_see_only_their_school_in_the_register(client_for, register_world):
    for person in (register_world.head, register_world.chair):
        response = client_for(person).get("/schools/")
        assert _names(response) == ["Brookmead Primary School"]
        csv_names = [
            r["School"]
            for r in csv.DictReader(
                io.StringIO(client_for(person).get("/schools/download.csv").content.decode("utf-8-sig"))
            )
        ]
        assert csv_names == ["Brookmead Primary School"]


def _populate(authority, count, qa_leads):
    start = School.objects.count()
    schools = f.in_bulk(
        f.SchoolFactory,
        (
            {
                "urn": 500000 + start + i,
                "name": f"Bulk School {start + i}",
                "authority": authority,
                "qa_lead": qa_leads[i % len(qa_leads)],
                "trust_name": f"Trust {i % 7}",
            }
            for i in range(count)
        ),
    )
    f.in_bulk(
        f.OfstedInspectionFactory,
        (
            {
                "school": school,
                "start_date": date(2020, 1, 1) + timedelta(days=300 * n),
                "overall_effectiveness": 1 + (n + i) % 4,
                "category_of_concern": "SM" if (n + i) % 4 == 3 else "",
            }
            for i, school in enumerate(schools)
            for n in range(3)
        ),
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/schools/",
        "/schools/?ofsted=special_measures&sort=-ofsted",
        "/schools/?ofsted=needs_attention",
        "/schools/download.csv",
        "/schools/download.xlsx",
    ],
)
def test_register_queries_do_not_grow_with_schools(client_for, world, url):
    client = client_for(world.qa_lead)
    leads = [world.qa_lead, world.other_qa_lead]
    _populate(world.authority, 10, leads)
    client.get(url)  # warm caches (session, content types)
    small = _count_queries(client, url)
    _populate(world.authority, 490, leads)
    assert School.objects.filter(authority=world.authority).count() == 502
    large = _count_queries(client, url)
    assert small == large, f"{url}: {small} queries with 10 schools, {large} with 500"
