"""Home panels, the school page panel's query count and page scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from classification import services
from classification.models import Band
from classification.panels import classification_panel, director_panel, headteacher_panel
from tests import factories as f
from tests.base import sign_in

from .helpers import assess

pytestmark = pytest.mark.django_db


@freeze_time("2026-11-24 10:00:00")
def test_director_home_lists_proposals_awaiting_confirmation(world, client_for):
    f.preset_framework("telford-wrekin-2024", world.authority)
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    services.classification_propose(
        assessment=assessment,
        band=Band.objects.get(code="amber"),
        rationale="More concerns on the visit",
        user=world.qa_lead,
    )
    home = client_for(world.director).get(reverse("home"), follow=True).content.decode()
    assert "Proposals awaiting your confirmation" in home
    assert "Brookmead Primary School" in home
    assert "Amber (differs from the suggestion)" in home
    outside = client_for(world.outside_director).get(reverse("home"), follow=True).content.decode()
    assert "Brookmead" not in outside
    _template, context = director_panel(world.outside_director, world.other_authority)
    assert context["awaiting"] == []


@freeze_time("2026-11-24 10:00:00")
def test_qa_lead_home_lists_assessments_due(world, client_for):
    f.preset_framework("telford-wrekin-2024", world.authority)
    home = client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode()
    assert "Assessments due this year" in home
    assert "Brookmead Primary School" in home
    assess(world.school, world.qa_lead)
    home = client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode()
    assert "Every one of your schools has been assessed this academic year" in home


@freeze_time("2026-11-24 10:00:00")
def test_school_panel_runs_a_fixed_number_of_queries(world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    request = RequestFactory().get("/")
    request.user = world.head
    f.published_classification(
        world.school, framework.bands.get(code="green"), by=world.qa_lead, since=dt.date(2024, 9, 1)
    )
    classification_panel(request, world.school)  # warm the person's role cache
    with CaptureQueriesContext(connection) as few:
        classification_panel(request, world.school)
    for since, code in [
        (dt.date(2025, 1, 6), "yellow"),
        (dt.date(2025, 10, 6), "amber"),
        (dt.date(2026, 4, 20), "yellow"),
    ]:
        f.published_classification(world.school, framework.bands.get(code=code), since=since, by=world.qa_lead)
    with CaptureQueriesContext(connection) as many:
        _template, context = classification_panel(request, world.school)
    assert len(many) == len(few)
    assert [run["band"].code for run in context["timeline"]] == ["green", "yellow", "amber", "yellow"]
    assert context["timeline"][-1]["to"] is None
    assert [run["duration"] for run in context["timeline"]] == ["4 months", "9 months", "6 months", "7 months"]


def test_headteacher_home_panel_for_an_unclassified_school(world):
    _template, context = headteacher_panel(world.head, world.authority)
    assert context["rows"] == [(world.school, None)]


def test_decisions_list_is_for_qa_leads_and_directors_only(world, client_for):
    # The head works in the authority (in scope) but their role may not see its decisions: 403.
    assert client_for(world.head).get(reverse("classification:decisions")).status_code == 403
    assert client_for(world.admin).get(reverse("classification:decisions")).status_code == 403
    assert client_for(world.qa_lead).get(reverse("classification:decisions")).status_code == 200
    assert client_for(world.director).get(reverse("classification:decisions")).status_code == 200


@freeze_time("2026-11-24 10:00:00")
def test_assessment_page_shows_the_trigger_and_the_indicator_evidence(world, client_for):
    f.preset_framework("worcestershire-2017", world.authority)
    f.OfstedInspectionFactory(school=world.school, serious_weaknesses=True)
    f.indicator_values(world.school, persistent_absence_pct=12.5)
    assessment = assess(world.school, world.qa_lead)
    url = reverse("classification:assessment", kwargs={"pk": assessment.pk})
    page = client_for(world.qa_lead).get(url).content.decode()
    assert "Automatic trigger" in page
    assert "Ofsted serious weaknesses or special measures: automatically Intensive Support" in page
    assert "Persistent absence" in page and "12.5%" in page
    assert "Save and update the suggestion" in page
    # Another QA lead of the authority may read it but not change it; an outsider gets 404.
    other = client_for(world.other_qa_lead).get(url).content.decode()
    assert "Save and update the suggestion" not in other
    assert client_for(world.outside_qa_lead).get(url).status_code == 404


def test_django_admin_lists_frameworks_and_bands(world, client):
    framework = f.preset_framework("telford-wrekin-2014", world.authority)
    superuser = f.UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, superuser)
    assert client.get(reverse("admin:classification_framework_changelist")).status_code == 200
    page = client.get(reverse("admin:classification_framework_change", args=[framework.pk]))
    assert page.status_code == 200
    assert "Category 4b" in page.content.decode()
    assert client.get(reverse("admin:classification_band_changelist")).status_code == 200
