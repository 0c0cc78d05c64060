"""The audit log: every audited model's history in one list, for the authority's directors and admins."""

import pytest
from django.apps import apps
from freezegun import freeze_time

from classification.services import classification_propose, classification_return
from governance.services import board_save
from records.audited import AUDITED
from tests import factories as f
from tests.base import url_in

from .helpers import table_rows

pytestmark = pytest.mark.django_db


def _propose(world, school, rationale):
    framework, bands = f.framework_with_bands(school.authority)
    assessment = f.assessment_of(school, framework)
    return classification_propose(assessment=assessment, band=bands["yellow"], rationale=rationale, user=world.qa_lead)


def test_every_model_with_history_is_on_the_log():
    audited = {entry.model for entry in AUDITED}
    with_history = {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    }
    assert with_history == audited


def test_a_change_made_through_a_service_shows_who_what_when_and_why(world, client_for):
    with freeze_time("2026-12-02 10:42"):
        classification = _propose(world, world.school, "Attendance is the main concern.")
    with freeze_time("2026-12-03 09:15"):
        classification_return(classification=classification, user=world.director, comment="Say more")
    with freeze_time("2026-12-04 12:00"):
        response = client_for(world.director).get(
            url_in(world.authority, "records:audit-log"), {"school": world.school.pk}
        )
    assert response.status_code == 200
    assert [row for row in table_rows(response) if row[2].startswith("Classification")] == [
        (
            "3 December 2026 at 9:15am",
            world.director.get_full_name(),
            "Classification of Brookmead Primary School — changed: status, decided by, decided at, decision comment",
            "Changed",
            "Attendance is the main concern.",
        ),
        (
            "2 December 2026 at 10:42am",
            world.qa_lead.get_full_name(),
            "Classification of Brookmead Primary School",
            "Created",
            "Attendance is the main concern.",
        ),
    ]


def test_filters_by_school_person_and_date_narrow_the_rows_exactly(world, client_for):
    # Years after the world was made (on the suite's clock), so "from 1 January 2035" leaves only these changes.
    with freeze_time("2035-11-02 10:00"):
        board_save(school=world.school, user=world.qa_lead, size=9)
    with freeze_time("2035-11-10 10:00"):
        board_save(school=world.other_school, user=world.qa_lead, size=7)
    with freeze_time("2035-11-20 10:00"):
        board_save(school=world.school, user=world.admin, size=10)
    since = {"date_from_0": "1", "date_from_1": "1", "date_from_2": "2035"}
    with freeze_time("2035-12-01 12:00"):
        client = client_for(world.admin)
        url = url_in(world.authority, "records:audit-log")
        everything = table_rows(client.get(url, since))
        by_school = table_rows(client.get(url, {**since, "school": world.school.pk}))
        by_person = table_rows(client.get(url, {**since, "person": world.qa_lead.pk}))
        by_dates = table_rows(
            client.get(
                url,
                {
                    **since,
                    "date_from_0": "5",
                    "date_from_1": "11",
                    "date_to_0": "15",
                    "date_to_1": "11",
                    "date_to_2": "2035",
                },
            )
        )
        wrong = client.get(
            url,
            {
                "date_from_0": "15",
                "date_from_1": "11",
                "date_from_2": "2035",
                "date_to_0": "5",
                "date_to_1": "11",
                "date_to_2": "2035",
            },
        )
    board = "Governing board of Brookmead Primary School"
    other_board = "Governing board of Castleton Academy"
    qa_lead, admin = world.qa_lead.get_full_name(), world.admin.get_full_name()
    assert [row[:4] for row in everything] == [
        ("20 November 2035 at 10am", admin, f"{board} — changed: number of governor places", "Changed"),
        ("10 November 2035 at 10am", qa_lead, other_board, "Created"),
        ("2 November 2035 at 10am", qa_lead, board, "Created"),
    ]
    assert [row[:3] for row in by_school] == [
        ("20 November 2035 at 10am", admin, f"{board} — changed: number of governor places"),
        ("2 November 2035 at 10am", qa_lead, board),
    ]
    assert [row[:3] for row in by_person] == [
        ("10 November 2035 at 10am", qa_lead, other_board),
        ("2 November 2035 at 10am", qa_lead, board),
    ]
    assert [row[:3] for row in by_dates] == [("10 November 2035 at 10am", qa_lead, other_board)]
    assert wrong.status_code == 200
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in wrong.content.decode()


def test_another_authoritys_changes_never_appear(world, client_for):
    with freeze_time("2026-11-02 10:00"):
        board_save(school=world.outside_school, user=world.outside_qa_lead, size=9)
        board_save(school=world.school, user=world.qa_lead, size=9)
        response = client_for(world.director).get(url_in(world.authority, "records:audit-log"))
    page = response.content.decode()
    assert "Governing board of Brookmead Primary School" in page
    assert "Faraway Primary School" not in page
    assert world.outside_qa_lead.get_full_name() not in page


@pytest.mark.parametrize("who", ["head", "qa_lead", "chair"])
def test_heads_qa_leads_and_governors_may_not_read_it(world, client_for, who):
    response = client_for(getattr(world, who)).get(url_in(world.authority, "records:audit-log"))
    assert response.status_code == 403


def test_a_director_of_another_authority_gets_404(world, client_for):
    response = client_for(world.outside_director).get(url_in(world.authority, "records:audit-log"))
    assert response.status_code == 404


def test_the_log_is_paginated_fifty_rows_a_page(world, client_for):
    with freeze_time("2026-11-02 10:00"):
        for number in range(51):
            f.SchoolFactory(authority=world.authority, name=f"School {number}")
        response = client_for(world.admin).get(url_in(world.authority, "records:audit-log"))
    assert len(table_rows(response)) == 50
    assert "Page 1 of 2" in response.content.decode()


def test_the_navigation_links_to_it_for_directors_and_admins_only(world, client_for):
    label = ">Audit log<"
    assert label in client_for(world.director).get(url_in(world.authority, "records:audit-log")).content.decode()
    assert label not in client_for(world.head).get(url_in(world.authority, "home")).content.decode()
