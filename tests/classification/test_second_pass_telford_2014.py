"""Telford & Wrekin Securing School Improvement Protocol (2014), second pass: the review meeting gate, the report
to the Director of Children's Services before Category 4a, and the route into 4a from Requires Improvement."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from classification import services
from classification.models import Band
from tests import factories as f
from tests.base import main_content

from .helpers import assess, fired_rules, texts

pytestmark = pytest.mark.django_db
NOW = "2026-11-24 10:00"


@pytest.fixture
def t14(world):
    return f.preset_framework("telford-wrekin-2014", world.authority)


def _band(framework, code):
    return Band.objects.get(framework=framework, code=code)


def _propose(world, band, **extra):
    assessment = assess(world.school, world.qa_lead)
    return services.classification_propose(
        assessment=assessment, band=band, rationale="Evidence reviewed", user=world.qa_lead, **extra
    )


@freeze_time(NOW)
def test_category_2_to_3_needs_no_review_meeting(world, t14):
    """Securing School Improvement Protocol (2014), "Category 3 / 4 Meetings": "Only after a review meeting, will the
    category of a school (Category 3 and 4 only) be changed, except where a school is entering a category for the
    first time." A Category 2 school has no Review Team: its move into Category 3 is its first entry."""
    f.published_classification(world.school, _band(t14, "category-2"), by=world.qa_lead, since=dt.date(2025, 9, 1))
    classification = _propose(world, _band(t14, "category-3"))
    assert (classification.band.code, classification.review_meeting_on) == ("category-3", None)


@freeze_time(NOW)
def test_leaving_category_3_needs_a_review_meeting(world, t14):
    """Securing School Improvement Protocol (2014), "Category 3 / 4 Meetings": "Only after a review meeting, will the
    category of a school (Category 3 and 4 only) be changed"."""
    f.published_classification(world.school, _band(t14, "category-2"), by=world.qa_lead, since=dt.date(2024, 9, 1))
    f.published_classification(world.school, _band(t14, "category-3"), by=world.qa_lead, since=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError) as error:
        _propose(world, _band(t14, "category-2"))
    assert error.value.message_dict["review_meeting_on"] == [
        "Moving from Category 3 to Category 2 can only happen after a review meeting: enter the date of the review "
        "meeting"
    ]
    classification = _propose(world, _band(t14, "category-2"), review_meeting_on=dt.date(2026, 11, 18))
    assert classification.review_meeting_on == dt.date(2026, 11, 18)


@freeze_time(NOW)
def test_entering_category_4b_for_the_first_time_needs_no_review_meeting(world, t14):
    """Securing School Improvement Protocol (2014), "Category 3 / 4 Meetings": "... except where a school is entering
    a category for the first time"."""
    f.published_classification(world.school, _band(t14, "category-3"), by=world.qa_lead, since=dt.date(2025, 9, 1))
    classification = _propose(world, _band(t14, "category-4b"))
    assert classification.band.code == "category-4b"


@freeze_time(NOW)
def test_category_4a_needs_the_report_to_the_director_of_childrens_services_first(world, t14, client_for):
    """Securing School Improvement Protocol (2014), Category Three: "If the progress made by the school is inadequate
    despite the LA support received, the Assistant Director Education & Skills will report the matter to the
    Director of Children's Services ... At this point, the school will be subject to a formal LA warning notice and
    an escalation to Category Four status." """
    f.published_classification(world.school, _band(t14, "category-3"), by=world.qa_lead, since=dt.date(2025, 9, 1))
    cat4a = _band(t14, "category-4a")
    with pytest.raises(ValidationError) as error:
        _propose(world, cat4a)
    assert error.value.message_dict["entry_condition_on"] == [
        "Category 4a needs this first: the Assistant Director Education & Skills has reported the matter to the "
        "Director of Children's Services. Enter the date"
    ]
    with pytest.raises(ValidationError) as error:
        _propose(world, cat4a, entry_condition_on=dt.date(2026, 12, 1))
    assert error.value.message_dict["entry_condition_on"] == ["The date must be today or in the past"]
    classification = _propose(world, cat4a, entry_condition_on=dt.date(2026, 11, 20))
    assert classification.entry_condition_on == dt.date(2026, 11, 20)
    page = main_content(
        client_for(world.director).get(reverse("classification:decision", kwargs={"pk": classification.pk}))
    )
    assert (
        '<dt class="govuk-summary-list__key">Before entering Category 4a</dt><dd class="govuk-summary-list__value">'
        "the Assistant Director Education &amp; Skills has reported the matter to the Director of Children&#x27;s "
        "Services: 20 November 2026</dd>"
    ) in page


@freeze_time(NOW)
def test_the_propose_page_asks_for_the_date_of_the_report(world, t14, client_for):
    """Securing School Improvement Protocol (2014), Category Three (the report to the Director of Children's
    Services before Category Four): the QA lead is asked for its date on the page, with the requirement named."""
    assessment = assess(world.school, world.qa_lead)
    url = reverse("classification:propose", kwargs={"pk": assessment.pk})
    page = main_content(client_for(world.qa_lead).get(url))
    assert "Date the condition for entering the band was met" in page
    assert (
        "Before a school enters Category 4a: the Assistant Director Education &amp; Skills has reported the matter to "
        "the Director of Children&#x27;s Services."
    ) in page


@freeze_time(NOW)
def test_requires_improvement_then_a_poor_monitoring_inspection_suggests_category_4a(world, t14):
    """Securing School Improvement Protocol (2014), Category Four, 4a: "those schools that have been deemed by OfSTED
    to Require Improvement and have then failed to make adequate progress on a subsequent Section 8 monitoring
    visit"."""
    f.OfstedInspectionFactory(school=world.school, overall_effectiveness=3)
    assessment = assess(world.school, world.qa_lead, concerns=["ri_monitoring_inadequate_progress"])
    assert assessment.suggested_band.code == "category-4a"
    assert "ri_then_poor_monitoring" in fired_rules(assessment)
    assert (
        "Requires Improvement, then inadequate progress at a Section 8 monitoring inspection → Category 4a: "
        "1 criterion of concern in 1 area (Ofsted monitoring after Requires Improvement)"
    ) in texts(assessment)


@freeze_time(NOW)
def test_requires_improvement_alone_does_not_suggest_category_4a(world, t14):
    """Securing School Improvement Protocol (2014), Category Four, 4a: "... and have then failed to make adequate
    progress on a subsequent Section 8 monitoring visit": Requires Improvement without the monitoring finding is not
    4a, and the monitoring finding does not count towards Category 2's "2 or more of the criteria in strands 1 to
    4"."""
    f.OfstedInspectionFactory(school=world.school, overall_effectiveness=3)
    assessment = assess(world.school, world.qa_lead, concerns=["teaching_not_good"])
    assert assessment.suggested_band.code != "category-4a"
    assert "ri_then_poor_monitoring" not in fired_rules(assessment)
    both = assess(world.school, world.qa_lead, concerns=["teaching_not_good", "ri_monitoring_inadequate_progress"])
    assert "two_or_more_criteria" not in fired_rules(both)


@freeze_time(NOW)
def test_returning_to_category_3_from_category_2_needs_no_review_meeting(world, t14):
    """Securing School Improvement Protocol (2014), "Category 3 / 4 Meetings": "Only after a review meeting, will the
    category of a school (Category 3 and 4 only) be changed": a school that left Category 3 for Category 2 has no
    Review Team any more, so its return from Category 2 is a move up from below."""
    f.published_classification(world.school, _band(t14, "category-3"), by=world.qa_lead, since=dt.date(2024, 9, 1))
    f.published_classification(world.school, _band(t14, "category-2"), by=world.qa_lead, since=dt.date(2025, 9, 1))
    classification = _propose(world, _band(t14, "category-3"))
    assert (classification.band.code, classification.review_meeting_on) == ("category-3", None)
