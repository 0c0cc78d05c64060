"""Issue 14, acceptance 2 and 3: every preset whose text makes Ofsted outcomes evidence reads inspections as they
are since September 2024 — a category of concern kept through monitoring inspections, report cards, graded
inspections without an overall grade — and names one Ofsted reason, the strongest, in the letter."""

import datetime as dt
import io

import pytest
from django.core import mail
from freezegun import freeze_time
from pypdf import PdfReader

from classification import services
from classification.models import Letter
from tests import factories as f

from .helpers import assess, fired_rules, texts

pytestmark = pytest.mark.django_db

KEY_JUDGEMENTS = ("quality_of_education", "behaviour_and_attitudes", "personal_development")
EXPECTED_REPORT_CARD = {
    "inclusion": "expected",
    "curriculum_and_teaching": "expected",
    "achievement": "expected",
    "attendance_and_behaviour": "expected",
    "personal_development_and_well_being": "expected",
    "leadership_and_governance": "expected",
}


def special_measures_then_monitoring(school):
    """Placed in special measures on 2 October 2024 (no overall grade from September 2024), then monitored."""
    f.OfstedInspectionFactory(
        school=school,
        inspection_number="10340001",
        start_date=dt.date(2024, 10, 2),
        overall_effectiveness=None,
        quality_of_education=4,
        behaviour_and_attitudes=3,
        personal_development=3,
        leadership_and_management=4,
        safeguarding_effective=False,
        category_of_concern="SM",
    )
    f.OfstedInspectionFactory(
        school=school,
        inspection_number="10340002",
        framework="ungraded",
        inspection_type="Section 8 monitoring inspection",
        start_date=dt.date(2026, 3, 11),
        overall_effectiveness=None,
        quality_of_education=None,
        behaviour_and_attitudes=None,
        personal_development=None,
        leadership_and_management=None,
        safeguarding_effective=None,
        ungraded_outcome="Taking effective action",
    )


def report_card(school, *, category="", safeguarding=True, **grades):
    f.OfstedInspectionFactory(
        school=school,
        framework="report_card",
        inspection_type="Report card inspection",
        start_date=dt.date(2026, 3, 4),
        overall_effectiveness=None,
        quality_of_education=None,
        behaviour_and_attitudes=None,
        personal_development=None,
        leadership_and_management=None,
        safeguarding_effective=safeguarding,
        category_of_concern=category,
        report_card_grades={**EXPECTED_REPORT_CARD, **grades},
    )


def not_judged_requires_improvement(school):
    """A graded inspection of November 2024: overall "Not judged", quality of education and leadership RI."""
    f.OfstedInspectionFactory(
        school=school,
        start_date=dt.date(2024, 11, 13),
        overall_effectiveness=None,
        quality_of_education=3,
        behaviour_and_attitudes=2,
        personal_development=2,
        leadership_and_management=3,
    )


# preset -> the band each case gives by that preset's rules.
SPECIAL_MEASURES_BAND = {
    "telford-wrekin-2014": "category-4b",
    "telford-wrekin-2024": "red",
    "barnsley": "high-risk",
    "west-somerset-2021": "level-4",
    "worcestershire-2017": "intensive",
}
URGENT_LEADERSHIP_BAND = SPECIAL_MEASURES_BAND  # Ofsted places the school in requires significant improvement
SAFEGUARDING_NOT_MET_BAND = {
    "telford-wrekin-2014": "category-3",  # serious concerns; 4b only once Ofsted places a category
    "telford-wrekin-2024": "red",
    "barnsley": "high-risk",
    "west-somerset-2021": "level-4",
    "worcestershire-2017": "intensive",
}
REQUIRES_IMPROVEMENT = {
    "barnsley": ("medium-risk", "ofsted_requires_improvement"),
    "west-somerset-2021": ("level-4", "ofsted_requires_improvement"),
    "worcestershire-2017": ("focused", "ofsted_ri_judgement"),
}


@pytest.mark.parametrize(("slug", "band"), SPECIAL_MEASURES_BAND.items())
def test_a_special_measures_school_keeps_its_band_after_a_monitoring_inspection(la, lead, slug, band):
    f.preset_framework(slug, la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    special_measures_then_monitoring(school)
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == band
    assert fired_rules(assessment)[0].startswith("ofsted_category")
    assert (
        "Ofsted placed the school in special measures (inspection of 2 October 2024); it remains so after "
        "1 monitoring inspection" in texts(assessment)[0]
    )


@pytest.mark.parametrize(("slug", "band"), URGENT_LEADERSHIP_BAND.items())
def test_urgent_improvement_in_leadership_and_governance(la, lead, slug, band):
    f.preset_framework(slug, la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    report_card(school, category="SWK", leadership_and_governance="urgent_improvement")
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == band
    ofsted_reasons = [text for text in texts(assessment) if "Ofsted" in text]
    assert len(ofsted_reasons) == 1


@pytest.mark.parametrize(
    ("slug", "band"),
    [(slug, band) for slug, band in SPECIAL_MEASURES_BAND.items() if slug != "telford-wrekin-2014"],
)
def test_urgent_improvement_reads_the_report_card_even_without_a_category(la, lead, slug, band):
    f.preset_framework(slug, la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    report_card(school, leadership_and_governance="urgent_improvement")
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == band
    assert any(
        "Leadership and governance Urgent improvement (report card, inspection of 4 March 2026)" in text
        for text in texts(assessment)
    )


def test_telford_2014_urgent_improvement_without_a_category_is_a_serious_concern(la, lead):
    f.preset_framework("telford-wrekin-2014", la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    report_card(school, leadership_and_governance="urgent_improvement")
    assert assess(school, lead).suggested_band.code == "category-3"


@pytest.mark.parametrize(("slug", "band"), SAFEGUARDING_NOT_MET_BAND.items())
def test_safeguarding_not_met(la, lead, slug, band):
    f.preset_framework(slug, la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    report_card(school, safeguarding=False)
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == band
    assert fired_rules(assessment)[0] == "ofsted_safeguarding"
    assert "safeguarding not met (inspection of 4 March 2026)" in texts(assessment)[0]


@pytest.mark.parametrize(("slug", "expected"), REQUIRES_IMPROVEMENT.items())
def test_a_not_judged_inspection_with_requires_improvement_sub_judgements_fires_the_ri_rules(la, lead, slug, expected):
    band, rule = expected
    f.preset_framework(slug, la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    not_judged_requires_improvement(school)
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == band
    assert fired_rules(assessment)[0] == rule
    assert (
        "Requires improvement for quality of education and leadership and management (inspection of 13 November 2024)"
        in texts(assessment)[0]
    )


def test_a_later_report_card_removes_the_category(la, lead):
    f.preset_framework("worcestershire-2017", la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    special_measures_then_monitoring(school)
    report_card(school)
    assessment = assess(school, lead)
    assert "ofsted_category" not in fired_rules(assessment)
    assert assessment.suggested_band.code != "intensive"


def test_an_older_inadequate_grade_does_not_outlive_a_later_report_card(la, lead):
    f.preset_framework("telford-wrekin-2024", la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    f.OfstedInspectionFactory(school=school, start_date=dt.date(2023, 5, 3), overall_effectiveness=4)
    report_card(school)
    assert assess(school, lead).suggested_band.code == "green"


def test_a_stuck_school_is_a_fact_rules_can_read(la, lead):
    """DfE: RI or equivalent at the latest inspection, below good at the one before."""
    framework = f.preset_framework("barnsley", la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    f.OfstedInspectionFactory(school=school, start_date=dt.date(2021, 6, 9), overall_effectiveness=3)
    not_judged_requires_improvement(school)
    framework.rules.create(
        code="stuck",
        label="Stuck school",
        kind="fact",
        fact_key="ofsted_stuck",
        band=framework.bands.get(code="high-risk"),
        order=100,
    )
    assessment = assess(school, lead)
    assert assessment.suggested_band.code == "high-risk"
    assert fired_rules(assessment) == ["stuck"]


# --- Acceptance 3: one Ofsted reason in the letter ---------------------------------------------------------------


@freeze_time("2026-11-24 10:00:00")
def test_the_letter_gives_one_ofsted_reason_when_several_ofsted_rules_fire(world, django_capture_on_commit_callbacks):
    f.preset_framework("worcestershire-2017", world.authority)
    # Inadequate in special measures in 2023: the category, the inadequate and the RI rules all fire.
    f.OfstedInspectionFactory(
        school=world.school, start_date=dt.date(2023, 6, 14), overall_effectiveness=4, category_of_concern="SM"
    )
    assessment = assess(world.school, world.qa_lead)
    classification = services.classification_propose(
        assessment=assessment,
        band=assessment.suggested_band,
        rationale="Special measures since June 2023.",
        user=world.qa_lead,
    )
    services.classification_confirm(classification=classification, user=world.director, comment="Agreed")
    services.classification_record_discussion(
        classification=classification, user=world.qa_lead, discussed_on=dt.date(2026, 11, 20), note="Head agrees"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.classification_publish(classification=classification, user=world.qa_lead)
    letter = Letter.objects.get()
    _name, content, _mimetype = mail.outbox[0].attachments[0]
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert letter.reasons[0].startswith(
        "Ofsted serious weaknesses or special measures: automatically Intensive Support → Intensive Support"
    )
    assert "Ofsted placed the school in special measures (inspection of 14 June 2023)" in text
    assert "Currently judged inadequate" not in text
    assert "Currently judged Requires Improvement" not in text
    assert sum("Ofsted" in reason for reason in letter.reasons) == 1
