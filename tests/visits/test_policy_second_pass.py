"""The policies, second pass, as people see them: one conversation with each trust's CEO (named for the trust), and
the papers each band's schools are asked for before a meeting."""

import re
from datetime import date

import pytest
from freezegun import freeze_time

from classification.frameworks import framework_load
from tests import factories as f
from tests.base import main_content
from visits.models import Visit
from visits.papers import papers_asked_for
from visits.planner import plan_visits

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


def test_one_conversation_with_the_ceo_per_trust_named_for_the_trust(world, client_for):
    """Telford & Wrekin QA policy 2024-25, Academies: "An offer of an initial conversation with the CEO about how the
    trusts contribution to borough wide schools improvement, and the Local Authority offer could be deployed" and
    Section 6: "Where a special or mainstream school is part of a formal partnership, for example a Multi-Academy
    Trust, an initial conversation ... is likely to take place with the accountable body in the first instance,
    rather than the individual school." """
    framework, _ = framework_load(slug="telford-wrekin-2024", authority=world.authority)
    academies = framework.bands.get(code="academies")
    lead = world.qa_lead
    oak = [
        f.SchoolFactory(
            authority=world.authority, academy=True, name=name, trust_code="5001", trust_name="Oak Trust", qa_lead=lead
        )
        for name in ("Birch Academy", "Ash Academy")
    ]
    elm = f.SchoolFactory(
        authority=world.authority, academy=True, name="Cedar Academy", trust_code="5002", trust_name="Elm Trust"
    )
    for school in [*oak, elm]:
        f.published_classification(school, academies, by=lead, since=date(2026, 7, 1))
    with freeze_time("2026-08-20"):
        plan_visits(start_year=2026, authority=world.authority)
        rows = Visit.objects.filter(academic_year=2026).values_list("pk", "school__name", "planned_date")
        first = sorted(rows)
        again = plan_visits(start_year=2026, authority=world.authority)
        conversations = Visit.objects.filter(visit_type__code="trust_initial_conversation").order_by("school__name")
        assert [visit.school.name for visit in conversations] == ["Ash Academy", "Cedar Academy"]
        assert (again["added"], again["removed"]) == (0, 0)
        assert sorted(rows.all()) == first
        ash = conversations[0]
        page = text_of(client_for(lead).get(f"/visits/{ash.pk}/"))
        assert f"Conversation with the CEO of Oak Trust on {ash.planned_date:%A} {ash.planned_date.day}" in page
        school_page = text_of(client_for(lead).get(f"/schools/{oak[1].urn}/"))
        assert "Conversation with the CEO of Oak Trust" in school_page
        assert not Visit.objects.filter(school=oak[0], visit_type__code="trust_initial_conversation").exists()


@pytest.mark.parametrize(
    ("band_code", "expected"),
    [
        (
            "amber",
            [
                "A relevant school development / raising attainment plan including accurate and evaluative impact "
                "measures",
                "Evidence about progress for all children including vulnerable learners, and evidence of the steps "
                "being taken to address any underperformance",
                "A robust monitoring cycle that is adhered to",
                "A copy of current and relevant reports for monitoring and support meetings",
            ],
        ),
        (
            "yellow",
            [
                "Improvement plan, with accurate and evaluative impact measures",
                "Summary of impact in improving teaching and learning and pupil outcomes",
            ],
        ),
    ],
)
def test_the_head_is_asked_for_the_papers_of_the_schools_band(world, client_for, band_code, expected):
    """Telford & Wrekin QA policy 2024-25, Section 6: "Schools classified amber or red will also be asked to provide
    the following in order to support visits schools: A relevant school development / raising attainment plan
    including accurate and evaluative impact measures. Evidence about progress for all children including
    vulnerable learners ... A robust monitoring cycle that is adhered to. A copy of current and relevant reports for
    monitoring and support meetings."; Yellow: "In order to support these visits schools will be asked to: Share
    their improvement plan ... Provide a summary of impact ..." """
    framework, _ = framework_load(slug="telford-wrekin-2024", authority=world.authority)
    band = framework.bands.get(code=band_code)
    with freeze_time("2026-12-03 10:00"):
        f.published_classification(world.school, band, by=world.qa_lead, since=date(2026, 9, 10))
        meeting = f.visit(
            world.school,
            code="monitoring_support_meeting",
            on=date(2026, 12, 15),
            papers_due=date(2026, 12, 8),
            band_label=band.label,
        )
        page = client_for(world.head).get(f"/visits/{meeting.pk}/contribute/")
    assert page.status_code == 200
    text = text_of(page)
    assert "Your papers are due by 8 December 2026." in text
    for title in expected:
        assert f"{title} Not uploaded yet." in text
    others = {p.title for p in papers_asked_for(framework, band="red")} | {
        p.title for p in papers_asked_for(framework, band="yellow")
    }
    for title in others - set(expected):
        assert title not in text
    assert [p.title for p in papers_asked_for(framework, band=band_code)] == expected


def test_the_band_the_visit_was_planned_in_decides_its_papers(world):
    """Telford & Wrekin QA policy 2024-25, Section 6: "Schools classified amber or red will also be asked to provide
    the following ..." — for a visit, the band it was planned in (its band snapshot), else the school's band."""
    from visits.selectors import paper_slots_for_visit

    framework, _ = framework_load(slug="telford-wrekin-2024", authority=world.authority)
    yellow, red = framework.bands.get(code="yellow"), framework.bands.get(code="red")
    with freeze_time("2026-12-03 10:00"):
        f.published_classification(world.school, yellow, by=world.qa_lead, since=date(2026, 9, 10))
        planned_in_red = f.visit(world.school, code="monitoring_support_meeting", band_label=red.label)
        unplanned = f.visit(world.school, code="monitoring_support_meeting", sequence=2)
        assert [slot.key for slot in paper_slots_for_visit(planned_in_red)] == [
            "development_plan",
            "progress_evidence",
            "monitoring_cycle",
            "monitoring_reports",
        ]
        assert [slot.key for slot in paper_slots_for_visit(unplanned)] == ["improvement_plan", "summary_of_impact"]
