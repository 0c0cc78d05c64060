"""Moving a visit to another school day (term time, not a weekend, bank holiday, half-term break or closure day;
today allowed), its term following the date, the move a plan change its people are told of; and term-date or
closure-day changes that re-plan the visits they leave on days the schools are closed."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from qa_portal.notifications.models import Notification
from tests import factories as f
from visits import services
from visits.models import ClosureDay, PlanChange, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Tuesday 24 November 2026, for every row and request of a test."""
    with freeze_time("2026-11-24 10:00"):
        yield


def _told(kind):
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id", "pk"))


def _page(response):
    return " ".join(response.content.decode().split())


def _move(client, visit, day, reason=""):
    return client.post(
        f"/visits/{visit.pk}/move/",
        {"planned_date_0": day.day, "planned_date_1": day.month, "planned_date_2": day.year, "reason": reason},
    )


@pytest.fixture
def visit(world):
    f.framework_with_bands(world.authority)
    return f.visit(world.school, on=date(2026, 12, 1), status="planned")


# --- moving a visit ------------------------------------------------------------------------------------------


def test_a_move_into_the_school_holidays_is_refused_and_nothing_changes(world, visit, client_for):
    response = _move(client_for(world.qa_lead), visit, date(2026, 12, 22), reason="The head asked")
    page = _page(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert page.count("22 December 2026 is in the school holidays: the autumn term ends on 18 December 2026") == 2
    visit.refresh_from_db()
    assert (visit.planned_date, visit.term, visit.status, visit.calendar_sequence) == (
        date(2026, 12, 1),
        "autumn",
        "planned",
        0,
    )
    assert not PlanChange.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2027, 1, 6), "6 January 2027 is a closure day: INSET day"),
        (date(2026, 12, 12), "12 December 2026 is a Saturday"),
        (date(2027, 5, 3), "3 May 2027 is a bank holiday (May Day)"),
        (date(2027, 2, 16), "16 February 2027 is in the spring half-term break (15 February 2027 to 19 February 2027)"),
        (date(2027, 1, 1), "1 January 2027 is a bank holiday (New Year's Day)"),
        (date(2027, 7, 26), "26 July 2027 is in the school holidays: the summer term ends on 21 July 2027"),
        (date(2026, 11, 23), "Enter today's date or a later one"),
        (date(2027, 9, 6), "Enter a date in the 2026/27 academic year"),
    ],
)
def test_a_move_to_a_day_the_school_is_closed_is_refused(world, visit, day, message):
    ClosureDay.objects.create(authority=world.authority, date=date(2027, 1, 6), reason="INSET day")
    with pytest.raises(ValidationError) as refused:
        services.visit_move(visit=visit, user=world.qa_lead, planned_date=day)
    assert refused.value.message_dict == {"planned_date": [message]}
    visit.refresh_from_db()
    assert visit.planned_date == date(2026, 12, 1) and visit.calendar_sequence == 0
    assert not PlanChange.objects.exists()


def test_another_authoritys_closure_day_does_not_stop_a_move(world, visit):
    ClosureDay.objects.create(authority=world.other_authority, date=date(2027, 1, 6), reason="INSET day")
    services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2027, 1, 6))
    visit.refresh_from_db()
    assert visit.planned_date == date(2027, 1, 6)


def test_a_visit_can_be_moved_to_today_and_then_marked_held(world, visit, client_for):
    lead = client_for(world.qa_lead)
    response = _move(lead, visit, date(2026, 11, 24))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.planned_date == date(2026, 11, 24) and visit.term == "autumn" and visit.calendar_sequence == 1
    assert services.visit_mark_held_refusal(visit) == ""
    page = _page(lead.get(f"/visits/{visit.pk}/"))
    assert "Mark as held" in page
    assert "24 November 2026: QA visit moved from 1 December 2026 to 24 November 2026 – Moved by " in page


def test_a_move_into_the_spring_term_counts_there_is_a_plan_change_and_tells_the_head_once(
    world, client_for, django_capture_on_commit_callbacks
):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["yellow"], by=world.director)
    visit = f.visit(world.school, on=date(2026, 12, 1), status="confirmed")
    lead = client_for(world.qa_lead)
    before = re.findall(r"Entitled \d+, planned \d+, held \d+", _page(lead.get("/visits/plan/?year=2026")))
    assert before[:3] == [
        "Entitled 1, planned 1, held 0",
        "Entitled 2, planned 0, held 0",
        "Entitled 1, planned 0, held 0",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = _move(lead, visit, date(2027, 1, 14), reason="The head is on a course that week")
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.planned_date, visit.term, visit.academic_year, visit.status, visit.calendar_sequence) == (
        date(2027, 1, 14),
        "spring",
        2026,
        "planned",  # a new date is confirmed with the school again
        1,
    )
    page = _page(lead.get(f"/visits/{visit.pk}/", follow=True))
    assert "Spring 2026/27 (extra visit)" in page

    plan = _page(lead.get("/visits/plan/?year=2026"))
    # Brookmead's row: autumn no longer has it; spring counts it.
    assert re.findall(r"Entitled \d+, planned \d+, held \d+", plan)[:3] == [
        "Entitled 1, planned 0, held 0",
        "Entitled 2, planned 1, held 0",
        "Entitled 1, planned 0, held 0",
    ]
    changes = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", plan.split("Recent changes to the plan")[1]))
    assert "Moved: QA visit moved from 1 December 2026 to 14 January 2027 The head is on a course that week" in changes
    (change,) = PlanChange.objects.all()
    assert (change.action, change.visit, change.school, change.academic_year) == ("moved", visit, world.school, 2026)
    assert change.description == "QA visit moved from 1 December 2026 to 14 January 2027"
    assert change.reason == "The head is on a course that week"

    (told,) = _told("visit_moved")
    assert told.recipient == world.head
    assert told.text == (
        "The QA visit at Brookmead Primary School has moved from 1 December 2026 to 14 January 2027, from the autumn "
        "term to the spring term. Reason: The head is on a course that week"
    )
    assert [m.to for m in mail.outbox] == [[world.head.email]]


def test_a_move_without_a_reason_says_who_moved_it(world, visit):
    services.visit_move(visit=visit, user=world.admin, planned_date=date(2026, 12, 8))
    (change,) = PlanChange.objects.all()
    assert change.reason == f"Moved by {world.admin.get_full_name()}"
    assert [n.text for n in _told("visit_moved")] == [
        "The QA visit at Brookmead Primary School has moved from 1 December 2026 to 8 December 2026."
    ] * 2  # the head and the visit's QA lead


def test_moving_a_plan_visit_into_a_term_that_has_its_own_keeps_both(world, visit):
    spring = f.visit(world.school, term="spring", on=date(2027, 2, 2))  # the same type and sequence, in spring
    services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2027, 2, 3))
    visit.refresh_from_db()
    assert (visit.term, visit.is_extra, visit.sequence) == ("spring", True, 1)
    assert list(Visit.objects.filter(term="spring").order_by("planned_date")) == [spring, visit]


# --- a closure day added -------------------------------------------------------------------------------------


def test_a_closure_day_moves_the_planned_visit_on_it_and_flags_the_confirmed_one(
    world, client_for, django_capture_on_commit_callbacks
):
    f.framework_with_bands(world.authority)
    planned = f.visit(world.school, on=date(2026, 12, 9))  # Wednesday
    f.visit(world.other_school, on=date(2026, 12, 10), qa_lead=world.qa_lead)  # the lead is busy on Thursday
    confirmed = f.visit(world.other_school, code="interim_visit", on=date(2026, 12, 9), status="confirmed")
    admin = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/visits/term-dates/closure-days/",
            {"date_0": "9", "date_1": "12", "date_2": "2026", "reason": "INSET day"},
            follow=True,
        )
    page = _page(response)
    assert response.redirect_chain == [("/la/990/visits/term-dates/?year=2026", 302)]
    assert (
        "Closure day added. 1 visit moved to another school day and 1 visit kept its date: the people they concern "
        "are told."
    ) in page
    assert "QA visit at Brookmead Primary School moved from 9 December 2026 to 8 December 2026." in page
    assert (
        "Interim visit at Castleton Academy kept its date, 9 December 2026 (9 December 2026 is a closure day: INSET "
        f"day): it is confirmed. {world.other_qa_lead.get_full_name()} is asked to move or cancel it."
    ) in page

    planned.refresh_from_db()
    confirmed.refresh_from_db()
    # Thursday 10th is as near as Tuesday 8th, but the lead is busy then.
    assert (planned.planned_date, planned.calendar_sequence) == (date(2026, 12, 8), 1)
    assert (confirmed.planned_date, confirmed.status) == (date(2026, 12, 9), "confirmed")
    (change,) = PlanChange.objects.all()
    assert (change.visit, change.action, change.reason) == (planned, "moved", "Closure day: INSET day")
    assert change.description == "QA visit moved from 9 December 2026 to 8 December 2026"
    assert [(n.recipient, n.text) for n in _told("visit_moved")] == sorted(
        [
            (
                person,
                "The QA visit at Brookmead Primary School has moved from 9 December 2026 to 8 December 2026. "
                "Reason: Closure day: INSET day",
            )
            for person in (world.head, world.qa_lead)
        ],
        key=lambda row: row[0].pk,
    )
    (stranded,) = _told("visit_stranded")
    assert stranded.recipient == world.other_qa_lead
    assert stranded.text == (
        "The confirmed interim visit at Castleton Academy is now on a day the school is closed (9 December 2026 is a "
        "closure day: INSET day). Move it to a school day or cancel it."
    )
    assert stranded.link == f"/la/990/visits/{confirmed.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.head.email, world.qa_lead.email, world.other_qa_lead.email]
    )

    warning = _page(client_for(world.other_qa_lead).get(f"/visits/{confirmed.pk}/"))
    assert (
        "This confirmed visit is on a day the school is closed: 9 December 2026 is a closure day: INSET day. Move it "
        "to a school day or cancel it."
    ) in warning
    assert "is on a day the school is closed" not in _page(client_for(world.qa_lead).get(f"/visits/{planned.pk}/"))


def test_a_closure_day_with_no_visit_on_it_says_so(world, client_for):
    response = client_for(world.admin).post(
        "/visits/term-dates/closure-days/",
        {"date_0": "6", "date_1": "1", "date_2": "2027", "reason": "INSET day"},
        follow=True,
    )
    assert "Closure day added. No visit is on it, and none will be proposed on it." in _page(response)
    assert not PlanChange.objects.exists()


# --- term dates changed --------------------------------------------------------------------------------------


def test_term_dates_that_leave_a_visit_outside_the_term_move_it(world, client_for, django_capture_on_commit_callbacks):
    f.framework_with_bands(world.authority)
    late = f.visit(world.school, term="spring", on=date(2027, 3, 23))  # Tuesday of the last week
    early = f.visit(world.school, code="interim_visit", term="spring", on=date(2027, 1, 5), status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.admin).post(
            "/visits/term-dates/2026/spring/",
            {
                "starts_on_0": "6",
                "starts_on_1": "1",
                "starts_on_2": "2027",
                "half_term_break_starts_0": "15",
                "half_term_break_starts_1": "2",
                "half_term_break_starts_2": "2027",
                "half_term_break_ends_0": "19",
                "half_term_break_ends_1": "2",
                "half_term_break_ends_2": "2027",
                "ends_on_0": "19",
                "ends_on_1": "3",
                "ends_on_2": "2027",
            },
            follow=True,
        )
    page = _page(response)
    assert (
        "Spring 2026/27 dates saved. 1 visit moved to another school day and 1 visit kept its date: the people they "
        "concern are told."
    ) in page
    assert "QA visit at Brookmead Primary School moved from 23 March 2027 to 19 March 2027." in page
    late.refresh_from_db()
    early.refresh_from_db()
    assert (late.planned_date, late.term) == (date(2027, 3, 19), "spring")
    assert early.planned_date == date(2027, 1, 5)
    (change,) = PlanChange.objects.all()
    assert (change.visit, change.reason) == (late, "Term dates changed")
    (stranded,) = _told("visit_stranded")
    assert (stranded.recipient, stranded.text) == (
        world.qa_lead,
        "The confirmed interim visit at Brookmead Primary School is now on a day the school is closed (5 January "
        "2027 is in the school holidays: the spring term starts on 6 January 2027). Move it to a school day or "
        "cancel it.",
    )


def test_a_term_cannot_overlap_the_next_one(world, client_for):
    response = client_for(world.admin).post(
        "/visits/term-dates/2026/autumn/",
        {
            "starts_on_0": "2",
            "starts_on_1": "9",
            "starts_on_2": "2026",
            "half_term_break_starts_0": "26",
            "half_term_break_starts_1": "10",
            "half_term_break_starts_2": "2026",
            "half_term_break_ends_0": "30",
            "half_term_break_ends_1": "10",
            "half_term_break_ends_2": "2026",
            "ends_on_0": "6",
            "ends_on_1": "1",
            "ends_on_2": "2027",
        },
    )
    assert response.status_code == 200
    assert "The autumn term must end before the spring term starts (4 January 2027)" in _page(response)


# --- a closure day removed -----------------------------------------------------------------------------------


def test_a_closure_day_can_be_removed_by_the_authority_admin_only(world, client_for, visit):
    day = ClosureDay.objects.create(authority=world.authority, date=date(2027, 1, 6), reason="INSET day")
    elsewhere = ClosureDay.objects.create(authority=world.other_authority, date=date(2027, 1, 6), reason="INSET day")
    url = f"/visits/term-dates/closure-days/{day.pk}/remove/"

    assert client_for(world.qa_lead).get(url).status_code == 403
    assert client_for(world.qa_lead).post(url).status_code == 403
    assert client_for(world.outside_admin).post(f"/la/990{url}").status_code == 404
    admin = client_for(world.admin)
    assert admin.post(f"/visits/term-dates/closure-days/{elsewhere.pk}/remove/").status_code == 404
    assert ClosureDay.objects.count() == 2

    terms_page = _page(admin.get("/visits/term-dates/?year=2026"))
    assert f'href="/la/990{url}"' in terms_page
    question = _page(admin.get(url))
    assert "Remove the closure day on Wednesday 6 January 2027?" in question
    assert "Remove closure day" in question
    removed = admin.post(url, follow=True)
    assert removed.redirect_chain == [("/la/990/visits/term-dates/?year=2026", 302)]
    assert "6 January 2027 is no longer a closure day." in _page(removed)
    assert list(ClosureDay.objects.all()) == [elsewhere]

    services.visit_move(visit=visit, user=world.qa_lead, planned_date=date(2027, 1, 6))  # a school day again
    visit.refresh_from_db()
    assert visit.planned_date == date(2027, 1, 6)


# --- meetings placed by a person inside their lead time, extra visits ----------------------------------------


def test_a_meeting_moved_inside_its_lead_time_is_short_notice_from_the_day_of_the_move(world):
    f.framework_with_bands(world.authority)  # agenda 14 days, papers 7 days before a meeting
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2027, 1, 12), status="planned")
    services.visit_move(visit=meeting, user=world.qa_lead, planned_date=date(2026, 11, 27))
    meeting.refresh_from_db()
    # Three days' notice on 24 November: nothing is already past on the day it is moved.
    assert meeting.short_notice is True
    assert meeting.agenda_due == date(2026, 11, 24)
    assert meeting.papers_due == date(2026, 11, 26)


def test_an_extra_visit_is_refused_on_a_closure_day_and_in_the_half_term_break(world):
    f.framework_with_bands(world.authority)
    ClosureDay.objects.create(authority=world.authority, date=date(2026, 12, 4), reason="INSET day")
    qa_visit = Visit._meta.get_field("visit_type").related_model.objects.get(code="qa_visit")
    with pytest.raises(ValidationError) as closed:
        services.visit_add_extra(
            school=world.school, user=world.qa_lead, visit_type=qa_visit, planned_date=date(2026, 12, 4)
        )
    assert closed.value.message_dict == {"planned_date": ["4 December 2026 is a closure day: INSET day"]}
    with pytest.raises(ValidationError) as holiday:
        services.visit_add_extra(
            school=world.school, user=world.qa_lead, visit_type=qa_visit, planned_date=date(2027, 2, 17)
        )
    assert list(holiday.value.message_dict) == ["planned_date"]
    assert "half-term" in holiday.value.message_dict["planned_date"][0]
    today = services.visit_add_extra(
        school=world.school, user=world.qa_lead, visit_type=qa_visit, planned_date=date(2026, 11, 24)
    )
    assert (today.term, today.is_extra) == ("autumn", True)
    assert Visit.objects.filter(school=world.school, is_extra=True).count() == 1
