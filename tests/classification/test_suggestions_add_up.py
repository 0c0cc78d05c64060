"""Issue 15, suggestions that add up: the counts in a concerns rule's reason are true (criteria and areas of concern
counted apart), and a QA lead's safeguarding concern counts as a criterion of concern in every preset whose policy
makes safeguarding evidence."""

import pytest

from classification.models import Rule
from classification.reasons import ReasonKind
from tests import factories as f

from .helpers import assess, fired_rules, texts

pytestmark = pytest.mark.django_db


def concern_reasons(assessment):
    return {reason.criterion: reason.text for reason in assessment.reasons() if reason.kind is ReasonKind.CONCERN}


def notes(assessment):
    return [reason.text for reason in assessment.reasons() if reason.kind is ReasonKind.NOTE]


# --- Counts that add up -----------------------------------------------------------------------------------------


class TestCountsAddUp:
    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("telford-wrekin-2024", la)

    def test_criteria_and_areas_recorded_by_the_qa_lead_are_counted_apart(self, la, lead):
        # 3 criteria of concern in 2 areas, and 2 more areas the QA lead recorded a concern for: 4 areas of concern,
        # which used to read "3 criteria of concern in 4 areas".
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=14.2)
        assessment = assess(
            school,
            lead,
            concerns=["inclusion", "opportunity_diversity"],
            area_concerns=["quality_of_education", "leadership_and_management"],
        )
        assert assessment.suggested_band.code == "amber"
        assert fired_rules(assessment) == ["number_of_concerns"]
        assert texts(assessment)[0] == (
            "A number of concerns → Amber: 3 criteria of concern in 2 areas (Behaviour and attitudes, Personal "
            "development); 2 more areas of concern recorded by the QA lead (Quality of education, Leadership and "
            "management)"
        )
        assert notes(assessment) == [
            "3 criteria of concern are not enough on their own for Red: the framework needs 5, "
            "with at least 3 areas of concern"
        ]

    def test_one_area_recorded_by_the_qa_lead(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=14.2, complaints=6)
        assessment = assess(school, lead, concerns=["inclusion"], area_concerns=["quality_of_education"])
        assert assessment.suggested_band.code == "amber"
        assert texts(assessment)[0] == (
            "A number of concerns → Amber: 3 criteria of concern in 3 areas (Behaviour and attitudes, Personal "
            "development, Leadership and management); 1 more area of concern recorded by the QA lead (Quality of "
            "education)"
        )

    def test_an_area_judged_of_concern_that_has_criteria_is_counted_once(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=14.2, complaints=6)
        assessment = assess(school, lead, concerns=["inclusion"], area_concerns=["personal_development"])
        assert texts(assessment)[0] == (
            "A number of concerns → Amber: 3 criteria of concern in 3 areas (Behaviour and attitudes, Personal "
            "development, Leadership and management)"
        )

    def test_areas_recorded_by_the_qa_lead_alone(self, la, lead):
        # A rule counting areas only (an authority's own setting): no criteria to count, so none are claimed.
        Rule.objects.create(
            framework=self.framework,
            code="areas_only",
            label="Concerns in two areas",
            kind=Rule.Kind.CONCERNS,
            band=self.framework.bands.get(code="amber"),
            min_areas=2,
            applies_to=Rule.AppliesTo.MAINTAINED,
            order=99,
        )
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead, area_concerns=["quality_of_education", "personal_development"])
        assert assessment.suggested_band.code == "amber"
        assert texts(assessment)[0] == (
            "Concerns in two areas → Amber: 2 areas of concern recorded by the QA lead (Quality of education, "
            "Personal development)"
        )


def test_not_enough_note_names_the_focus_area_too(la, lead):
    framework = f.preset_framework("worcestershire-2017", la)
    # Only the Intensive rule (6 criteria in 3 areas, 2 of them in School capacity) is left above Light Touch.
    framework.rules.filter(code__in=["limited_capacity", "some_criteria_some_capacity"]).delete()
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    f.indicator_values(school, persistent_absence_pct=11, disadvantaged_gap_ks2=14, ks2_expected_pct=(55, 61))
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == "light-touch"
    assert notes(assessment) == [
        "3 criteria of concern are not enough on their own for Intensive Support: the framework needs 6, "
        "with at least 3 areas of concern and at least 2 criteria of concern in School capacity"
    ]


def test_no_not_enough_note_when_another_rule_for_the_band_has_its_count(la, lead):
    # Focused Support needs 6 criteria by one rule, 2 (in School capacity) by another: 3 criteria are enough for the
    # second, so "not enough for Focused Support: the framework needs 6" would not be true.
    f.preset_framework("worcestershire-2017", la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    f.indicator_values(school, persistent_absence_pct=11, disadvantaged_gap_ks2=14, ks2_expected_pct=(55, 61))
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == "light-touch"
    assert not any("for Focused Support" in note for note in notes(assessment))


# --- A QA lead's safeguarding concern is a criterion of concern -------------------------------------------------


class TestSafeguardingTelford2024:
    """ "Leadership and management, including: Safeguarding culture" (section 6)."""

    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("telford-wrekin-2024", la)

    def test_a_safeguarding_concern_is_counted(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead, concerns=["safeguarding_concern"])
        assert concern_reasons(assessment) == {
            "safeguarding_concern": "Concern about the safeguarding culture (QA lead's judgement)"
        }
        assert assessment.suggested_band.code == "yellow"
        assert texts(assessment)[0] == (
            "Low level of concern → Yellow: 1 criterion of concern in 1 area (Leadership and management)"
        )

    def test_it_counts_toward_red_without_an_override(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=14.2, suspensions_rate=(3.1, 2.0))
        assessment = assess(school, lead, concerns=["safeguarding_concern", "inclusion", "opportunity_diversity"])
        assert assessment.suggested_band.code == "red"
        assert fired_rules(assessment) == ["serious_cause_for_concern"]
        assert texts(assessment)[0] == (
            "More serious cause for concern → Red: 5 criteria of concern in 3 areas (Behaviour and attitudes, "
            "Personal development, Leadership and management)"
        )
        assert "safeguarding_concern" in concern_reasons(assessment)


class TestSafeguardingTelford2014:
    """Strand 3: "Implementation of key policies for inclusion, equal opportunities, disability, race and
    safeguarding (including child protection)." """

    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("telford-wrekin-2014", la)

    def test_a_safeguarding_concern_is_counted_but_not_on_its_own(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead, concerns=["safeguarding_policies"])
        assert concern_reasons(assessment) == {
            "safeguarding_policies": "Concern about safeguarding (including child protection) (QA lead's judgement)"
        }
        # "not ... based on one criterion alone"
        assert assessment.suggested_band.code == "category-1"
        assert notes(assessment) == [
            "1 criterion of concern is not enough on its own for Category 2: the framework needs 2"
        ]

    def test_it_counts_toward_category_2(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead, concerns=["safeguarding_policies", "leadership_direction"])
        assert assessment.suggested_band.code == "category-2"
        assert texts(assessment)[0] == (
            "Not met 2 or more of the criteria in strands 1 to 4 → Category 2: 2 criteria of concern in 2 areas "
            "(Strand 3: The quality of teaching and learning, Strand 4: Effectiveness of leadership and management)"
        )


class TestSafeguardingWorcestershire:
    """Section 2: "Safety, behaviour and welfare - includes attendance and exclusions data; safeguarding matters and
    information relating to complaints." """

    @pytest.fixture(autouse=True)
    def _framework(self, la):
        self.framework = f.preset_framework("worcestershire-2017", la)

    def test_a_safeguarding_concern_is_counted(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        f.indicator_values(school, persistent_absence_pct=11)
        assessment = assess(school, lead, concerns=["safeguarding_matters"])
        assert concern_reasons(assessment) == {
            "c18b_persistent_absence": "18b Persistent absence 10% or more: Persistent absence 11% (threshold 10%), "
            "2025/26",
            "safeguarding_matters": "Concern about safeguarding matters (QA lead's judgement)",
        }
        assert assessment.suggested_band.code == "secure"
        assert fired_rules(assessment) == ["most_criteria"]
        assert texts(assessment)[0].endswith(": 2 criteria of concern in 1 area (Safety, behaviour and welfare)")

    def test_it_is_not_the_safeguarding_audit(self, la, lead):
        school = f.SchoolFactory(authority=la, qa_lead=lead)
        assessment = assess(school, lead, concerns=["safeguarding_matters"])
        assert list(concern_reasons(assessment)) == ["safeguarding_matters"]
