"""Visits in Chromium: a QA lead moves a proposed date by keyboard only; plan, visit and note pages pass axe-core."""

from datetime import date, timedelta

import pytest

from tests import factories as f
from visits import calendar as cal
from visits import services
from visits.deadlines import deadlines_for
from visits.models import ClosureDay, Visit, VisitType
from visits.planner import plan_visits

from .conftest import BROWSER_TODAY, assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def _working_day_after(day, days):
    target = day + timedelta(days=days)
    while not cal.is_working_day(target):
        target += timedelta(days=1)
    return target


def test_qa_lead_moves_a_visit_by_keyboard_and_the_deadlines_follow(page, world):
    framework, _ = f.framework_with_bands(world.authority)
    meeting_type = VisitType.objects.get(code="monitoring_support_meeting")
    first = _working_day_after(BROWSER_TODAY, 30)
    agenda, papers, minutes = deadlines_for(visit_type=meeting_type, planned_date=first, framework=framework)
    visit = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=first,
        term="spring",
        academic_year=cal.academic_year_for(first),
        agenda_due=agenda,
        papers_due=papers,
        minutes_due=minutes,
    )
    new_date = _working_day_after(first, 14)
    new_agenda, new_papers, new_minutes = deadlines_for(
        visit_type=meeting_type, planned_date=new_date, framework=framework
    )

    sign_in_by_keyboard(page, world.qa_lead.email)
    page.goto(f"/visits/{visit.pk}/")
    assert f"{agenda:%-d %B %Y}" in page.locator("#deadlines").inner_text()
    assert_accessible(page)
    press_until_focused(page, f"a[href='/la/990/visits/{visit.pk}/move/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    press_until_focused(page, "#id_planned_date_0")
    page.keyboard.type(str(new_date.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(new_date.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(new_date.year))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    deadlines = page.locator("#deadlines").inner_text()
    assert f"{new_date:%-d %B %Y}" in page.locator("#visit-date").inner_text()
    for due in (new_agenda, new_papers, new_minutes):
        assert f"{due:%-d %B %Y}" in deadlines
    assert f"{agenda:%-d %B %Y}" not in deadlines
    visit.refresh_from_db()
    assert visit.planned_date == new_date and visit.minutes_due == new_minutes
    assert_accessible(page)


def test_plan_visit_and_note_pages_are_accessible(page, world):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["amber"], by=world.director)

    plan_visits(start_year=cal.academic_year_for(BROWSER_TODAY), authority=world.authority)
    held = f.visit(
        world.school,
        on=BROWSER_TODAY - timedelta(days=3),
        status="held",
        academic_year=cal.academic_year_for(BROWSER_TODAY),
        extra=True,
    )
    note = services.note_start(visit=held, user=world.qa_lead)
    note.next_steps = "Raise attendance"
    note.save()

    sign_in_by_keyboard(page, world.qa_lead.email)
    for path in (
        "/visits/plan/",
        f"/visits/{held.pk}/",
        f"/visits/{held.pk}/note/",
        "/home/qa-lead/",
        f"/schools/{world.school.urn}/",
        "/visits/calendar/",
        f"/visits/{held.pk}/cancel/",
        f"/visits/add/{world.school.urn}/",
    ):
        page.goto(path)
        assert_accessible(page)
    meeting = Visit.objects.filter(
        school=world.school, visit_type__code="monitoring_support_meeting", status="planned"
    ).first()
    page.goto(f"/visits/{meeting.pk}/agenda/")
    assert_accessible(page)

    services.note_send_for_accuracy(note=note, user=world.qa_lead)
    page.context.clear_cookies()
    sign_in_by_keyboard(page, world.head.email)
    for path in (
        f"/visits/{held.pk}/note/",
        "/home/headteacher/",
        f"/visits/{meeting.pk}/",
        f"/visits/{meeting.pk}/contribute/",
    ):
        page.goto(path)
        assert_accessible(page)


def test_term_dates_pages_are_accessible(page, world):
    ClosureDay.objects.create(authority=world.authority, date=date(2027, 1, 6), reason="INSET day")
    stranded = f.visit(world.other_school, on=date(2027, 1, 6), term="spring", status="confirmed")
    sign_in_by_keyboard(page, world.admin.email)
    page.goto("/visits/term-dates/?year=2026")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Change Autumn term dates").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save term dates").click()
    assert_accessible(page)
    # The visit on the closure day warns; a move onto a closed day is refused with the reason.
    page.goto(f"/visits/{stranded.pk}/")
    assert "is on a day the school is closed" in page.locator("#closed-day").inner_text()
    assert_accessible(page)
    page.goto(f"/visits/{stranded.pk}/move/")
    page.fill("#id_planned_date_0", "9")
    page.fill("#id_planned_date_1", "1")
    page.fill("#id_planned_date_2", "2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Move visit").click()
    assert "9 January 2027 is a Saturday" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.goto("/visits/term-dates/?year=2026")
    with page.expect_navigation():
        page.get_by_role("link", name="Remove the closure day on 6 January 2027").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Remove closure day").click()
    assert "6 January 2027 is no longer a closure day." in page.content()
    assert not ClosureDay.objects.exists()
