"""Role homes: a fixed number of queries whatever the data size, and only the role's own scope."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from classification.models import Classification
from qa_portal.accounts.models import User
from tests.base import sign_in
from visits.models import Visit, VisitNote

from .builders import build_authority

pytestmark = pytest.mark.django_db

HOMES = [
    ("leads", "qa-lead"),
    ("director", "director"),
    ("head", "headteacher"),
    ("chair", "governor"),
    ("admin", "admin"),
]


def person(data, key):
    return data[key][0] if key == "leads" else data[key]


def home_queries(client, data, key, slug):
    sign_in(client, person(data, key))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home-for-role", kwargs={"role": slug}))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("key", "slug"), HOMES)
def test_each_home_runs_the_same_number_of_queries_at_ten_times_the_data(client, key, slug):
    with freeze_time("2026-11-24 10:00"):
        small = build_authority(4, seed=11, code="911", name="Small Borough")
        large = build_authority(40, seed=12, code="912", name="Large Borough")
        small_count = home_queries(client, small, key, slug)
        large_count = home_queries(client, large, key, slug)
    assert small_count == large_count, f"{slug} home: {small_count} queries at 4 schools, {large_count} at 40"


def test_headteacher_home_shows_only_their_school_and_nothing_unpublished(client):
    with freeze_time("2026-11-24 10:00"):
        data = build_authority(12, seed=13)
        own, others = data["schools"][0], data["schools"][1:]
        # School 0's held meeting has minutes sent to the head (the same at every size): back to a draft.
        note = VisitNote.objects.get(visit__school=own, status="sent")
        note.status, note.next_steps = "draft", "DRAFT-ONLY next steps"
        note.save()
        proposal = Classification.objects.get(school=own, status="proposed")
        proposal.rationale = "INTERNAL-ONLY rationale"
        proposal.save()
        sign_in(client, data["head"])
        page = client.get(reverse("home-for-role", kwargs={"role": "headteacher"})).content.decode()
    assert own.name in page
    for school in others:
        assert school.name not in page
    assert "DRAFT-ONLY" not in page
    assert "INTERNAL-ONLY" not in page


def test_qa_lead_home_lists_only_their_schools_with_band_and_next_visit(client):
    with freeze_time("2026-11-24 10:00"):
        data = build_authority(10, seed=14)
        lead = data["leads"][0]
        sign_in(client, lead)
        page = client.get(reverse("home-for-role", kwargs={"role": "qa-lead"})).content.decode()
    for school in data["schools"]:
        if school.qa_lead_id == lead.pk:
            assert school.name in page
        else:
            assert f">{school.name}<" not in page
    for school in data["schools"]:
        if school.qa_lead_id != lead.pk:
            continue
        upcoming = (
            Visit.objects.filter(
                school=school, planned_date__gte=date(2026, 11, 24), status__in=["planned", "confirmed"]
            )
            .order_by("planned_date", "pk")
            .first()
        )
        expected = f"{upcoming.visit_type.name}, {upcoming.planned_date:%-d %b %Y}" if upcoming else "None planned"
        assert expected in page, school.name


def test_governor_home_shows_vacancies_next_conversation_and_notes_for_the_chair_only(client):
    with freeze_time("2026-11-24 10:00"):
        call_command("seed_demo", "--demo-passwords", verbosity=0)
        chair = User.objects.get(email="chair@demo.example")
        governor = User.objects.get(email="governor@demo.example")
        school_id = next(iter(chair.school_ids_for("governor")))
        published = VisitNote.objects.filter(visit__school_id=school_id, status="published").select_related(
            "visit__visit_type"
        )
        assert published.count() == 1, "the demo school has a published note"
        sign_in(client, chair)
        chair_page = client.get(reverse("home-for-role", kwargs={"role": "governor"})).content.decode()
        sign_in(client, governor)
        governor_page = client.get(reverse("home-for-role", kwargs={"role": "governor"})).content.decode()
    assert "Vacancies" in chair_page and "Terms ending in the next 3 months" in chair_page
    assert "Next governance conversation" in chair_page
    for note in published:
        assert reverse("visits:note", args=[note.visit.pk]) in chair_page
        assert reverse("visits:note", args=[note.visit.pk]) not in governor_page
    assert "Notes of visit are sent to the chair of governors" in governor_page
