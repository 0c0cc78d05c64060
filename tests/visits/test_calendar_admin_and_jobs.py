from datetime import date

import pytest
from freezegun import freeze_time

from qa_portal.jobs.models import Job
from tests import factories as f
from visits import calendar as cal
from visits.models import ClosureDay, Term, Visit
from visits.planner import plan_visits
from visits.selectors import headteacher_dashboard, qa_lead_dashboard, school_visits_panel
from visits.tasks import plan_at_term_start

pytestmark = pytest.mark.django_db


@freeze_time("2026-11-24")
def test_admin_edits_term_dates_and_adds_a_closure_day(world, client_for):
    admin = client_for(world.admin)
    page = admin.get("/visits/term-dates/?year=2026").content.decode()
    assert "2 September 2026" in page  # the usual England dates, shown until the authority saves its own
    assert 'href="/la/990/visits/term-dates/2026/spring/"' in page
    terms = Term.objects.filter(academic_year__authority=world.authority, academic_year__start_year=2026)
    assert not terms.exists()  # opening the page saves nothing
    bad = admin.post(
        "/visits/term-dates/2026/spring/",
        {
            "starts_on_0": "5",
            "starts_on_1": "1",
            "starts_on_2": "2027",
            "half_term_break_starts_0": "20",
            "half_term_break_starts_1": "3",
            "half_term_break_starts_2": "2027",
            "half_term_break_ends_0": "24",
            "half_term_break_ends_1": "3",
            "half_term_break_ends_2": "2027",
            "ends_on_0": "19",
            "ends_on_1": "3",
            "ends_on_2": "2027",
        },
    )
    assert "The half-term break must fall inside the term" in bad.content.decode()
    assert not terms.exists()
    ok = admin.post(
        "/visits/term-dates/2026/spring/",
        {
            "starts_on_0": "5",
            "starts_on_1": "1",
            "starts_on_2": "2027",
            "half_term_break_starts_0": "15",
            "half_term_break_starts_1": "2",
            "half_term_break_starts_2": "2027",
            "half_term_break_ends_0": "19",
            "half_term_break_ends_1": "2",
            "half_term_break_ends_2": "2027",
            "ends_on_0": "26",
            "ends_on_1": "3",
            "ends_on_2": "2027",
        },
    )
    assert ok.status_code == 302
    assert ok.url == "/la/990/visits/term-dates/?year=2026"
    spring = terms.get(code="spring")
    assert spring.starts_on == date(2027, 1, 5)
    assert terms.get(code="autumn").starts_on == date(2026, 9, 2)  # the year's other terms keep the usual dates
    admin.post(
        "/visits/term-dates/closure-days/", {"date_0": "6", "date_1": "1", "date_2": "2027", "reason": "INSET day"}
    )
    assert ClosureDay.objects.filter(authority=world.authority, date=date(2027, 1, 6)).exists()
    assert client_for(world.qa_lead).get("/visits/term-dates/").status_code == 403  # in the authority, not admin
    assert client_for(world.outside_admin).get("/la/990/visits/term-dates/2026/spring/").status_code == 404
    assert admin.get("/visits/term-dates/2026/winter/").status_code == 404


@freeze_time("2026-11-24")
def test_planner_never_proposes_a_closure_day_or_the_half_term_break(world):
    _, bands = f.framework_with_bands(world.authority)
    terms = cal.terms_for(authority=world.authority, start_year=2026)
    spring = terms[1]
    closures = cal.school_days(spring.starts_on, spring.ends_on)
    for day in closures[:40]:
        ClosureDay.objects.create(authority=world.authority, date=day, reason="INSET day")
    f.published_classification(world.school, bands["red"], by=world.director)
    plan_visits(start_year=2026, authority=world.authority)
    spring_dates = Visit.objects.filter(school=world.school, term="spring").values_list("planned_date", flat=True)
    assert spring_dates and not set(spring_dates) & set(closures[:40])


@freeze_time("2026-11-24")
def test_plan_job_from_the_plan_page(world, client_for, django_capture_on_commit_callbacks):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["yellow"], by=world.director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.qa_lead).post("/visits/plan/run/", {"year": "2026"})
    job = Job.objects.get(kind="plan_visits")
    assert response.status_code == 302 and job.status == "succeeded"
    assert job.result == {"schools": 2, "added": 4, "removed": 0, "kept": 0}  # Yellow: 3 QA visits and the AGC
    assert Visit.objects.filter(school__authority=world.authority).count() == 4
    assert client_for(world.head).post("/visits/plan/run/", {"year": "2026"}).status_code == 403


@freeze_time("2026-11-24")
def test_school_page_and_home_panels_run_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["red"], by=world.director)
    plan_visits(start_year=2026, authority=world.authority)

    with django_assert_max_num_queries(4):
        qa_lead_dashboard(world.qa_lead, world.authority)
    with django_assert_max_num_queries(4):
        headteacher_dashboard(world.head, world.authority)
    with django_assert_max_num_queries(3):
        school_visits_panel(world.qa_lead, world.school)


def test_plan_at_term_start_task_plans_on_the_first_day_of_term(world):
    _, bands = f.framework_with_bands(world.authority)
    cal.terms_for(authority=world.authority, start_year=2026)
    with freeze_time("2026-08-20"):
        f.published_classification(world.school, bands["yellow"], by=world.director, since=date(2026, 8, 20))
    with freeze_time("2026-12-01"):
        assert plan_at_term_start.delay().get() == 0
    assert not Visit.objects.exists()
    with freeze_time("2027-01-04"):
        assert plan_at_term_start.delay().get() == 1
    assert set(Visit.objects.filter(school=world.school).values_list("term", flat=True)) == {"spring", "summer"}


@freeze_time("2026-11-24 10:00")
def test_visit_factory_for_other_apps_shows_on_the_school_page(world, client_for):
    visit = f.visit(world.school, code="annual_governance_conversation", on=date(2027, 2, 3))
    assert visit.qa_lead == world.qa_lead
    page = client_for(world.chair).get(f"/schools/{world.school.urn}/").content.decode()
    assert "Annual governance conversation" in page and "3 Feb 2027" in page
