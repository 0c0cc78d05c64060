import csv
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from classification.services import classification_publish
from classification.signals import band_published
from tests import factories as f
from visits import calendar as cal
from visits.models import PlanChange, Visit, VisitType
from visits.planner import _AuthorityPlan, plan_visits, school_plan
from visits.services import visit_confirm
from visits.tasks import plan_visits_task

pytestmark = pytest.mark.django_db


def _counts(school, year=2026):
    return Counter((v.term, v.visit_type.code) for v in Visit.objects.filter(school=school, academic_year=year))


@freeze_time("2026-08-20")
def test_telford_2024_year_gives_each_band_its_entitlement(world):
    _, bands = f.framework_with_bands(world.authority)
    schools = {code: f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead) for code in bands}
    academy = f.SchoolFactory(authority=world.authority, academy=True)
    for code, school in schools.items():
        f.published_classification(school, bands[code], by=world.director, since=date(2026, 8, 20))
    f.published_classification(academy, bands["yellow"], by=world.director, since=date(2026, 8, 20))

    call_command("plan_visits", "--year", "2026", "--authority", world.authority.code)

    terms = ("autumn", "spring", "summer")
    green = _counts(schools["green"])
    assert sum(n for (t, c), n in green.items() if c == "qa_visit") == 2
    yellow = _counts(schools["yellow"])
    assert all(yellow[(t, "qa_visit")] == 1 for t in terms)
    amber = _counts(schools["amber"])
    for t in terms:
        assert amber[(t, "monitoring_support_meeting")] == 1
        assert sum(n for (term, c), n in amber.items() if term == t and c != "annual_governance_conversation") == 2
    red = _counts(schools["red"])
    for t in terms:
        assert red[(t, "monitoring_support_meeting")] == 1
        assert sum(n for (term, c), n in red.items() if term == t and c != "annual_governance_conversation") == 3
    for school in schools.values():  # every maintained school: one annual governance conversation
        assert sum(n for (t, c), n in _counts(school).items() if c == "annual_governance_conversation") == 1
    assert not Visit.objects.filter(school=academy, visit_type__code="annual_governance_conversation").exists()

    visits = Visit.objects.filter(school__in=schools.values())
    assert all(v.qa_lead == world.qa_lead for v in visits)
    assert all(cal.is_working_day(v.planned_date) for v in visits)
    # Away from the QA lead's other visits: no two of this lead's visits on the same day.
    dates = Counter(v.planned_date for v in visits)
    assert max(dates.values()) == 1
    # Inside its own term, outside the half-term break.
    terms_by_code = {t.code: t for t in cal.terms_for(authority=world.authority, start_year=2026)}
    for v in visits:
        term = terms_by_code[v.term]
        assert term.starts_on <= v.planned_date <= term.ends_on
        assert not term.half_term_break_starts <= v.planned_date <= term.half_term_break_ends
    meeting = visits.filter(visit_type__code="monitoring_support_meeting").first()
    assert (meeting.planned_date - meeting.agenda_due).days == 14


@freeze_time("2026-11-24")
def test_plan_visits_twice_creates_nothing_new(world):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["amber"], by=world.director)
    first = plan_visits(start_year=2026, authority=world.authority)
    count = Visit.objects.count()

    second = plan_visits_task.delay(2026, world.authority.pk).get()  # the same service as a Celery task
    assert first["added"] == count == 7
    assert second["added"] == 0 and Visit.objects.count() == count


@freeze_time("2026-11-24")
def test_constraint_not_only_code_stops_a_duplicate(world):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["yellow"], by=world.director)
    plan_visits(start_year=2026, authority=world.authority)
    visit = Visit.objects.filter(school=world.school).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.visit(
            visit.school, code=visit.visit_type.code, on=date(2027, 1, 12), term=visit.term, sequence=visit.sequence
        )


def test_yellow_to_red_replans_only_future_unconfirmed_visits(world):
    _, bands = f.framework_with_bands(world.authority)
    with freeze_time("2026-08-20"):
        f.published_classification(world.school, bands["yellow"], by=world.director, since=date(2026, 8, 20))
        plan_visits(start_year=2026, authority=world.authority)
    yellow_visits = {v.term: v for v in Visit.objects.filter(school=world.school, visit_type__code="qa_visit")}
    assert set(yellow_visits) == {"autumn", "spring", "summer"}
    autumn, spring, summer = yellow_visits["autumn"], yellow_visits["spring"], yellow_visits["summer"]
    # The autumn visit was held; the spring one is confirmed with the school.
    Visit.objects.filter(pk=autumn.pk).update(status=Visit.Status.HELD)
    visit_confirm(visit=spring, user=world.qa_lead)

    with freeze_time("2026-11-24"):
        f.published_classification(world.school, bands["red"], by=world.director, since=date(2026, 11, 24))
        result = school_plan(school=world.school, start_year=2026, reason="Published band changed from Yellow to Red")

    assert Visit.objects.filter(pk=autumn.pk, status="held").exists()
    assert Visit.objects.filter(pk=spring.pk, status="confirmed").exists()
    assert not Visit.objects.filter(pk=summer.pk).exists()  # future and unconfirmed: removed
    counts = _counts(world.school)
    assert counts[("spring", "monitoring_support_meeting")] == 1 and counts[("spring", "interim_visit")] == 2
    assert counts[("summer", "monitoring_support_meeting")] == 1 and counts[("summer", "interim_visit")] == 2
    new = Visit.objects.filter(
        school=world.school, visit_type__code__in=["interim_visit", "monitoring_support_meeting"]
    )
    assert all(v.planned_date > date(2026, 11, 24) for v in new)
    assert result["removed"] == 1 and result["kept"] == 2
    reasons = set(PlanChange.objects.filter(school=world.school, action="removed").values_list("reason", flat=True))
    assert reasons == {"Published band changed from Yellow to Red"}
    assert PlanChange.objects.get(school=world.school, action="kept", visit=spring).reason == (
        "Published band changed from Yellow to Red; kept because it is confirmed"
    )


@freeze_time("2026-11-24")
def test_band_published_signal_queues_a_replan_on_commit(world, django_capture_on_commit_callbacks):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["green"], by=world.director)
    with django_capture_on_commit_callbacks(execute=True):
        band_published.send(sender=None, school=world.school, band=bands["green"], previous_band=None)
    assert Visit.objects.filter(school=world.school, visit_type__code="qa_visit").count() == 2
    assert (
        list(PlanChange.objects.values_list("action", "reason"))
        == [("added", "Published band changed from no band to Green")] * 3
    )  # two QA visits and the annual governance conversation


@freeze_time("2026-11-24")
def test_export_visit_plan_writes_exactly_the_columns(world, tmp_path):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["amber"], by=world.director)
    plan_visits(start_year=2026, authority=world.authority)
    target = tmp_path / "plan.csv"
    call_command("export_visit_plan", "--year", "2026", str(target))
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "urn",
        "school",
        "framework",
        "band",
        "academic_year",
        "term",
        "visit_type",
        "planned_date",
        "agenda_due",
        "papers_due",
        "minutes_due",
        "qa_lead",
        "status",
    ]
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == Visit.objects.count()
    meeting = next(r for r in body if r["visit_type"] == "Monitoring and support meeting")
    assert meeting["band"] == "Amber" and meeting["academic_year"] == "2026/27"
    assert (date.fromisoformat(meeting["planned_date"]) - date.fromisoformat(meeting["agenda_due"])).days == 14
    interim = next(r for r in body if r["visit_type"] == "Interim visit")
    assert interim["agenda_due"] == interim["minutes_due"] == ""


def test_plan_visits_command_rejects_unknown_authority(db):
    with pytest.raises(CommandError, match=r"^No authority with code '12345'$"):
        call_command("plan_visits", "--year", "2026", "--authority", "12345")


def test_publishing_red_through_the_classification_service_replans_on_commit(world, django_capture_on_commit_callbacks):
    """End to end: classification's publish service sends band_published; visits re-plans after commit."""
    _, bands = f.framework_with_bands(world.authority)
    with freeze_time("2026-08-20"):
        f.published_classification(world.school, bands["yellow"], by=world.director, since=date(2026, 8, 20))
        plan_visits(start_year=2026, authority=world.authority)
    with freeze_time("2026-11-24 10:00"):
        red = f.discussed_classification(world.school, bands["red"], by=world.qa_lead, on=date(2026, 11, 24))
        with django_capture_on_commit_callbacks(execute=True):
            classification_publish(classification=red, user=world.director)
    counts = _counts(world.school)
    assert counts[("spring", "monitoring_support_meeting")] == 1 and counts[("spring", "interim_visit")] == 2
    assert counts[("spring", "qa_visit")] == 0  # the Yellow visit in the future, unconfirmed: removed
    assert PlanChange.objects.filter(reason="Published band changed from Yellow to Red", action="removed").count() == 2


@freeze_time("2026-11-24")
def test_planning_mid_year_never_dates_a_visit_in_the_past(world):
    bands = {"high": ("High", 1, [("school_improvement_group", 1, "half_term"), ("qa_visit", 24, "year")])}
    _, made = f.framework_with_bands(world.authority, slug="half-termly", bands=bands)
    f.published_classification(world.school, made["high"], by=world.director)
    plan_visits(start_year=2026, authority=world.authority)
    visits = Visit.objects.filter(school=world.school)
    assert visits.count() == 30 and all(v.planned_date > date(2026, 11, 24) for v in visits)
    # The second half of the autumn term still gets its half-termly meeting; the first half (over) does not.
    assert visits.filter(term="autumn", visit_type__code="school_improvement_group").count() == 1
    assert visits.filter(term="spring", visit_type__code="school_improvement_group").count() == 2


@freeze_time("2026-11-24")
def test_planning_on_a_database_without_its_visit_types_still_plans_real_meetings(world):
    """Live-server tests flush the rows the visit-type migration seeded; the planner must take types from the
    catalogue, not invent plain ones (which would make a monitoring meeting a non-meeting with no deadlines)."""

    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["amber"], by=world.director)
    VisitType.objects.all().delete()
    plan_visits(start_year=2026, authority=world.authority)
    meetings = Visit.objects.filter(school=world.school, visit_type__code="monitoring_support_meeting")
    assert meetings.count() == 3  # one a term
    assert all(m.visit_type.is_meeting and m.visit_type.name == "Monitoring and support meeting" for m in meetings)
    assert all(m.agenda_due and m.minutes_due for m in meetings)


def _planning_queries(authority, schools, bands, director):
    """(reads, inserts, rows inserted) of planning an authority's year."""
    for school in schools:
        f.published_classification(school, bands["amber"], by=director, since=date(2026, 8, 20))
    cal.terms_for(authority=authority, start_year=2026)  # the year's term dates exist, as at any later run
    with CaptureQueriesContext(connection) as queries:
        totals = plan_visits(start_year=2026, authority=authority)
    assert totals["schools"] == len(schools)
    assert totals["added"] == Visit.objects.filter(school__in=schools).count()
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    return len(queries) - len(inserts), len(inserts), totals["added"]


def _batches(model, rows):
    size = min(connection.ops.bulk_batch_size(model._meta.concrete_fields, [None] * rows) or rows, rows)
    return -(-rows // size)


@freeze_time("2026-08-20")
def test_planning_reads_and_writes_an_authority_in_the_same_number_of_queries_however_many_schools(world):
    _, small_bands = f.framework_with_bands(world.authority)
    small = [f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead) for _ in range(2)]
    small_reads, _, _ = _planning_queries(
        world.authority, [world.school, world.other_school, *small], small_bands, world.director
    )

    _, large_bands = f.framework_with_bands(world.outside_school.authority)
    large = [
        f.SchoolFactory(authority=world.outside_school.authority, qa_lead=world.outside_qa_lead) for _ in range(20)
    ]
    large_reads, inserts, added = _planning_queries(
        world.outside_school.authority, [world.outside_school, *large], large_bands, world.director
    )

    assert small_reads == large_reads
    # Visits and their change records go in bulk (SQLite splits a bulk insert into batches of its variable limit).
    assert added == 147  # 7 visits for each of 21 Amber schools
    assert inserts == _batches(Visit, added) + _batches(PlanChange, added)


def test_freeing_one_visits_date_keeps_the_leads_other_visit_that_day_busy(world):
    """A re-plan that removes one school's visit frees that date for the school, but not for its QA lead if the
    lead has another school's visit on the same day."""

    plan = _AuthorityPlan(authority=world.authority, start_year=2026, today=date(2026, 8, 20), reason="", type_cache={})
    first = f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead)
    second = f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead)
    day = date(2026, 11, 10)
    plan.take(first, day)
    plan.take(second, day)
    plan.free(first, day)
    assert day in plan.busy_for(first)  # still the lead's day at the second school
    plan.free(second, day)
    assert day not in plan.busy_for(first)
