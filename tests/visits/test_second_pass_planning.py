"""The five policies, second pass: what the planner makes of who an entitlement is for, visits one per trust, the
order of a band's year, and support "in addition to" another band's."""

from datetime import date

import pytest
from freezegun import freeze_time

from classification.frameworks import framework_load
from schools.models import School
from tests import factories as f
from visits.models import Visit
from visits.planner import plan_visits, school_plan

pytestmark = pytest.mark.django_db


def _framework(slug, **authority):
    authority = f.AuthorityFactory(**authority)
    framework, _ = framework_load(slug=slug, authority=authority)
    return authority, framework


def _planned(school, framework, band_code):
    band = framework.bands.get(code=band_code)
    with freeze_time("2026-08-20"):
        school_plan(school=school, start_year=2026, reason="test", band=band, framework=framework)
    return list(Visit.objects.filter(school=school, academic_year=2026).order_by("planned_date", "pk"))


def _codes(visits):
    return [visit.visit_type.code for visit in visits]


@pytest.mark.parametrize("band_code", ["secure-plus", "secure"])
@pytest.mark.parametrize(
    ("establishment_type", "type_group", "expected"),
    [
        ("Community school", School.TypeGroup.LA_MAINTAINED, "telephone_conversation"),
        ("Community special school", School.TypeGroup.SPECIAL, "self_evaluation_visit"),
        ("Pupil referral unit", School.TypeGroup.LA_MAINTAINED, "self_evaluation_visit"),
    ],
)
def test_special_schools_and_prus_get_a_visit_instead_of_a_telephone_call(
    band_code, establishment_type, type_group, expected
):
    """Worcestershire Aiming for Outstanding 2017-18, Section 2 (Secure Plus and Secure Schools): "these schools will
    receive a phone call from a School Improvement Advisor ... Special Schools and Pupil Referral Units ... will
    receive a visit from a School Improvement Advisor to discuss their self-evaluation and emerging priorities." """
    authority, framework = _framework("worcestershire-2017")
    school = f.SchoolFactory(authority=authority, establishment_type=establishment_type, type_group=type_group)
    codes = _codes(_planned(school, framework, band_code))
    other = {"telephone_conversation", "self_evaluation_visit"} - {expected}
    assert codes.count(expected) == 1
    assert other.isdisjoint(codes)


@pytest.mark.parametrize(
    ("band_code", "order"),
    [
        ("light-touch", ["desktop_review", "initial_visit", "follow_up_call"]),
        ("focused", ["desktop_review", "initial_visit", "adviser_led_review", "project_board"]),
        ("intensive", ["desktop_review", "initial_visit", "adviser_led_review", "project_board", "project_board"]),
    ],
)
def test_each_bands_year_starts_in_the_order_of_the_text(band_code, order):
    """Worcestershire Aiming for Outstanding 2017-18, Section 3 (Summary of Engagement): Light touch support
    "Desktop analysis • Initial visit • Telephone follow-up discussion of progress- end term one"; Focus and
    Intensive support "Desktop analysis • Initial visit to discuss ... self-evaluation • School Improvement
    Adviser-led Reviews-frequency proportionate to need • ... • Project Board meetings"."""
    authority, framework = _framework("worcestershire-2017")
    visits = _planned(f.SchoolFactory(authority=authority), framework, band_code)
    autumn = [visit for visit in visits if visit.term == "autumn"]
    assert _codes(autumn) == order
    if band_code == "light-touch":
        assert [visit.term for visit in visits] == ["autumn"] * 3  # the follow-up at the end of term one
    else:
        # Adviser-led reviews every term, never before the initial visit.
        assert [visit.term for visit in visits if visit.visit_type.code == "adviser_led_review"] == [
            "autumn",
            "spring",
            "summer",
        ]


def test_category_4b_keeps_category_3s_termly_review_of_the_rap():
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Four, 4b: "substantial additional
    visits, challenge, advice and support. In addition to that given to Category 3 schools." Category Three:
    "Termly review of the RAP and progress data to ensure impact against the success criteria." """
    authority, framework = _framework("telford-wrekin-2014")
    visits = _planned(f.SchoolFactory(authority=authority), framework, "category-4b")
    reviews = [visit.term for visit in visits if visit.visit_type.code == "improvement_plan_evaluation"]
    assert reviews == ["autumn", "spring", "summer"]


@pytest.mark.parametrize(("band_code", "expected"), [("level-2", 0), ("level-3", 1), ("level-4", 1)])
def test_levels_3_and_4_are_invited_to_a_meeting_with_the_ceo_in_the_autumn(band_code, expected):
    """West Somerset Academies Trust, School Improvement and Quality Assurance Policy (2021), Section 3: "The
    Headteacher and Chair of Governors of schools categorised at Level 3 or Level 4 will be invited to a meeting with
    the CEO to discuss the level awarded and the support and intervention the school will receive and the expected
    impact." """
    authority, framework = _framework("west-somerset-2021", kind="trust")
    visits = _planned(f.SchoolFactory(authority=authority, academy=True), framework, band_code)
    meetings = [visit for visit in visits if visit.visit_type.code == "ceo_meeting"]
    assert [(visit.term, visit.visit_type.name, visit.visit_type.is_meeting) for visit in meetings] == [
        ("autumn", "Meeting with the CEO", True)
    ] * expected


def test_one_conversation_with_each_trusts_ceo_not_one_per_academy():
    """Telford & Wrekin QA policy 2024-25, Section 6: "Where a special or mainstream school is part of a formal
    partnership, for example a Multi-Academy Trust, an initial conversation about how the support and challenge
    offer will be deployed is likely to take place with the accountable body in the first instance, rather than the
    individual school." """
    authority, framework = _framework("telford-wrekin-2024")
    lead = f.UserFactory()
    academies_band = framework.bands.get(code="academies")
    oak = [
        f.SchoolFactory(authority=authority, academy=True, name=name, trust_code="5001", trust_name="Oak Trust")
        for name in ("Birch Academy", "Ash Academy")
    ]
    elm = f.SchoolFactory(authority=authority, academy=True, name="Cedar Academy", trust_code="5002")
    for school in [*oak, elm]:
        f.published_classification(school, academies_band, by=lead, since=date(2026, 7, 1))
    with freeze_time("2026-08-20"):
        plan_visits(start_year=2026, authority=authority)
        again = plan_visits(start_year=2026, authority=authority)
    conversations = Visit.objects.filter(visit_type__code="trust_initial_conversation", academic_year=2026)
    assert sorted(visit.school.name for visit in conversations) == ["Ash Academy", "Cedar Academy"]
    assert again["added"] == 0 and again["removed"] == 0
