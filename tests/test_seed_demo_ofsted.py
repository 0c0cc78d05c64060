"""seed_demo's Ofsted histories follow Ofsted's calendar as of the demo's academic year (2026/27): overall grades only
before September 2024, key judgements without one to November 2025, report cards since; one school in special
measures through its monitoring inspections, one "stuck" school; running it again changes nothing."""

from datetime import date

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from freezegun import freeze_time

from schools.models import OfstedInspection, School
from schools.ofsted import GRADED_JUDGEMENTS, OfstedPosition

pytestmark = pytest.mark.django_db

RC = OfstedInspection.ReportCardGrade


def _positions(authority_code):
    schools = School.objects.filter(authority__code=authority_code).prefetch_related("inspections")
    return {school.name: OfstedPosition.of(list(school.inspections.all())) for school in schools}


def _snapshot():
    return sorted(
        (row.inspection_number, sorted(model_to_dict(row, exclude=["id"]).items(), key=str))
        for row in OfstedInspection.objects.all()
    )


@freeze_time("2026-12-01 10:00")
def test_demo_ofsted_histories_are_realistic_for_2026_27():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first, "a second run changes no inspection"

    inspections = OfstedInspection.objects.all()
    numbers = list(inspections.values_list("inspection_number", flat=True))
    assert len(numbers) == len(set(numbers))
    assert not inspections.filter(start_date__gt=date(2026, 12, 1)).exists()
    # No overall grade from September 2024; graded inspections since still give their key judgements.
    assert not inspections.filter(start_date__gte=date(2024, 9, 1), overall_effectiveness__isnull=False).exists()
    not_judged = inspections.filter(start_date__gte=date(2024, 9, 1), framework="graded")
    assert not_judged.exists()
    assert not not_judged.filter(quality_of_education__isnull=True).exists()
    assert not not_judged.filter(start_date__gte=date(2025, 11, 10)).exists()  # report cards by then
    assert not inspections.filter(start_date__lt=date(2024, 9, 1), framework="graded", overall_effectiveness=None)
    # Full inspections from 10 November 2025 are report cards, every area graded with its date.
    report_cards = inspections.filter(framework="report_card")
    assert report_cards.count() >= 5
    assert not inspections.filter(start_date__lt=date(2025, 11, 10), framework="report_card").exists()
    for card in report_cards:
        assert card.start_date >= date(2025, 11, 10)
        assert card.report_card_grades and set(card.report_card_grades.values()) <= set(RC.values)
        assert set(card.report_card_grade_dates) == set(card.report_card_grades)
        assert card.safeguarding_effective is not None
        assert card.overall_effectiveness is None
        assert not any(getattr(card, judgement) for judgement in GRADED_JUDGEMENTS)
    # Ungraded and monitoring inspections say what Ofsted wrote.
    ungraded = inspections.filter(framework="ungraded")
    assert ungraded.exists() and not ungraded.filter(ungraded_outcome="").exists()
    assert ungraded.filter(ungraded_outcome="School remains Good").exists()
    assert not ungraded.filter(start_date__gte=date(2025, 11, 10)).exclude(
        inspection_type="Section 8 monitoring inspection"
    )

    borough = _positions("990")
    needs_attention = [name for name, p in borough.items() if _lowest(p) == RC.NEEDS_ATTENTION]
    assert len(needs_attention) >= 3
    # Exactly one school in special measures: placed by a graded inspection without an overall grade (autumn 2024),
    # kept through a later monitoring inspection.
    special_measures = [name for name, p in borough.items() if p.current_category == "SM"]
    assert special_measures == ["Dunmore Primary School"]
    dunmore = borough["Dunmore Primary School"]
    placed = dunmore.category_inspection
    assert placed.framework == "graded" and placed.overall_effectiveness is None
    assert date(2024, 9, 1) <= placed.start_date < date(2025, 11, 10)
    assert placed.quality_of_education == placed.leadership_and_management == 4
    assert placed.safeguarding_effective is False
    assert dunmore.latest.framework == "ungraded" and dunmore.latest.start_date > placed.start_date
    assert dunmore.latest.inspection_type == "Section 8 monitoring inspection"
    assert dunmore.latest.ungraded_outcome == "Taking effective action"
    assert len(dunmore.monitoring_since_category) == 2
    # Requires significant improvement from a report card: Urgent improvement outside leadership and governance.
    queensbury = borough["Queensbury Primary School"].latest_full
    assert queensbury.framework == "report_card" and queensbury.category_of_concern == "SWK"
    assert queensbury.report_card_grades["achievement"] == RC.URGENT_IMPROVEMENT
    assert queensbury.report_card_grades["leadership_and_governance"] != RC.URGENT_IMPROVEMENT
    assert {name for name, p in borough.items() if p.current_category == "SWK"} == {
        "Millbrook High School",
        "Queensbury Primary School",
    }
    # Every report card's category follows Ofsted's renewed rules.
    for card in report_cards:
        assert card.category_of_concern == _renewed_category(card), card.inspection_number
    # The stuck school: Requires improvement before September 2024, then Requires improvement for quality of
    # education and leadership in 2024/25 with no overall grade.
    stuck = [name for name, p in borough.items() if p.stuck]
    assert stuck == ["Ironstone Primary School"]
    latest, before = borough["Ironstone Primary School"].full_inspections[:2]
    assert before.overall_effectiveness == 3 and before.start_date < date(2024, 9, 1)
    assert latest.overall_effectiveness is None and date(2024, 9, 1) <= latest.start_date < date(2025, 9, 1)
    assert latest.quality_of_education == latest.leadership_and_management == 3
    # The small demo authorities' schools in a category were placed there by report cards.
    for code, name, category in [
        ("9901", "Riverside Junior School", "SWK"),
        ("9902", "Stonecross Primary School", "SM"),
        ("TR9903", "Exmoor Edge Academy", "SM"),
        ("9904", "Wyre Forest High School", "SWK"),
    ]:
        position = _positions(code)[name]
        assert position.current_category == category
        assert position.latest_full.framework == "report_card"


def _lowest(position):
    card = position.latest_full
    if card is None or card.framework != "report_card":
        return None
    order = list(RC.values)
    return max(card.report_card_grades.values(), key=order.index)


def _renewed_category(card):
    urgent = {area for area, grade in card.report_card_grades.items() if grade == RC.URGENT_IMPROVEMENT}
    leadership = "leadership_and_governance" in urgent
    if leadership and (urgent - {"leadership_and_governance"} or not card.safeguarding_effective):
        return "SM"
    if urgent or not card.safeguarding_effective:
        return "SWK"
    return ""
