"""Assigning QA leads (issue 15): on the school page and in bulk from the register, by the authority admin only;
the lead must be a QA lead of the school's authority; reassignment moves the school's future unconfirmed visits to
the new lead (on a free day), tells both leads and the head, and is kept in the school's history; the admin's
home lists the schools without a lead."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from qa_portal.notifications.models import Notification
from schools.models import School
from schools.services import school_qa_lead_assign
from tests import factories as f
from tests.base import main_content, url_in
from visits.models import ClosureDay, Visit

pytestmark = pytest.mark.django_db

TODAY = f.TODAY  # Tuesday 24 November 2026, autumn term 2026/27 (2 September to 18 December)


@pytest.fixture(autouse=True)
def clock():
    with freeze_time("2026-11-24 10:00"):
        yield


def _name(person):
    return person.get_full_name()


# --- who may ----------------------------------------------------------------------------------------------


def test_the_authority_admin_opens_the_form_from_the_school_page(client_for, world):
    client = client_for(world.admin)
    page = client.get(f"/schools/{world.school.urn}/").content.decode()
    assert "Change the QA lead" in page
    form = client.get(f"/schools/{world.school.urn}/qa-lead/")
    assert form.status_code == 200
    assert _name(world.other_qa_lead) in form.content.decode()


@pytest.mark.parametrize("person", ["qa_lead", "director", "head", "chair"])
def test_other_roles_may_not_assign_a_qa_lead(client_for, world, person):
    client = client_for(getattr(world, person))
    assert "Change the QA lead" not in client.get(f"/schools/{world.school.urn}/").content.decode()
    assert client.get(f"/schools/{world.school.urn}/qa-lead/").status_code == 403
    posted = client.post(f"/schools/{world.school.urn}/qa-lead/", {"qa_lead": world.other_qa_lead.pk})
    assert posted.status_code == 403
    bulk = client.post("/schools/", {"schools": [world.school.pk], "qa_lead": world.other_qa_lead.pk})
    assert bulk.status_code == 403
    assert 'name="schools"' not in client.get("/schools/").content.decode()
    world.school.refresh_from_db()
    assert world.school.qa_lead == world.qa_lead


def test_another_authoritys_admin_cannot_reach_the_school(client_for, world):
    client = client_for(world.outside_admin)
    assert client.get(f"/schools/{world.school.urn}/qa-lead/").status_code == 404
    assert client.get(url_in(world.authority, "schools:qa-lead-edit", world.school.urn)).status_code == 404
    assert client.post(url_in(world.authority, "schools:register"), {"qa_lead": 1}).status_code == 404
    # In their own register, a school of another authority is not one they can choose.
    response = client.post("/schools/", {"schools": [world.school.pk], "qa_lead": world.outside_qa_lead.pk})
    assert response.status_code == 200
    assert "Choose schools from the register" in response.content.decode()
    world.school.refresh_from_db()
    assert world.school.qa_lead == world.qa_lead


def test_the_service_refuses_someone_who_may_not_assign(world):
    with pytest.raises(PermissionDenied):
        school_qa_lead_assign(schools=[world.school], qa_lead=world.other_qa_lead, user=world.director)
    with pytest.raises(PermissionDenied):
        school_qa_lead_assign(schools=[world.school], qa_lead=world.other_qa_lead, user=world.outside_admin)


# --- validation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["director", "outside_qa_lead", "head"])
def test_only_a_qa_lead_of_the_authority_can_be_assigned(world, person):
    candidate = getattr(world, person)
    with pytest.raises(ValidationError) as refused:
        school_qa_lead_assign(schools=[world.school], qa_lead=candidate, user=world.admin)
    assert refused.value.message_dict == {"qa_lead": [f"{_name(candidate)} is not a QA lead in Demo Borough"]}
    world.school.refresh_from_db()
    assert world.school.qa_lead == world.qa_lead


def test_a_qa_lead_who_can_no_longer_sign_in_is_refused(world):
    world.other_qa_lead.is_active = False
    world.other_qa_lead.save()
    with pytest.raises(ValidationError):
        school_qa_lead_assign(schools=[world.school], qa_lead=world.other_qa_lead, user=world.admin)


def test_schools_of_another_authority_are_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        school_qa_lead_assign(
            schools=[world.other_school, world.outside_school],
            qa_lead=world.qa_lead,
            user=world.admin,
            authority=world.authority,
        )
    assert refused.value.message_dict == {"schools": ["Faraway Primary School is not a school of Demo Borough"]}
    world.other_school.refresh_from_db()
    assert world.other_school.qa_lead == world.other_qa_lead


def test_the_form_refuses_a_person_who_is_not_a_qa_lead_here_with_a_message(client_for, world):
    client = client_for(world.admin)
    response = client.post(f"/schools/{world.school.urn}/qa-lead/", {"qa_lead": world.outside_qa_lead.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "Choose a QA lead from the list" in page
    assert client.post(f"/schools/{world.school.urn}/qa-lead/", {"qa_lead": ""}).status_code == 200
    bulk = client.post("/schools/", {"qa_lead": world.qa_lead.pk})
    assert "Choose at least one school" in bulk.content.decode()
    world.school.refresh_from_db()
    assert world.school.qa_lead == world.qa_lead


# --- assigning ----------------------------------------------------------------------------------------------


def test_the_admin_assigns_a_lead_to_three_schools_from_the_register(
    client_for, world, django_capture_on_commit_callbacks
):
    new = [f.SchoolFactory(authority=world.authority, name=f"New School {n}") for n in (1, 2, 3)]
    client = client_for(world.admin)
    register = client.get("/schools/").content.decode()
    assert "Select New School 1" in register  # each checkbox's label names its school
    assert "Assign QA lead" in register
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/schools/?phase=primary", {"schools": [s.pk for s in new], "qa_lead": world.other_qa_lead.pk}
        )
    assert response.status_code == 302
    assert response["Location"] == "/la/990/schools/?phase=primary"
    assert {s.qa_lead for s in School.objects.filter(pk__in=[s.pk for s in new])} == {world.other_qa_lead}
    followed = main_content(client.get("/schools/?phase=primary"))
    assert f"{_name(world.other_qa_lead)} is now the QA lead for 3 schools" in followed
    home = client_for(world.other_qa_lead).get("/home/qa-lead/").content.decode()
    for school in new:
        assert school.name in home


def test_assigning_the_same_lead_again_changes_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = school_qa_lead_assign(schools=[world.school], qa_lead=world.qa_lead, user=world.admin)
    assert result.changed == []
    assert result.unchanged == [world.school]
    assert Notification.objects.count() == 0


def test_reassignment_is_kept_in_the_schools_history_and_shown_on_its_page(client_for, world):
    school_qa_lead_assign(schools=[world.school], qa_lead=world.other_qa_lead, user=world.admin)
    latest = world.school.history.first()
    assert latest.qa_lead_id == world.other_qa_lead.pk
    assert latest.history_user == world.admin
    leads = list(world.school.history.values_list("qa_lead_id", flat=True)[:2])  # newest first
    assert leads == [world.other_qa_lead.pk, world.qa_lead.pk]
    page = main_content(client_for(world.director).get(f"/schools/{world.school.urn}/"))
    assert f"{_name(world.other_qa_lead)} became the QA lead (assigned by {_name(world.admin)})" in page


def test_both_leads_and_the_head_are_notified_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        school_qa_lead_assign(schools=[world.school], qa_lead=world.other_qa_lead, user=world.admin)
    assert len(callbacks) >= 1
    rows = Notification.objects.filter(kind="qa_lead_assigned")
    assert {row.recipient for row in rows} == {world.other_qa_lead, world.qa_lead, world.head}
    new, old = _name(world.other_qa_lead), _name(world.qa_lead)
    text = f"{new} is now the QA lead for Brookmead Primary School, after {old}."
    assert {row.text for row in rows} == {text}
    assert {row.url for row in rows} == {f"/la/990/schools/{world.school.urn}/"}
    assert {row.authority for row in rows} == {world.authority}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.other_qa_lead.email, world.qa_lead.email, world.head.email]
    )
    assert world.chair not in {row.recipient for row in rows}


def test_nobody_is_notified_when_the_assignment_is_rolled_back(world):
    # Without the on-commit callbacks running (the test's transaction never commits), nothing is sent.
    school_qa_lead_assign(schools=[world.school], qa_lead=world.other_qa_lead, user=world.admin)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


# --- visits follow the lead -------------------------------------------------------------------------------


def test_future_unconfirmed_visits_move_to_the_new_lead_and_the_others_stay(world):
    old, new, school = world.qa_lead, world.other_qa_lead, world.school
    future = f.visit(school, on=dt.date(2026, 12, 1))
    today = f.visit(school, code="interim_visit", on=TODAY)
    confirmed = f.visit(school, code="desktop_review", on=dt.date(2026, 12, 8), status=Visit.Status.CONFIRMED)
    held = f.visit(school, code="interim_visit", sequence=2, on=dt.date(2026, 11, 10), status=Visit.Status.HELD)
    past_planned = f.visit(school, code="interim_visit", sequence=3, on=dt.date(2026, 11, 17))
    spring = f.visit(school, term="spring", on=dt.date(2027, 2, 2))
    result = school_qa_lead_assign(schools=[school], qa_lead=new, user=world.admin)
    for visit in (future, today, confirmed, held, past_planned, spring):
        visit.refresh_from_db()
    assert [future.qa_lead, today.qa_lead, spring.qa_lead] == [new, new, new]
    assert [confirmed.qa_lead, held.qa_lead, past_planned.qa_lead] == [old, old, old]
    assert [future.planned_date, today.planned_date, spring.planned_date] == [
        dt.date(2026, 12, 1),
        TODAY,
        dt.date(2027, 2, 2),
    ]
    assert future.updated_by == world.admin
    assert future.history.first().qa_lead_id == new.pk
    assert result.messages() == [f"3 future visits to Brookmead Primary School moved to {_name(new)}."]


def test_a_visit_on_a_day_the_new_lead_is_busy_moves_to_the_nearest_free_school_day(world):
    new, school = world.other_qa_lead, world.school
    f.visit(world.other_school, on=dt.date(2026, 12, 3))  # the new lead's own school, Thursday
    f.visit(world.other_school, code="interim_visit", on=dt.date(2026, 12, 4))  # and Friday
    ClosureDay.objects.create(authority=world.authority, date=dt.date(2026, 12, 2), reason="INSET day")
    own = f.visit(school, code="interim_visit", on=dt.date(2026, 12, 1))  # the school's own visit, Tuesday
    clash = f.visit(school, on=dt.date(2026, 12, 3))
    result = school_qa_lead_assign(schools=[school], qa_lead=new, user=world.admin)
    clash.refresh_from_db()
    own.refresh_from_db()
    # Not Friday 4th (busy), Wednesday 2nd (closure) nor Tuesday 1st (the school's own visit): Monday 7th.
    assert clash.planned_date == dt.date(2026, 12, 7)
    assert clash.qa_lead == new
    assert clash.agenda_due is not None or clash.papers_due is None  # deadlines were worked out again
    assert own.planned_date == dt.date(2026, 12, 1)
    assert result.messages()[1] == (
        f"QA visit at Brookmead Primary School moved from 3 December 2026 to 7 December 2026: {_name(new)} already "
        "had a visit on 3 December 2026."
    )


def test_a_visit_keeps_its_date_when_the_new_lead_has_no_free_day_left_in_the_term(world):
    new, school = world.other_qa_lead, world.school
    day = dt.date(2026, 11, 25)
    while day <= dt.date(2026, 12, 18):
        if day.weekday() < 5:
            f.visit(world.other_school, on=day, extra=True)
        day += dt.timedelta(days=1)
    clash = f.visit(school, on=dt.date(2026, 12, 9))
    result = school_qa_lead_assign(schools=[school], qa_lead=new, user=world.admin)
    clash.refresh_from_db()
    assert clash.planned_date == dt.date(2026, 12, 9)
    assert clash.qa_lead == new
    visits = result.changed[0].results[0]
    assert visits.clashes == [clash]
    assert result.messages()[-1] == (
        f"QA visit at Brookmead Primary School kept its date, 9 December 2026, although {_name(new)} has another "
        "visit that day: there is no free school day left in that term."
    )


def test_the_page_tells_the_admin_what_moved(client_for, world):
    f.visit(world.other_school, on=dt.date(2026, 12, 3))
    f.visit(world.school, on=dt.date(2026, 12, 3))
    client = client_for(world.admin)
    response = client.post(f"/schools/{world.school.urn}/qa-lead/", {"qa_lead": world.other_qa_lead.pk}, follow=True)
    page = main_content(response)
    assert f"{_name(world.other_qa_lead)} is now the QA lead for Brookmead Primary School." in page
    assert "moved from 3 December 2026 to 4 December 2026" in page


# --- the admin's home -------------------------------------------------------------------------------------


def test_the_admins_home_lists_schools_without_a_lead_and_the_count_drops(client_for, world):
    new = [f.SchoolFactory(authority=world.authority, name=f"Unled School {n}") for n in (1, 2, 3)]
    f.SchoolFactory(authority=world.authority, name="Shut School", status=School.Status.CLOSED)
    f.SchoolFactory(authority=world.other_authority, name="Someone Else's School")
    client = client_for(world.admin)
    home = main_content(client.get("/home/admin/"))
    assert "3 open schools have no QA lead." in home
    for school in new:
        assert f'href="/la/990/schools/{school.urn}/"' in home
    assert "Shut School" not in home
    assert "Someone Else" not in home
    school_qa_lead_assign(schools=new[:2], qa_lead=world.qa_lead, user=world.admin)
    home = main_content(client.get("/home/admin/"))
    assert "1 open school has no QA lead." in home
    assert "Unled School 1" not in home
    school_qa_lead_assign(schools=new[2:], qa_lead=world.qa_lead, user=world.admin)
    assert "Every open school has a QA lead." in main_content(client.get("/home/admin/"))
