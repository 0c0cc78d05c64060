"""Issue 20: plan_visits reads the country an authority at a time, in groups of schools, and writes each group
before it reads the next; the groups do not change the plan."""

from datetime import date

import pytest
from freezegun import freeze_time

from schools.models import School
from tests import factories as f
from visits import planner
from visits.models import PlanChange, Visit
from visits.planner import plan_visits

pytestmark = pytest.mark.django_db


def _plan():
    return sorted(
        Visit.objects.filter(academic_year=2026).values_list(
            "school__urn", "term", "visit_type__code", "sequence", "planned_date", "qa_lead_id"
        )
    )


@freeze_time("2026-08-20")
def test_a_national_plan_goes_an_authority_at_a_time_in_groups_and_plans_what_one_group_would(world, monkeypatch):
    _, bands = f.framework_with_bands(world.authority)
    _, other_bands = f.framework_with_bands(world.other_authority)
    more = [f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead) for _ in range(3)]
    f.SchoolFactory(authority=world.authority, status=School.Status.CLOSED)  # never planned
    other = f.SchoolFactory(authority=world.other_authority, qa_lead=world.outside_qa_lead)
    for school in [world.school, world.other_school, *more]:
        f.published_classification(school, bands["amber"], by=world.director, since=date(2026, 8, 20))
    for school in [world.outside_school, other]:
        f.published_classification(school, other_bands["amber"], by=world.director, since=date(2026, 8, 20))

    monkeypatch.setattr(planner, "SCHOOLS_PER_GROUP", 2)
    progress = []
    totals = plan_visits(start_year=2026, progress=lambda done, total: progress.append((done, total)))
    # Demo Borough's 5 open schools in groups of 2, 2 and 1, then Elsewhere Council's 2.
    assert progress == [(2, 7), (4, 7), (5, 7), (7, 7)]
    assert totals == {"schools": 7, "added": 48, "removed": 0, "kept": 0}
    in_groups = _plan()
    assert len(in_groups) == 48

    PlanChange.objects.all().delete()
    Visit.objects.all().delete()
    monkeypatch.setattr(planner, "SCHOOLS_PER_GROUP", 500)
    assert plan_visits(start_year=2026) == totals
    assert _plan() == in_groups
