"""Lead times in the visit planner: a meeting is planned at least its agenda and papers lead time ahead; a band
raised too late in a term for that plans a short-notice meeting whose deadlines run from the day it was planned
(never overdue on that day, "short notice" wherever they show); the school's headteacher and the QA lead are told
of each new meeting once, in a fixed number of reads for the whole authority.

Dates are the 2026/27 England defaults (visits/calendar.py): the autumn term ends on Friday 18 December 2026."""

import re
from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from classification.services import classification_publish
from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import main_content
from visits import calendar as cal
from visits.models import Visit
from visits.planner import plan_visits, propose_date, school_plan
from visits.services import visit_move

pytestmark = pytest.mark.django_db

# A Yellow school has a QA visit a term; a Red one a monitoring and support meeting a term (agenda 14 days before,
# papers 7 days before: the lead time is 14 days).
BANDS = {
    "yellow": ("Yellow", 2, [("qa_visit", 1, "term")]),
    "red": ("Red", 4, [("monitoring_support_meeting", 1, "term")]),
}
MEETING = "monitoring_support_meeting"


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


def _yellow_in_august(world):
    _, bands = f.framework_with_bands(world.authority, bands=BANDS, governance=False)
    with freeze_time("2026-08-20"):
        f.published_classification(world.school, bands["yellow"], by=world.director, since=date(2026, 8, 20))
        plan_visits(start_year=2026, authority=world.authority)
    return bands


def _raise_to_red(world, bands, on, django_capture_on_commit_callbacks):
    """The director publishes Red on `on` (the clock must be frozen on that day): the plan follows on commit."""
    red = f.discussed_classification(world.school, bands["red"], by=world.qa_lead, on=on)
    with django_capture_on_commit_callbacks(execute=True):
        classification_publish(classification=red, user=world.director)


def _meeting(world, term):
    return Visit.objects.get(school=world.school, term=term, visit_type__code=MEETING)


# --- where a meeting is placed -------------------------------------------------------------------------------


def test_propose_date_keeps_a_meeting_out_of_its_lead_time_and_late_in_a_term_gives_the_most_notice():
    december = cal.school_days(date(2026, 12, 1), date(2026, 12, 18))
    today = date(2026, 12, 1)
    # At least 14 days after today: the 15th is the first day the agenda can still be circulated on time.
    assert propose_date(window=december, busy=set(), position=0, today=today, lead_days=14) == date(2026, 12, 15)
    assert propose_date(window=december, busy={date(2026, 12, 15)}, position=0, today=today, lead_days=14) == (
        date(2026, 12, 16)
    )
    # Without a lead time (a visit, not a meeting), the first school day after today.
    assert propose_date(window=december, busy=set(), position=0, today=today) == date(2026, 12, 2)
    # Three days before the end of term no day is far enough ahead: the latest free day, the most notice there is.
    late = date(2026, 12, 15)
    assert propose_date(window=december, busy=set(), position=0, today=late, lead_days=14) == date(2026, 12, 18)
    assert propose_date(window=december, busy={date(2026, 12, 18)}, position=0, today=late, lead_days=14) == (
        date(2026, 12, 17)
    )


def test_a_band_raised_early_in_the_term_places_the_meeting_beyond_its_lead_time(
    world, django_capture_on_commit_callbacks
):
    bands = _yellow_in_august(world)
    with freeze_time("2026-09-07 10:00"):
        _raise_to_red(world, bands, date(2026, 9, 7), django_capture_on_commit_callbacks)
    autumn = _meeting(world, "autumn")
    # Halfway through the school days at least 14 days ahead (21 September to 18 December, half term left out).
    assert autumn.planned_date == date(2026, 11, 9)
    assert (autumn.agenda_due, autumn.papers_due) == (date(2026, 10, 26), date(2026, 11, 2))
    assert autumn.short_notice is False


def test_a_band_raised_on_1_december_no_longer_plans_a_meeting_whose_deadlines_have_passed(
    world, django_capture_on_commit_callbacks
):
    """The measured case: Red on 1 December planned a meeting on 4 December, its agenda due 20 November."""
    bands = _yellow_in_august(world)
    with freeze_time("2026-12-01 10:00"):
        _raise_to_red(world, bands, date(2026, 12, 1), django_capture_on_commit_callbacks)
    autumn = _meeting(world, "autumn")
    # The school days from 15 December (14 days ahead) to the end of term: 15, 16, 17, 18; the middle one.
    assert autumn.planned_date == date(2026, 12, 17)
    assert (autumn.agenda_due, autumn.papers_due) == (date(2026, 12, 3), date(2026, 12, 10))
    assert autumn.short_notice is False
    # The agenda is due two days after today, the earliest any deadline of the school's new meetings is.
    future = Visit.objects.filter(school=world.school, visit_type__code=MEETING)
    assert min(v.agenda_due for v in future) == date(2026, 12, 3)


# --- short notice --------------------------------------------------------------------------------------------


def test_a_band_raised_three_days_before_the_end_of_term_plans_a_short_notice_meeting_never_overdue(
    world, client_for, django_capture_on_commit_callbacks
):
    bands = _yellow_in_august(world)
    with freeze_time("2026-12-15 10:00"):
        _raise_to_red(world, bands, date(2026, 12, 15), django_capture_on_commit_callbacks)
        autumn = _meeting(world, "autumn")
        assert autumn.planned_date == date(2026, 12, 18)  # the last day of term: the most notice there is
        assert autumn.short_notice is True
        # 3 days' notice for a 14-day lead time: the agenda on the day it was planned, the papers (7 of the 14
        # days) one day before the meeting. The minutes keep the framework's 7 working days after it.
        assert (autumn.agenda_due, autumn.papers_due) == (date(2026, 12, 15), date(2026, 12, 17))
        assert autumn.minutes_due == cal.add_days(date(2026, 12, 18), 7, working=True)
        spring = _meeting(world, "spring")  # the spring term has room: planned in full
        assert spring.short_notice is False
        assert (spring.planned_date - spring.agenda_due).days == 14

        head_home = text_of(client_for(world.head).get("/home/headteacher/"))
        assert "Overdue" not in head_home
        assert (
            "Papers for the monitoring and support meeting on 18 December : by 17 December 2026 (short notice)"
            in head_home
        )
        assert (
            "Papers for the monitoring and support meeting at Brookmead Primary School on 18 December 2026 "
            "due 17 December 2026 Short notice" in head_home
        )

        page = text_of(client_for(world.qa_lead).get(f"/visits/{autumn.pk}/"))
        assert "Overdue" not in page
        assert "Agenda to the attendees 15 December 2026 (short notice) Due soon Short notice" in page
        assert "Papers from the school 17 December 2026 (short notice) Due soon Short notice" in page
        assert "Minutes to the headteacher 31 December 2026 Not yet due" in page
        assert "This meeting was planned at short notice, on 15 December 2026" in page

        school_page = text_of(client_for(world.qa_lead).get(f"/schools/{world.school.urn}/"))
        assert "Agenda to the attendees: 15 Dec Due soon Short notice" in school_page


def test_a_short_notice_meeting_moved_has_its_deadlines_from_the_day_of_the_move(
    world, django_capture_on_commit_callbacks
):
    bands = _yellow_in_august(world)
    with freeze_time("2026-12-15 10:00"):
        _raise_to_red(world, bands, date(2026, 12, 15), django_capture_on_commit_callbacks)
    autumn = _meeting(world, "autumn")
    with freeze_time("2026-12-16 10:00"):
        visit_move(visit=autumn, user=world.qa_lead, planned_date=date(2026, 12, 17))
    autumn.refresh_from_db()
    # Moved on the 16th to the 17th: one day's notice from the day of the move (never 3 December, nor the 15th,
    # which had passed when it was moved): agenda and papers both due the day before the meeting.
    assert (autumn.short_notice, autumn.agenda_due, autumn.papers_due) == (True, date(2026, 12, 16), date(2026, 12, 16))

    with freeze_time("2026-12-16 11:00"):
        visit_move(visit=autumn, user=world.qa_lead, planned_date=date(2027, 1, 14))
    autumn.refresh_from_db()
    # Moved beyond its lead time: short notice no more, the framework's deadlines again.
    assert (autumn.short_notice, autumn.agenda_due, autumn.papers_due) == (False, date(2026, 12, 31), date(2027, 1, 7))


# --- telling people of a new meeting -------------------------------------------------------------------------


def test_the_head_and_the_qa_lead_are_told_once_of_each_new_meeting_and_not_of_visits(
    world, django_capture_on_commit_callbacks
):
    _, bands = f.framework_with_bands(world.authority, bands=BANDS, governance=False)
    with freeze_time("2026-08-20 10:00"):
        f.published_classification(world.school, bands["yellow"], by=world.director, since=date(2026, 8, 20))
        with django_capture_on_commit_callbacks(execute=True):
            plan_visits(start_year=2026, authority=world.authority)
    assert Visit.objects.filter(school=world.school, visit_type__code="qa_visit").count() == 3
    assert Notification.objects.filter(kind="visit_planned").count() == 0  # QA visits: nobody is told
    mail.outbox.clear()

    with freeze_time("2026-12-15 10:00"):
        _raise_to_red(world, bands, date(2026, 12, 15), django_capture_on_commit_callbacks)
    autumn, spring, summer = (_meeting(world, term) for term in ("autumn", "spring", "summer"))
    told = Notification.objects.filter(kind="visit_planned")
    assert sorted((n.key, n.recipient.email) for n in told) == sorted(
        (f"visit-planned:{meeting.pk}", person.email)
        for meeting in (autumn, spring, summer)
        for person in (world.head, world.qa_lead)
    )
    for person in (world.head, world.qa_lead):
        (short,) = told.filter(recipient=person, key=f"visit-planned:{autumn.pk}")
        assert short.text == (
            "A monitoring and support meeting at Brookmead Primary School is planned for 18 December 2026 "
            "(short notice: the agenda is due 15 December 2026 and the papers 17 December 2026)."
        )
        assert short.link == f"/la/990/visits/{autumn.pk}/"
        assert short.authority == world.authority
    (in_spring,) = told.filter(recipient=world.head, key=f"visit-planned:{spring.pk}")
    assert in_spring.text == (
        f"A monitoring and support meeting at Brookmead Primary School is planned for "
        f"{spring.planned_date.day} {spring.planned_date:%B %Y}. The agenda is due "
        f"{spring.agenda_due.day} {spring.agenda_due:%B %Y} and the papers "
        f"{spring.papers_due.day} {spring.papers_due:%B %Y}."
    )
    planned_mail = [m for m in mail.outbox if "Monitoring and support meeting at" in m.subject]
    assert sorted((m.to[0], m.subject) for m in planned_mail) == sorted(
        [
            (
                world.head.email,
                "Short notice: Monitoring and support meeting at Brookmead Primary School on 18 December 2026",
            ),
            (
                world.qa_lead.email,
                "Short notice: Monitoring and support meeting at Brookmead Primary School on 18 December 2026",
            ),
            *(
                (person.email, f"Monitoring and support meeting at Brookmead Primary School on {day}")
                for person in (world.head, world.qa_lead)
                for day in (
                    f"{spring.planned_date.day} {spring.planned_date:%B %Y}",
                    f"{summer.planned_date.day} {summer.planned_date:%B %Y}",
                )
            ),
        ]
    )
    (to_head,) = [m for m in planned_mail if m.to == [world.head.email] and m.subject.startswith("Short notice")]
    assert "Why it was planned: Published band changed from Yellow to Red." in to_head.body
    assert "It is planned at short notice" in to_head.body
    assert f"/la/990/visits/{autumn.pk}/" in to_head.body
    assert Notification.objects.filter(recipient=world.other_head).count() == 0

    # The plan again (the nightly or term-start run): nothing new is planned, nobody is told again.
    with freeze_time("2026-12-16 10:00"), django_capture_on_commit_callbacks(execute=True):
        again = school_plan(school=world.school, start_year=2026, reason="Published band changed from Yellow to Red")
        plan_visits(start_year=2026, authority=world.authority)
    assert again["added"] == 0
    assert Notification.objects.filter(kind="visit_planned").count() == 6


def _plan_and_tell(authority, schools, bands, director, django_capture_on_commit_callbacks):
    """(reads while planning, queries telling people after commit, heads lookups, meetings added)."""
    for school in schools:
        f.published_classification(school, bands["red"], by=director, since=date(2026, 8, 20))
    cal.terms_for(authority=authority, start_year=2026)  # the year's term dates exist, as at any later run
    with CaptureQueriesContext(connection) as planning, django_capture_on_commit_callbacks() as callbacks:
        totals = plan_visits(start_year=2026, authority=authority)
    with CaptureQueriesContext(connection) as telling:
        for callback in callbacks:
            callback()
    reads = [q for q in planning.captured_queries if not q["sql"].startswith("INSERT")]
    heads_lookups = [q for q in telling.captured_queries if "accounts_roleassignment" in q["sql"]]
    return len(reads), len(telling), len(heads_lookups), totals["added"]


@freeze_time("2026-08-20 10:00")
def test_planning_an_authority_with_new_meetings_takes_the_same_reads_for_3_and_9_schools(
    world, django_capture_on_commit_callbacks
):
    _, small_bands = f.framework_with_bands(world.authority, bands=BANDS, governance=False)
    small = [world.school, world.other_school, f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead)]
    f.headteacher(small[2])
    small_reads, small_telling, small_heads, small_added = _plan_and_tell(
        world.authority, small, small_bands, world.director, django_capture_on_commit_callbacks
    )

    _, large_bands = f.framework_with_bands(world.other_authority, bands=BANDS, governance=False)
    large = [world.outside_school]
    for _ in range(8):
        school = f.SchoolFactory(authority=world.other_authority, qa_lead=world.outside_qa_lead)
        f.headteacher(school)
        large.append(school)
    large_reads, large_telling, large_heads, large_added = _plan_and_tell(
        world.other_authority, large, large_bands, world.director, django_capture_on_commit_callbacks
    )

    assert (small_added, large_added) == (9, 27)  # a meeting a term for each school
    assert small_reads == large_reads
    # After commit: one lookup of every school's heads and one of the QA leads, then a notify per new meeting
    # (each meeting has one head and one QA lead): 3 times the meetings, 3 times the notify queries.
    assert (small_heads, large_heads) == (1, 1)
    assert large_telling - 2 == 3 * (small_telling - 2)
    assert Notification.objects.filter(kind="visit_planned").count() == 2 * (9 + 27)
