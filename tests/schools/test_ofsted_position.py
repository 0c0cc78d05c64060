"""A school's Ofsted position read from its history: the current category through monitoring inspections, the
DfE's "stuck school", and the line the assessment keeps."""

import datetime as dt

from schools.models import OfstedInspection
from schools.ofsted import OfstedPosition, position_summary

EXPECTED = dict.fromkeys(
    [
        "inclusion",
        "curriculum_and_teaching",
        "achievement",
        "attendance_and_behaviour",
        "personal_development_and_well_being",
        "leadership_and_governance",
    ],
    "expected",
)


def graded(start, overall, *, category="", quality=None, leadership=None, pk=None):
    quality = overall if quality is None else quality
    leadership = overall if leadership is None else leadership
    return OfstedInspection(
        pk=pk,
        framework="graded",
        start_date=start,
        overall_effectiveness=overall,
        quality_of_education=quality,
        behaviour_and_attitudes=overall or 2,
        personal_development=overall or 2,
        leadership_and_management=leadership,
        category_of_concern=category,
        safeguarding_effective=True,
    )


def monitoring(start):
    return OfstedInspection(
        framework="ungraded", inspection_type="Section 8 monitoring inspection", start_date=start, ungraded_outcome=""
    )


def report_card(start, *, category="", **grades):
    return OfstedInspection(
        framework="report_card",
        start_date=start,
        category_of_concern=category,
        report_card_grades={**EXPECTED, **grades},
        safeguarding_effective=True,
    )


def test_a_category_lasts_through_monitoring_inspections_until_a_full_inspection_removes_it():
    placed = graded(dt.date(2024, 10, 2), None, category="SM", quality=4, leadership=4)
    history = [placed, monitoring(dt.date(2025, 2, 5)), monitoring(dt.date(2025, 11, 12))]
    position = OfstedPosition.of(history)
    assert position.current_category == "SM"
    assert position.category_inspection is placed
    assert len(position.monitoring_since_category) == 2
    assert position.latest.start_date == dt.date(2025, 11, 12)

    removed = OfstedPosition.of([*history, report_card(dt.date(2026, 3, 4))])
    assert removed.current_category == ""
    assert removed.category_inspection is None


def test_the_position_on_a_date_ignores_later_inspections():
    history = [graded(dt.date(2022, 5, 4), 2), graded(dt.date(2024, 10, 2), None, category="SWK", quality=4)]
    assert OfstedPosition.of(history, on_date=dt.date(2024, 9, 30)).current_category == ""
    assert OfstedPosition.of(history, on_date=dt.date(2024, 10, 2)).current_category == "SWK"


def test_stuck_requires_improvement_or_equivalent_after_below_good():
    ri_2019 = graded(dt.date(2019, 3, 14), 3)
    assert OfstedPosition.of([ri_2019, graded(dt.date(2023, 7, 8), 3)]).stuck
    # 2024/25: no overall grade, RI for quality of education counts as RI.
    assert OfstedPosition.of([ri_2019, graded(dt.date(2024, 11, 13), None, quality=3, leadership=2)]).stuck
    # Report cards: Needs attention for leadership and governance counts as RI.
    assert OfstedPosition.of(
        [ri_2019, report_card(dt.date(2026, 3, 4), leadership_and_governance="needs_attention")]
    ).stuck
    # Not stuck: good before, good now, or worse than RI now (a category of concern).
    assert not OfstedPosition.of([graded(dt.date(2019, 3, 14), 2), graded(dt.date(2023, 7, 8), 3)]).stuck
    assert not OfstedPosition.of([ri_2019, graded(dt.date(2023, 7, 8), 2)]).stuck
    assert not OfstedPosition.of([ri_2019, graded(dt.date(2023, 7, 8), 4, category="SM")]).stuck
    assert not OfstedPosition.of([ri_2019, report_card(dt.date(2026, 3, 4), achievement="needs_attention")]).stuck


def test_the_summary_the_assessment_keeps():
    history = [
        graded(dt.date(2024, 10, 2), None, category="SM", quality=4, leadership=4),
        monitoring(dt.date(2025, 2, 5)),
    ]
    assert position_summary(OfstedPosition.of(history)) == (
        "Graded inspection of 2 October 2024: overall effectiveness not judged; quality of education Inadequate, "
        "behaviour and attitudes Good, personal development Good, leadership and management Inadequate; "
        "safeguarding effective. Category of concern: special measures since the inspection of 2 October 2024, "
        "still so after 1 monitoring inspection"
    )
    card = report_card(dt.date(2026, 3, 4), achievement="needs_attention")
    assert position_summary(OfstedPosition.of([card])).startswith(
        "Report card inspection of 4 March 2026: Inclusion Expected standard, Curriculum and teaching Expected "
        "standard, Achievement Needs attention"
    )
