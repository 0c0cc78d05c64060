"""On the demo data, where the director, the admin and the QA lead each work in five authorities: switching
authority in the header, then working there, never drifts into another authority."""

import pytest
from django.core.management import call_command

from dashboards.models import TermlyReport
from demo.seed import DEMO_PASSWORD
from qa_portal.accounts.models import RoleAssignment
from qa_portal.jobs.models import Job
from schools.models import Authority
from visits.models import Term

from .conftest import assert_accessible, sign_in_by_keyboard

pytestmark = pytest.mark.browser

DEMO_AUTHORITIES = [
    ("990", "Demo Borough"),
    ("9901", "Demo Wrekin (2014 protocol)"),
    ("9902", "Demo Barnsley (risk register)"),
    ("9904", "Demo Worcestershire (Aiming for Outstanding)"),
    ("TR9903", "Demo West Coast Academies Trust"),
]


@pytest.fixture
def demo(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--demo-passwords", verbosity=0)


def _prefix(code):
    return f"/trust/{code}/" if code.startswith("TR") else f"/la/{code}/"


def _switch_to(page, name):
    with page.expect_navigation():
        page.click("text=Change authority")
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"main a:text-is('{name}')")
    assert page.locator("#current-authority strong").inner_text() == name


def _assert_in(page, code, name):
    path = page.url.split(page.url.split("/")[2], 1)[1]
    assert path.startswith(_prefix(code)), f"{page.url} is not in {name}"
    assert page.locator("#current-authority strong").inner_text() == name


def _apply(page, code, name, **choices):
    if not page.locator("details.govuk-details[open]").count():
        page.click("details.govuk-details summary")
    for field, value in choices.items():
        if field in ("phase", "type_group", "qa_lead"):
            page.select_option(f"#id_{field}", index=value)
        else:
            day, month, year = value
            page.fill(f"#id_{field}_0", day)
            page.fill(f"#id_{field}_1", month)
            page.fill(f"#id_{field}_2", year)
    with page.expect_navigation():
        page.click("button:has-text('Apply filters')")
    _assert_in(page, code, name)
    assert "Schools per band" in page.locator("main").inner_text()


def test_the_director_works_in_each_authority_in_turn_and_never_leaves_it(page, demo):
    sign_in_by_keyboard(page, "director@demo.example", DEMO_PASSWORD)
    _assert_in(page, "990", "Demo Borough")  # the director's main authority
    for code, name in DEMO_AUTHORITIES:
        _switch_to(page, name)
        _assert_in(page, code, name)
        schools = Authority.objects.get(code=code).schools.count()
        assert page.locator("main p.govuk-body-l").first.inner_text() == f"{schools} schools"  # this authority's
        with page.expect_navigation():
            page.click("nav a:text-is('Dashboard')")
        _assert_in(page, code, name)
        _apply(page, code, name, phase=1)
        _apply(page, code, name, phase=0, type_group=1)
        _apply(page, code, name, type_group=0, qa_lead=1)
        _apply(page, code, name, qa_lead=0, moved_from=("1", "9", "2026"), moved_to=("24", "11", "2026"))
        assert_accessible(page)
        with page.expect_download() as table:
            page.click("a[href*='/tables/schools-per-band.csv']")
        assert table.value.url.split("/", 3)[3].startswith(_prefix(code).lstrip("/"))
        with page.expect_navigation():
            page.click("text=Make or download a termly report for scrutiny")
        _assert_in(page, code, name)
        page.check("input[name='term'][value='2026-autumn']")
        with page.expect_navigation():
            page.click("button:has-text('Make the report')")
        _assert_in(page, code, name)
        assert "Your report is ready" in page.locator("main").inner_text()
        report = TermlyReport.objects.get(authority__code=code)
        with page.expect_download() as pdf:
            page.click("main a:has-text('(PDF)')")
        assert pdf.value.url.endswith(f"{_prefix(code)}dashboard/termly-reports/{report.pk}/pdf/")
        assert pdf.value.failure() is None
    assert TermlyReport.objects.count() == len(DEMO_AUTHORITIES)


def test_the_admin_changes_demo_boroughs_term_dates_and_people_from_another_authority(page, demo):
    sign_in_by_keyboard(page, "admin@demo.example", DEMO_PASSWORD)
    _switch_to(page, "Demo Barnsley (risk register)")
    _switch_to(page, "Demo Borough")
    page.goto(page.url.split("/home/")[0] + "/visits/term-dates/?year=2026")
    _assert_in(page, "990", "Demo Borough")
    with page.expect_navigation():
        page.click("a[href='/la/990/visits/term-dates/2026/spring/']")
    page.fill("#id_starts_on_0", "6")
    with page.expect_navigation():
        page.click("button:has-text('Save')")
    _assert_in(page, "990", "Demo Borough")
    spring = Term.objects.get(academic_year__authority__code="990", academic_year__start_year=2026, code="spring")
    assert (spring.starts_on.day, spring.starts_on.month) == (6, 1)
    with page.expect_navigation():
        page.click("nav a:text-is('People')")
    with page.expect_navigation():
        page.click("main a:has-text('Add a person')")
    page.fill("#id_email", "new.adviser@demo.example")
    page.fill("#id_first_name", "Nia")
    page.fill("#id_last_name", "Jones")
    page.check("input[name='role'][value='qa_lead']")
    with page.expect_navigation():
        page.click("button:has-text('Add person and send invitation')")
    assert page.url.endswith("/la/990/people/")
    _assert_in(page, "990", "Demo Borough")
    assert "Nia Jones" in page.locator("main").inner_text()
    assert RoleAssignment.objects.get(user__email="new.adviser@demo.example").authority.code == "990"
    assert_accessible(page)


def test_the_qa_lead_plans_the_year_for_the_authority_they_chose(page, demo):
    sign_in_by_keyboard(page, "qa.lead@demo.example", DEMO_PASSWORD)
    _switch_to(page, "Demo Worcestershire (Aiming for Outstanding)")
    with page.expect_navigation():
        page.click("nav a:text-is('Visit plan')")
    _assert_in(page, "9904", "Demo Worcestershire (Aiming for Outstanding)")
    with page.expect_navigation():
        page.click("button:has-text('Plan 2026/27 again')")
    _assert_in(page, "9904", "Demo Worcestershire (Aiming for Outstanding)")
    job = Job.objects.filter(kind="plan_visits").latest("pk")
    assert job.authority.code == "9904"
    assert page.url.endswith(f"/la/9904/jobs/{job.pk}/")
    assert_accessible(page)
