"""Scope answers 404 (nothing is revealed), a forbidden action answers 403, anonymous people go to sign in."""

import pytest
from django.urls import reverse

from .base import url_in

pytestmark = pytest.mark.django_db


def school_url(school, name="schools:detail"):
    return reverse(name, kwargs={"urn": school.urn})


@pytest.mark.parametrize("url_name", ["home", "schools:register", "accounts:people", "jobs:list"])
def test_anonymous_people_are_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:sign-in')}?next={reverse(url_name)}"


def test_anonymous_school_page_is_sent_to_sign_in_with_next(client, world):
    response = client.get(school_url(world.school))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:sign-in')}?next={school_url(world.school)}"


def test_headteacher_sees_own_school_and_gets_404_for_another(client_for, world):
    client = client_for(world.head)
    assert client.get(school_url(world.school)).status_code == 200
    assert client.get(school_url(world.other_school)).status_code == 404
    assert client.get(school_url(world.outside_school)).status_code == 404


def test_governor_sees_own_school_and_gets_404_for_another(client_for, world):
    client = client_for(world.chair)
    assert client.get(school_url(world.school)).status_code == 200
    assert client.get(school_url(world.other_school)).status_code == 404


def test_governor_gets_403_on_a_qa_lead_only_action(client_for, world):
    client = client_for(world.chair)
    url = school_url(world.school, "schools:contacts-edit")
    assert client.get(url).status_code == 403
    response = client.post(url, {"telephone": "01632 000000", "email": "", "website": ""})
    assert response.status_code == 403
    world.school.refresh_from_db()
    assert world.school.telephone == ""


def test_headteacher_gets_403_on_a_qa_lead_only_action(client_for, world):
    assert client_for(world.head).get(school_url(world.school, "schools:contacts-edit")).status_code == 403


def test_assigned_qa_lead_can_take_the_action(client_for, world):
    client = client_for(world.qa_lead)
    url = school_url(world.school, "schools:contacts-edit")
    response = client.post(url, {"telephone": "01632 960123", "email": "office@brookmead.sch.uk", "website": ""})
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.telephone == "01632 960123"
    assert world.school.history.first().history_user == world.qa_lead


def test_qa_lead_of_another_school_may_read_but_not_edit(client_for, world):
    client = client_for(world.other_qa_lead)
    assert client.get(school_url(world.school)).status_code == 200
    assert client.get(school_url(world.school, "schools:contacts-edit")).status_code == 403


def test_officers_of_another_authority_get_404(client_for, world):
    for user in (world.outside_qa_lead, world.outside_director, world.outside_admin):
        client = client_for(user)
        assert client.get(school_url(world.school)).status_code == 404
        assert client.get(school_url(world.school, "schools:contacts-edit")).status_code == 404


def test_register_lists_only_schools_in_scope(client_for, world):
    page = client_for(world.director).get(reverse("schools:register")).content.decode()
    assert world.school.name in page and world.other_school.name in page
    assert world.outside_school.name not in page


def test_heads_and_governors_do_not_see_other_schools_in_the_register(client_for, world):
    for user in (world.head, world.chair):
        page = client_for(user).get(reverse("schools:register")).content.decode()
        assert world.other_school.name not in page
        assert world.outside_school.name not in page


def test_role_homes_are_only_for_people_holding_the_role(client_for, world):
    client = client_for(world.head)
    assert client.get(reverse("home-for-role", kwargs={"role": "headteacher"})).status_code == 200
    assert client.get(reverse("home-for-role", kwargs={"role": "director"})).status_code == 403
    assert client.get(reverse("home-for-role", kwargs={"role": "no-such-role"})).status_code == 404


@pytest.mark.parametrize(
    ("person", "home"),
    [
        ("qa_lead", "qa-lead"),
        ("director", "director"),
        ("admin", "admin"),
        ("head", "headteacher"),
        ("chair", "governor"),
    ],
)
def test_each_role_lands_on_its_home(client_for, world, person, home):
    response = client_for(getattr(world, person)).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == url_in(world.authority, "home-for-role", role=home)
    assert response.url == f"/la/990/home/{home}/"


def test_people_pages_are_for_authority_admins_only(client_for, world):
    assert client_for(world.admin).get(reverse("accounts:people")).status_code == 200
    for user in (world.qa_lead, world.director, world.head, world.chair):
        assert client_for(user).get(reverse("accounts:people")).status_code == 403
        assert client_for(user).get(reverse("accounts:person-add")).status_code == 403


def test_admin_cannot_open_another_authority_people_page(client_for, world):
    response = client_for(world.admin).get(url_in(world.other_authority, "accounts:people"))
    assert response.status_code == 404
