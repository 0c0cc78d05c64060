"""Issue 21: the API shows each person what the pages show them, in their token's authority, and nothing internal."""

import datetime as dt

import pytest
from freezegun import freeze_time

from qa_portal.accounts.roles import Role
from tests import factories as f
from tests.api.helpers import SECRET, api_get, build_api_world, key_for, results

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/schools/",
    "/api/v1/classifications/",
    "/api/v1/visits/",
    "/api/v1/notes/",
    "/api/v1/governance/boards/",
    "/api/v1/governance/conversations/",
]


@pytest.fixture
def aw():
    return build_api_world()


TODAY = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def test_a_heads_token_lists_only_their_school(aw):
    w = aw.world
    key = key_for(w.head, w.authority)
    assert [s["urn"] for s in results(api_get("/api/v1/schools/", key))] == [w.school.urn]
    assert api_get(f"/api/v1/schools/{w.school.urn}/", key).json()["name"] == "Brookmead Primary School"
    assert api_get(f"/api/v1/schools/{w.other_school.urn}/", key).status_code == 404
    assert api_get(f"/api/v1/schools/{w.outside_school.urn}/", key).status_code == 404


def test_a_head_sees_their_schools_published_classifications_current_and_past(aw):
    w = aw.world
    key = key_for(w.head, w.authority)
    rows = results(api_get("/api/v1/classifications/", key))
    assert [(r["id"], r["band"]["code"], r["is_current"], r["reasons"]) for r in rows] == [
        (aw.current.pk, "amber", True, ["Attendance is below 90%"]),
        (aw.past.pk, "yellow", False, ["Attendance fell last year"]),
    ]
    current = results(api_get("/api/v1/classifications/", key, current="true"))
    assert [r["id"] for r in current] == [aw.current.pk]
    assert api_get(f"/api/v1/classifications/{aw.proposed.pk}/", key).status_code == 404
    assert api_get(f"/api/v1/classifications/{aw.other_current.pk}/", key).status_code == 404


def test_officers_see_the_authoritys_schools_and_nothing_of_another(aw):
    w = aw.world
    for officer in (w.qa_lead, w.director, w.admin):
        key = key_for(officer, w.authority)
        urns = [s["urn"] for s in results(api_get("/api/v1/schools/", key))]
        assert urns == [w.school.urn, w.other_school.urn], officer
        ids = {r["id"] for r in results(api_get("/api/v1/classifications/", key))}
        assert ids == {aw.current.pk, aw.past.pk, aw.other_current.pk}
        assert api_get(f"/api/v1/schools/{w.outside_school.urn}/", key).status_code == 404


def test_an_outsiders_token_sees_nothing_of_the_authority(aw):
    w = aw.world
    key = key_for(w.outside_qa_lead, w.other_authority)
    assert [s["urn"] for s in results(api_get("/api/v1/schools/", key))] == [w.outside_school.urn]
    assert {r["id"] for r in results(api_get("/api/v1/classifications/", key))} == {aw.outside_current.pk}
    assert [v["id"] for v in results(api_get("/api/v1/visits/", key))] == [aw.outside_visit.pk]
    assert api_get(f"/api/v1/schools/{w.school.urn}/", key).status_code == 404
    assert api_get(f"/api/v1/visits/{aw.visit.pk}/", key).status_code == 404
    assert api_get(f"/api/v1/notes/{aw.note.pk}/", key).status_code == 404


def test_a_token_of_one_authority_never_shows_another_even_to_someone_working_in_both(aw):
    w = aw.world
    f.give_role(w.qa_lead, Role.QA_LEAD, authority=w.other_authority)
    key = key_for(w.qa_lead, w.authority)
    urns = [s["urn"] for s in results(api_get("/api/v1/schools/", key))]
    assert urns == [w.school.urn, w.other_school.urn]
    assert api_get(f"/api/v1/schools/{w.outside_school.urn}/", key).status_code == 404
    other_key = key_for(w.qa_lead, w.other_authority)
    assert [s["urn"] for s in results(api_get("/api/v1/schools/", other_key))] == [w.outside_school.urn]


def test_visits_carry_their_deadlines_and_a_head_sees_their_schools_only(aw):
    w = aw.world
    key = key_for(w.head, w.authority)
    rows = results(api_get("/api/v1/visits/", key))
    assert [r["school"]["urn"] for r in rows] == [w.school.urn, w.school.urn]
    meeting = rows[0]
    assert (meeting["agenda_due"], meeting["papers_due"], meeting["minutes_due"], meeting["minutes_sent_on"]) == (
        "2026-09-22",
        "2026-09-29",
        "2026-10-15",
        "2026-10-09",
    )
    assert api_get(f"/api/v1/visits/{aw.other_visit.pk}/", key).status_code == 404
    assert [r["id"] for r in results(api_get("/api/v1/visits/", key, status="planned"))] == []
    assert api_get("/api/v1/visits/", key, status="nonsense").status_code == 400


def test_published_notes_only_and_only_to_those_who_may_read_them(aw):
    w = aw.world
    for reader in (w.head, w.chair, w.qa_lead, w.director):
        rows = results(api_get("/api/v1/notes/", key_for(reader, w.authority)))
        assert [r["id"] for r in rows] == [aw.note.pk], reader
        assert rows[0]["next_steps"] == "Keep reading at the heart of the curriculum"
        assert "internal_comments" not in rows[0]
    # A governor who is not the chair reads no note on the pages, nor here.
    governor = f.governor(w.school)
    key = key_for(governor, w.authority)
    assert results(api_get("/api/v1/notes/", key)) == []
    assert api_get(f"/api/v1/notes/{aw.note.pk}/", key).status_code == 404
    officer_key = key_for(w.qa_lead, w.authority)
    assert api_get(f"/api/v1/notes/{aw.sent_note.pk}/", officer_key).status_code == 404
    assert api_get(f"/api/v1/notes/{aw.draft_note.pk}/", officer_key).status_code == 404


def test_nothing_internal_or_draft_in_any_response(aw):
    w = aw.world
    people = (w.qa_lead, w.director, w.admin, w.head, w.chair)
    for person in people:
        key = key_for(person, w.authority)
        for url in LISTS:
            response = api_get(url, key)
            assert response.status_code == 200, (person, url)
            assert SECRET not in response.content.decode(), (person, url)
        for url in (
            f"/api/v1/classifications/{aw.current.pk}/",
            f"/api/v1/notes/{aw.note.pk}/",
            f"/api/v1/governance/conversations/{aw.agreed.pk}/",
        ):
            assert SECRET not in api_get(url, key).content.decode()


def test_governance_records_as_the_pages_show_them(aw):
    w = aw.world
    chair_key = key_for(w.chair, w.authority)
    boards = results(api_get("/api/v1/governance/boards/", chair_key))
    assert [(b["school"]["urn"], b["size"], b["vacancies"]["vacancies"]) for b in boards] == [(w.school.urn, 10, 10)]
    rows = results(api_get("/api/v1/governance/conversations/", chair_key))
    assert [(r["id"], r["status"], r["outcome_summary"]) for r in rows] == [
        (aw.agreed.pk, "agreed", "The board knows its school well")
    ]
    director_key = key_for(w.director, w.authority)
    ids = [r["id"] for r in results(api_get("/api/v1/governance/conversations/", director_key))]
    assert ids == [aw.agreed.pk]  # the other school's checklist is still in progress: a draft
    assert api_get(f"/api/v1/governance/conversations/{aw.draft_conversation.pk}/", director_key).status_code == 404
    assert api_get(f"/api/v1/governance/boards/{w.other_school.urn}/", chair_key).status_code == 404


def test_dashboard_tables_for_directors_only():
    with freeze_time(TODAY):  # the dashboard counts as of today
        aw = build_api_world()
        w = aw.world
        key = key_for(w.director, w.authority)
        tables = api_get("/api/v1/dashboard/tables/", key).json()
        table = api_get("/api/v1/dashboard/tables/schools-per-band/", key).json()
        missing = api_get("/api/v1/dashboard/tables/no-such-table/", key)
        bad_filter = api_get("/api/v1/dashboard/tables/", key, phase="nonsense")
        refused = [
            api_get(url, key_for(person, w.authority)).status_code
            for person in (w.qa_lead, w.admin, w.head, w.chair)
            for url in ("/api/v1/dashboard/tables/", "/api/v1/dashboard/tables/schools-per-band/")
        ]
    assert tables[0] == {"slug": "schools-per-band", "caption": "Schools per band"}
    assert "band-against-ofsted" in [t["slug"] for t in tables]
    assert table["headers"] == ["Framework", "Band", "Schools now", "Schools on 24 November 2025"]
    assert [row[1:] for row in table["rows"]] == [
        ["Green", 1, 0],
        ["Yellow", 0, 1],
        ["Amber", 1, 0],
        ["Not yet classified", 0, 1],
    ]
    assert (missing.status_code, missing.json()) == (404, {"detail": "No dashboard table with that name."})
    assert bad_filter.status_code == 400
    assert refused == [403] * 8
