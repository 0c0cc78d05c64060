"""The authority a page is about: resolved once from the URL (or the person's choice), validated against their roles,
carried by every link, form, redirect, download and job (qa_portal.accounts.context)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from dashboards.models import TermlyReport
from qa_portal.accounts.models import RoleAssignment
from qa_portal.accounts.roles import Role
from qa_portal.jobs.models import Job
from tests import factories as f
from visits.models import Term

from .base import second_factor_device, totp_code, url_in

pytestmark = pytest.mark.django_db

SPRING_2027 = {
    **{f"starts_on_{i}": v for i, v in enumerate(("5", "1", "2027"))},
    **{f"half_term_break_starts_{i}": v for i, v in enumerate(("15", "2", "2027"))},
    **{f"half_term_break_ends_{i}": v for i, v in enumerate(("19", "2", "2027"))},
    **{f"ends_on_{i}": v for i, v in enumerate(("26", "3", "2027"))},
}


@pytest.fixture
def second_authority(world):
    """world.director and world.admin also work in Elsewhere Council (as officers of shared services do)."""
    f.give_role(world.director, Role.DIRECTOR, authority=world.other_authority)
    f.give_role(world.admin, Role.AUTHORITY_ADMIN, authority=world.other_authority)
    f.give_role(world.qa_lead, Role.QA_LEAD, authority=world.other_authority)
    return world.other_authority


def test_a_person_starts_in_their_main_authority_and_every_link_carries_it(world, second_authority, client_for):
    client = client_for(world.director)
    response = client.get("/")
    assert response.url == "/la/990/home/director/"
    page = client.get("/la/990/home/director/").content.decode()
    assert "<strong>Demo Borough</strong>" in page
    assert 'href="/la/990/authorities/">Change authority' in page
    assert 'href="/la/990/dashboard/"' in page
    assert 'href="/dashboard/"' not in page


def test_the_switcher_lists_each_authority_with_the_roles_held_there(world, second_authority, client_for):
    page = client_for(world.director).get("/authorities/").content.decode()
    links = re.findall(r'<a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)"', page)
    assert links == ["/la/990/", "/la/991/"]
    assert "Local authority 990 · Director" in page
    assert "Local authority 991 · Director" in page


def test_a_person_with_one_authority_sees_its_name_and_no_switcher(world, client_for):
    page = client_for(world.head).get("/la/990/home/headteacher/").content.decode()
    assert "<strong>Demo Borough</strong>" in page
    assert "Change authority" not in page


def test_an_authority_address_without_its_last_slash_is_its_home(world, client_for):
    assert client_for(world.director).get("/la/990").url == "/la/990/home/director/"


def test_an_authority_the_person_holds_no_role_in_is_not_found(world, client_for):
    assert client_for(world.director).get("/la/991/dashboard/").status_code == 404
    assert client_for(world.head).get("/la/991/").status_code == 404
    assert client_for(world.director).get("/la/99999/").status_code == 404


def test_the_chosen_authority_is_kept_for_pages_opened_without_one(world, second_authority, client_for):
    client = client_for(world.director)
    assert client.get("/la/991/").url == "/la/991/home/director/"
    page = client.get("/dashboard/").content.decode()
    assert "<strong>Elsewhere Council</strong>" in page
    assert 'action="/la/991/dashboard/"' in page
    assert 'href="/la/991/dashboard/termly-reports/"' in page


def test_signed_out_people_go_to_sign_in_and_come_back_to_the_same_authority(world, second_authority, client):
    device = second_factor_device(world.director)
    response = client.get("/la/991/dashboard/?phase=primary")
    assert response.status_code == 302
    assert response.url == "/sign-in/?next=/la/991/dashboard/%3Fphase%3Dprimary"
    response = client.post(
        f"/sign-in/?next={'/la/991/dashboard/?phase=primary'}",
        {"username": world.director.email, "password": f.TEST_PASSWORD},
    )
    assert response.url == "/la/991/dashboard/?phase=primary"
    # A director gives the code from their authenticator next, and still comes back to the same page.
    response = client.get(response.url)
    assert response.url == "/la/991/two-factor/?next=/la/991/dashboard/%3Fphase%3Dprimary"
    response = client.post(response.url, {"code": totp_code(device)})
    assert response.url == "/la/991/dashboard/?phase=primary"
    assert "<strong>Elsewhere Council</strong>" in client.get(response.url).content.decode()


@freeze_time("2026-11-24 10:00")
def test_the_director_dashboard_filters_downloads_and_report_stay_in_the_chosen_authority(
    world, second_authority, client_for, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    f.SchoolFactory(authority=second_authority, name="Second Council Primary")
    client = client_for(world.director)
    home = client.get("/la/991/home/director/").content.decode()
    # Elsewhere's own two schools, not both authorities' four.
    assert '<strong class="app-numeric">2</strong> schools' in home
    page = client.get("/la/991/dashboard/?phase=primary").content.decode()
    assert "<strong>Elsewhere Council</strong>" in page
    assert 'action="/la/991/dashboard/"' in page
    assert 'href="/la/991/dashboard/tables/schools-per-band.csv?phase=primary"' in page
    csv = client.get("/la/991/dashboard/tables/schools-per-band.csv?phase=primary").content.decode("utf-8-sig")
    # Elsewhere's two primaries, neither classified (Demo Borough's two schools are not counted).
    assert csv.splitlines() == ["Framework,Band,Schools now,Schools on 24 November 2025", ",Not yet classified,2,2"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/la/991/dashboard/termly-reports/", {"term": "2026-autumn"})
    job = Job.objects.get(kind="termly_report")
    assert response.url == f"/la/991/jobs/{job.pk}/"
    assert job.authority == second_authority
    job_page = client.get(response.url).content.decode()
    report = TermlyReport.objects.get()
    assert report.authority == second_authority
    assert f'href="/la/991/dashboard/termly-reports/{report.pk}/pdf/"' in job_page
    assert client.get(f"/la/991/dashboard/termly-reports/{report.pk}/pdf/").status_code == 200
    assert client.get(f"/la/990/dashboard/termly-reports/{report.pk}/pdf/").status_code == 404


def test_the_admin_adds_a_person_in_the_chosen_authority_and_lands_on_its_people_list(
    world, second_authority, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    data = {"email": "new.lead@elsewhere.example", "first_name": "Nia", "last_name": "Jones", "role": "qa_lead"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/la/991/people/add/", data)
    assert response.url == "/la/991/people/"
    assert RoleAssignment.objects.get(user__email="new.lead@elsewhere.example").authority == second_authority
    assert "Nia Jones" in client.get(response.url).content.decode()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    assert link.startswith("http://127.0.0.1:8000/password-reset/")  # the person's own page, in no authority


@freeze_time("2026-11-24 10:00")
def test_the_admin_edits_the_term_dates_of_the_chosen_authority(world, second_authority, client_for):
    client = client_for(world.admin)
    page = client.get("/la/991/visits/term-dates/?year=2026").content.decode()
    assert "Elsewhere Council" in page
    assert 'href="/la/991/visits/term-dates/2026/spring/"' in page
    response = client.post("/la/991/visits/term-dates/2026/spring/", SPRING_2027)
    assert response.url == "/la/991/visits/term-dates/?year=2026"
    assert Term.objects.get(academic_year__authority=second_authority, code="spring").starts_on.day == 5
    assert not Term.objects.filter(academic_year__authority=world.authority).exists()


def test_the_qa_lead_plans_the_year_for_the_chosen_authority(
    world, second_authority, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.qa_lead).post("/la/991/visits/plan/run/", {"year": "2026"})
    job = Job.objects.get(kind="plan_visits")
    assert response.url == f"/la/991/jobs/{job.pk}/"
    assert job.authority == second_authority


def test_links_made_for_an_authority_outside_a_request_carry_its_prefix(world):
    assert url_in(world.other_authority, "schools:detail", world.outside_school.urn) == (
        f"/la/991/schools/{world.outside_school.urn}/"
    )
    assert reverse("schools:detail", args=[world.school.urn]) == f"/schools/{world.school.urn}/"
