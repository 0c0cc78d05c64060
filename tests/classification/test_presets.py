"""Acceptance 1 and 2: for each preset, schools whose evidence lands in each band, with the rules named."""

import datetime as dt

import pytest

from classification.frameworks import preset_slugs
from classification.services import framework_problems
from schools.models import School
from tests import factories as f

from .helpers import TEST_FACTS, TODAY, assess, fired_rules, texts

pytestmark = pytest.mark.django_db


def joined(assessment):
    return " | ".join(texts(assessment))


# --- Telford & Wrekin 2024 -------------------------------------------------------------------------------------


class TestTelford2024:
    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("telford-wrekin-2024", la)

    def test_green_when_no_concerns(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, ks2_expected_pct=(66, 61), persistent_absence_pct=8.1)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "green"
        assert fired_rules(assessment) == ["no_significant_concerns"]
        assert "No significant concerns from the section 6 criteria → Green" in joined(assessment)

    def test_yellow_low_level_of_concern_names_the_threshold(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=14.2)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "yellow"
        assert fired_rules(assessment) == ["low_level_of_concern"]
        assert "Persistent absence 14.2% (threshold 10%), 2025/26" in joined(assessment)

    def test_amber_a_number_of_concerns(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=14.2, ks2_expected_pct=(48, 61), complaints=6)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "amber"
        assert fired_rules(assessment) == ["number_of_concerns"]
        text = joined(assessment)
        assert texts(assessment)[0] == (
            "A number of concerns → Amber: 3 criteria of concern in 3 areas "
            "(Quality of education, Behaviour and attitudes, Leadership and management)"
        )
        assert "KS2 expected standard (reading, writing and maths) 48% against 61% nationally" in text

    def test_red_ofsted_inadequate(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.OfstedInspectionFactory(school=school, overall_effectiveness=4)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "red"
        assert fired_rules(assessment) == ["ofsted_inadequate"]

    def test_red_formal_warning_notice_fact(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        TEST_FACTS[school.pk] = {"warning_notice_active": True}
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "red"
        assert "Formal warning notice issued by the LA → Red" in joined(assessment)

    def test_new_headteacher_at_least_yellow(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.headteacher_event(school, "Ada Newhead", dt.date(2026, 9, 1))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "yellow"
        assert "Change in leadership → at least Yellow: new headteacher (Ada Newhead) since September 2026" in joined(
            assessment
        )

    def test_old_headteacher_change_does_not_fire(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.headteacher_event(school, "Ada Newhead", dt.date(2024, 9, 1))
        assert assess(school, lead).suggested_band.code == "green"

    def test_governor_vacancies_are_a_leadership_concern(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, period="2026/27", governor_vacancies_pct=33.3)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "yellow"
        assert "Governor vacancies above 25%: Governor vacancies 33.3% (threshold 25%), 2026/27" in joined(assessment)

    def test_academy_goes_to_the_academies_track(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead, academy=True)
        f.indicator_values(school, persistent_absence_pct=20)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "academies"
        assert assessment.suggested_band.is_academy_track
        # The concern is still recorded for the conversation with the trust.
        assert "Persistent absence 20% (threshold 10%)" in joined(assessment)

    def test_twelve_months_amber_without_progress_suggests_red(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.published_classification(school, self.framework.bands.get(code="amber"), by=lead, since=dt.date(2025, 10, 1))
        f.indicator_values(school, persistent_absence_pct=14.2, ks2_expected_pct=(48, 61), complaints=6)
        assessment = assess(school, lead, sufficient_progress=False)
        assert assessment.suggested_band.code == "red"
        assert fired_rules(assessment) == ["amber_without_progress"]


# --- Telford & Wrekin 2014 -------------------------------------------------------------------------------------


class TestTelford2014:
    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("telford-wrekin-2014", la)

    def test_category_1(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "category-1"
        assert fired_rules(assessment) == ["no_significant_issues"]

    def test_not_placed_on_one_criterion_alone(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, ks2_expected_pct=(50, 61))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "category-1"
        # The concern is listed, but no rule placed the school on it alone.
        assert "Attainment below the national average (KS2)" in joined(assessment)
        assert fired_rules(assessment) == ["no_significant_issues"]  # not two_or_more_criteria
        assert "1 criterion of concern is not enough on its own for Category 2: the framework needs 2" in joined(
            assessment
        )

    def test_category_2_two_criteria_in_strands_1_to_4(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, ks2_expected_pct=(50, 61))
        assessment = assess(school, lead, concerns=["teaching_not_good"])
        assert assessment.suggested_band.code == "category-2"
        assert "Not met 2 or more of the criteria in strands 1 to 4 → Category 2: 2 criteria of concern" in joined(
            assessment
        )

    def test_category_2_exceptional_strand_5(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead, concerns=["reorganisation"])
        assert assessment.suggested_band.code == "category-2"
        assert fired_rules(assessment) == ["strand5_exceptional"]

    def test_twelve_months_in_category_2_without_progress_suggests_category_3(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.published_classification(
            school, self.framework.bands.get(code="category-2"), by=lead, since=dt.date(2025, 9, 15)
        )
        f.indicator_values(school, ks2_expected_pct=(50, 61))
        assessment = assess(school, lead, concerns=["teaching_not_good"], sufficient_progress=False)
        assert assessment.suggested_band.code == "category-3"
        assert (
            "In Category 2 for twelve months without the progress expected → Category 3: in Category 2 since "
            "15 September 2025 (14 months) without sufficient progress"
        ) in joined(assessment)

    def test_under_twelve_months_or_with_progress_stays_category_2(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.published_classification(
            school, self.framework.bands.get(code="category-2"), by=lead, since=dt.date(2026, 1, 10)
        )
        f.indicator_values(school, ks2_expected_pct=(50, 61))
        assert assess(school, lead, concerns=["conduct"], sufficient_progress=False).suggested_band.code == "category-2"
        other = f.SchoolFactory(authority=la, qa_lead=lead)
        f.published_classification(
            other, self.framework.bands.get(code="category-2"), by=lead, since=dt.date(2025, 1, 10)
        )
        f.indicator_values(other, ks2_expected_pct=(50, 61))
        assert assess(other, lead, concerns=["conduct"], sufficient_progress=True).suggested_band.code == "category-2"

    def test_category_3_serious_concerns(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, ks2_expected_pct=(50, 61), attendance_pct=(90, 93))
        assessment = assess(school, lead, concerns=["teaching_not_good", "leadership_direction"])
        assert assessment.suggested_band.code == "category-3"
        assert fired_rules(assessment) == ["serious_concerns"]

    def test_category_4a_warning_notice(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        TEST_FACTS[school.pk] = {"warning_notice_active": True}
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "category-4a"
        assert "Formal LA warning notice → Category 4a" in joined(assessment)

    @pytest.mark.parametrize("category", ["SWK", "SM"])
    def test_ofsted_category_of_concern_is_category_4b(self, la, lead, category):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.OfstedInspectionFactory(school=school, overall_effectiveness=4, category_of_concern=category)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "category-4b"
        assert fired_rules(assessment) == ["ofsted_category"]
        assert "Ofsted serious weaknesses or special measures → Category 4b: Ofsted placed the school in" in joined(
            assessment
        )


# --- Barnsley ----------------------------------------------------------------------------------------------------


class TestBarnsley:
    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("barnsley", la)

    def test_no_risk(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assert assess(school, lead).suggested_band.code == "no-risk"

    def test_new_headteacher_automatically_in_a_category_of_support(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.headteacher_event(school, "Sam Fresh", dt.date(2026, 4, 20))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "low-risk"
        assert (
            "New headteacher: automatically allocated to a category of support → at least Low risk: "
            "new headteacher (Sam Fresh) since April 2026"
        ) in joined(assessment)

    def test_low_risk_one_concern(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=(22, 17.8))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "low-risk"
        assert fired_rules(assessment) == ["some_concern"]

    def test_medium_risk_concerns_in_two_areas(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, ks2_expected_pct=(52, 61))
        assessment = assess(school, lead, concerns=["la_intelligence"])
        assert assessment.suggested_band.code == "medium-risk"
        assert "Concerns in two or more areas of evidence → Medium risk" in joined(assessment)

    def test_high_risk_ofsted_category(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.OfstedInspectionFactory(school=school, special_measures=True)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "high-risk"
        assert fired_rules(assessment) == ["ofsted_category"]

    def test_high_risk_concerns_in_three_areas(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, ks2_expected_pct=(52, 61), attendance_pct=(90, 93))
        assessment = assess(school, lead, concerns=["la_intelligence", "previous_review"])
        assert assessment.suggested_band.code == "high-risk"
        assert fired_rules(assessment) == ["concerns_in_three_areas"]


# --- West Somerset Academies Trust -------------------------------------------------------------------------------


class TestWestSomerset:
    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("west-somerset-2021", la)

    def test_level_1(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead, academy=True)
        f.indicator_values(school, ks2_expected_pct=(70, 61))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "level-1"
        assert fired_rules(assessment) == ["no_significant_issues"]

    def test_level_2_one_or_two_concerns(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead, academy=True)
        f.indicator_values(school, ks2_expected_pct=(58, 61))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "level-2"
        assert "One or two concerns → Level 2" in joined(assessment)

    def test_level_3_a_number_of_issues(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead, academy=True)
        f.indicator_values(school, ks2_expected_pct=(58, 61), attendance_pct=(91, 93))
        assessment = assess(school, lead, concerns=["curriculum"])
        assert assessment.suggested_band.code == "level-3"
        assert fired_rules(assessment) == ["number_of_issues"]

    def test_level_4_special_measures(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead, academy=True)
        f.OfstedInspectionFactory(school=school, special_measures=True)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "level-4"
        assert "Ofsted special measures or serious weaknesses → Level 4" in joined(assessment)


# --- Worcestershire ----------------------------------------------------------------------------------------------


class TestWorcestershire:
    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("worcestershire-2017", la)

    def test_secure_plus_even_with_one_criterion_missed(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=11)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "secure-plus"
        assert "18b Persistent absence 10% or more" in joined(assessment)

    def test_secure_two_criteria(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=11, disadvantaged_gap_ks2=14)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "secure"
        assert "12 Pupil premium gap at KS2 more than 10%" in joined(assessment)

    def test_light_touch(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=11, disadvantaged_gap_ks2=14, ks2_expected_pct=(55, 61))
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "light-touch"
        assert fired_rules(assessment) == ["data_queries"]

    def test_focused_limited_capacity_incl_governor_vacancies(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, period="2026/27", governor_vacancies_pct=20)
        assessment = assess(school, lead, concerns=["c1a_headteacher_leadership"])
        assert assessment.suggested_band.code == "focused"
        assert "1c Governance: governor vacancies 10% or more: Governor vacancies 20% (threshold 10%)" in joined(
            assessment
        )

    def test_focused_currently_requires_improvement(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.OfstedInspectionFactory(school=school, overall_effectiveness=3)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "focused"
        assert fired_rules(assessment) == ["ofsted_ri"]

    def test_intensive_some_criteria_limited_capacity(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=12, disadvantaged_gap_ks2=16, ks2_expected_pct=(50, 61))
        assessment = assess(
            school, lead, concerns=["c1a_headteacher_leadership", "c2_quality_of_teaching", "c9_trends"]
        )
        assert assessment.suggested_band.code == "intensive"
        assert fired_rules(assessment) == ["some_criteria_limited_capacity"]

    @pytest.mark.parametrize("category", ["SM", "SWK"])
    def test_ofsted_category_is_automatically_intensive(self, la, lead, category):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.OfstedInspectionFactory(school=school, overall_effectiveness=4, category_of_concern=category)
        assessment = assess(school, lead)
        assert assessment.suggested_band.code == "intensive"
        assert fired_rules(assessment) == ["ofsted_category"]  # one Ofsted reason, the strongest
        assert "automatically Intensive Support → Intensive Support" in joined(assessment)

    def test_ks5_thresholds_from_appendix_1(self, la, lead):
        """Worcestershire 2017-18, Appendix 1, criterion 7: "Average point score per entry in vocational
        qualifications of 230 points or above in the sixth form", "... academic qualifications of 235 or above":
        on the points scale used until 2016."""
        school = f.SchoolFactory(authority=la, qa_lead=lead, phase=School.Phase.SECONDARY)
        f.indicator_values(school, ks5_aps_vocational_pre2016=220, ks5_aps_academic_pre2016=240)
        text = joined(assess(school, lead))
        assert "7a KS5 vocational average point score per entry below 230" in text
        assert "7b KS5" not in text

    def test_ks5_scores_on_todays_scale_are_never_compared_with_the_2016_thresholds(self, la, lead):
        """Worcestershire 2017-18, Appendix 1, criterion 7 (230 / 235 points): a sixth form at England's average
        on today's scale (34.5 academic, 29.0 vocational) is not below "235 points" on the old one."""
        school = f.SchoolFactory(authority=la, qa_lead=lead, phase=School.Phase.SECONDARY)
        f.indicator_values(school, ks5_aps_vocational=29.0, ks5_aps_academic=34.5)
        text = joined(assess(school, lead))
        assert "7a KS5" not in text
        assert "7b KS5" not in text


def test_every_preset_loads_and_validates(la):
    assert preset_slugs() == [
        "barnsley",
        "telford-wrekin-2014",
        "telford-wrekin-2024",
        "west-somerset-2021",
        "worcestershire-2017",
    ]
    for slug in preset_slugs():
        framework = f.preset_framework(slug, la)
        assert framework_problems(framework) == []
        assert TODAY.year == framework.academic_year
