"""Second pass over the policies: rubric grades and capacity to improve (Worcestershire), the reassessment cadence
(Barnsley, West Somerset) and what a band asks of the school."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from freezegun import freeze_time

from classification import services
from classification.letters import letter_context
from classification.models import Letter, Rule
from classification.selectors import reassessment_period_start
from tests import factories as f
from tests.base import main_content

from .helpers import fired_rules, texts

pytestmark = pytest.mark.django_db
NOW = "2026-11-24 10:00"


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def worcs(world):
    return f.preset_framework("worcestershire-2017", world.authority)


def _record(world, **values):
    assessment = services.assessment_start(school=world.school, user=world.qa_lead, on_date=f.TODAY)
    return services.assessment_record(assessment=assessment, user=world.qa_lead, **values)


@freeze_time(NOW)
def test_a_rubric_grade_of_3_is_a_concern_and_is_given_in_the_reasons(world, worcs):
    """Worcestershire Aiming for Outstanding 2017-18, Appendix 1, 1B GOVERNANCE: "Outstanding 1 | Good 2 | Requires
    improvement 3 | Inadequate 4"."""
    good = _record(world, criterion_grades={"c1c_governance": 2})
    assert not any("1c Governance" in text for text in texts(good))
    assert good.evidence_snapshot["grades"] == {"c1c_governance": 2}
    weak = _record(world, criterion_grades={"c1c_governance": 3, "c2_quality_of_teaching": 4})
    assert "1c Governance graded 3 (requires improvement)" in texts(weak)
    assert "2 Quality of teaching graded 4 (inadequate)" in texts(weak)
    assert weak.evidence_snapshot["grades"] == {"c1c_governance": 3, "c2_quality_of_teaching": 4}
    with pytest.raises(ValidationError) as error:
        _record(world, criterion_grades={"c1c_governance": 5})
    assert error.value.message_dict == {"grade_c1c_governance": ["Choose a grade from 1 to 4 for 1c Governance"]}


@freeze_time(NOW)
@pytest.mark.parametrize(("vacancies", "grade"), [(0, 1), (9.9, 2), (10, 3), (25, 3), (25.1, 4)])
def test_governor_vacancies_are_graded_by_the_rubric(world, worcs, vacancies, grade):
    """Worcestershire Aiming for Outstanding 2017-18, Appendix 1, 1B GOVERNANCE: "No governor vacancies" (1), "Low
    governor vacancies (less than 10%)" (2), "Up to 25% governor vacancies" (3), "Greater than 25% governor
    vacancies" (4)."""
    f.indicator_values(world.school, period="2026/27", governor_vacancies_pct=vacancies)
    assessment = _record(world)
    assert assessment.evidence_snapshot["grades"] == {"c1c_governor_vacancies": grade}
    concern = [text for text in texts(assessment) if text.startswith("1c Governance: governor vacancies")]
    if grade >= 3:
        word = {3: "requires improvement", 4: "inadequate"}[grade]
        assert concern == [
            f"1c Governance: governor vacancies 10% or more: Governor vacancies {vacancies}% (threshold 10%), "
            f"2026/27: graded {grade} ({word})"
        ]
    else:
        assert concern == []


@freeze_time(NOW)
def test_the_assessment_form_offers_the_rubric_grades_and_the_page_shows_them(world, worcs, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Appendix 1, LEADERSHIP: "Outstanding 1 | Good 2 | Requires
    improvement 3 | Inadequate 4"."""
    assessment = services.assessment_start(school=world.school, user=world.qa_lead, on_date=f.TODAY)
    url = reverse("classification:assessment", kwargs={"pk": assessment.pk})
    client = client_for(world.qa_lead)
    page = text_of(main_content(client.get(url)))
    assert (
        "Grade: 1a Headteacher leadership 1. a. Headteacher leadership 1 Outstanding 2 Good 3 Requires improvement "
        "4 Inadequate"
    ) in page
    data = {"sufficient_progress": "unknown", "grade_c1a_headteacher_leadership": "4", "capacity": "limited"}
    response = client.post(url, data)
    assert response.status_code == 302
    page = text_of(main_content(client.get(url)))
    assert "Grades on the framework's rubric 1a Headteacher leadership 4 Inadequate" in page
    assert "Capacity to improve Limited" in page
    assert "1a Headteacher leadership graded 4 (inadequate)" in page


@freeze_time(NOW)
def test_a_grades_rule_fires_on_a_grade_at_or_worse_than_its_grade(world, worcs):
    """Worcestershire Aiming for Outstanding 2017-18, Appendix 1 (the rubrics' grades, read by a rule): a `grades`
    rule gives its band when enough graded criteria in its areas are graded its grade or worse."""
    Rule.objects.create(
        framework=worcs,
        code="inadequate_capacity",
        label="A school capacity criterion graded inadequate",
        kind=Rule.Kind.GRADES,
        band=worcs.bands.get(code="intensive"),
        grade=4,
        min_criteria=1,
        areas="school_capacity",
        order=99,
    )
    three = _record(world, criterion_grades={"c1c_governance": 3})
    assert "inadequate_capacity" not in fired_rules(three)
    four = _record(world, criterion_grades={"c1c_governance": 4})
    assert four.suggested_band.code == "intensive"
    assert (
        "A school capacity criterion graded inadequate → Intensive Support: 1c Governance graded 4 (inadequate)"
        in texts(four)
    )


@freeze_time(NOW)
def test_limited_capacity_recorded_gives_focused_support(world, worcs):
    """Worcestershire Aiming for Outstanding 2017-18, Section 3: "Focus support - meeting most criteria but with
    limited capacity to improve"."""
    concerns = {"c8_gender_gap": True, "c9_trends": True}
    unrecorded = _record(world, criterion_concerns=concerns)
    assert unrecorded.suggested_band.code == "secure"
    limited = _record(world, criterion_concerns=concerns, capacity="limited")
    assert limited.suggested_band.code == "focused"
    assert "most_criteria_limited_capacity_recorded" in fired_rules(limited)
    adequate = _record(world, criterion_concerns=concerns, capacity="adequate")
    assert adequate.suggested_band.code == "light-touch"
    with pytest.raises(ValidationError) as error:
        _record(world, capacity="poor")
    assert error.value.message_dict == {"capacity": ["Choose the school's capacity to improve from the list"]}


@freeze_time(NOW)
def test_the_school_page_shows_the_capacity_to_officers(world, worcs, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Section 3: "Intensive support – meeting some criteria, and with
    limited capacity to improve"."""
    assessment = _record(world, capacity="limited")
    f.published_classification(world.school, worcs.bands.get(code="intensive"), by=world.qa_lead, assessment=assessment)
    url = reverse("schools:detail", kwargs={"urn": world.school.urn})
    assert "Capacity to improve: Limited" in text_of(main_content(client_for(world.qa_lead).get(url)))
    assert "Capacity to improve" not in text_of(main_content(client_for(world.head).get(url)))


def test_terms_and_months_start_where_the_cadence_says():
    """West Somerset Academies Trust, Securing School Improvement Policy (2021), Monitoring: "The Trust will undertake
    a termly risk assessment of all schools"; Barnsley School Improvement and Quality Assurance Policy: "the LA
    reviews on a monthly basis their current status"."""
    assert reassessment_period_start("term", dt.date(2026, 12, 31)) == dt.date(2026, 9, 1)
    assert reassessment_period_start("term", dt.date(2027, 3, 31)) == dt.date(2027, 1, 1)
    assert reassessment_period_start("term", dt.date(2027, 4, 1)) == dt.date(2027, 4, 1)
    assert reassessment_period_start("term", dt.date(2027, 8, 31)) == dt.date(2027, 4, 1)
    assert reassessment_period_start("month", dt.date(2026, 12, 2)) == dt.date(2026, 12, 1)
    assert reassessment_period_start("year", dt.date(2027, 3, 2)) == dt.date(2026, 9, 1)


def _complete(world, on):
    assessment = services.assessment_start(school=world.school, user=world.qa_lead, on_date=on)
    services.assessment_record(assessment=assessment, user=world.qa_lead, complete=True)


@freeze_time("2026-12-02 10:00")
def test_barnsley_schools_are_due_every_month(world, client_for):
    """Barnsley School Improvement and Quality Assurance Policy, Section 2: "In partnership with schools the LA
    reviews on a monthly basis their current status based on a register of high, medium and low risk"."""
    f.preset_framework("barnsley", world.authority)
    _complete(world, dt.date(2026, 11, 20))
    home = text_of(client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode())
    assert "Assessments due Assessed every month: 1 school not assessed since 1 December 2026" in home
    assert "Brookmead Primary School" in home
    _complete(world, dt.date(2026, 12, 1))
    home = text_of(client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode())
    assert "Assessed every month: 0 schools not assessed since 1 December 2026" in home
    assert "Every one of your schools has been assessed since 1 December 2026." in home


@freeze_time("2027-01-05 10:00")
def test_west_somerset_schools_are_due_every_term(world, client_for):
    """West Somerset Academies Trust, Securing School Improvement Policy (2021), Monitoring: "The Trust will undertake
    a termly risk assessment of all schools"."""
    f.preset_framework("west-somerset-2021", world.authority)
    _complete(world, dt.date(2026, 12, 10))
    # A draft started this term does not count: only a completed assessment.
    services.assessment_start(school=world.school, user=world.qa_lead, on_date=dt.date(2027, 1, 4))
    home = text_of(client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode())
    assert "Assessed every term: 1 school not assessed since 1 January 2027" in home


@freeze_time(NOW)
def test_what_the_school_does_is_on_the_school_page_and_in_the_letter(world, client_for):
    """West Somerset Academies Trust, Securing School Improvement Policy (2021), Section 4, "What the School does";
    Telford & Wrekin QA policy 2024-25, Yellow: "In order to support these visits schools will be asked to: Share
    their improvement plan"."""
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    yellow = framework.bands.get(code="yellow")
    yellow.school_requirements = "Share the improvement plan with the QA lead before each visit."
    yellow.save()
    classification = f.published_classification(world.school, yellow, by=world.qa_lead)
    url = reverse("schools:detail", kwargs={"urn": world.school.urn})
    expected = "What the school does Share the improvement plan with the QA lead before each visit."
    assert expected in text_of(main_content(client_for(world.head).get(url)))
    assert expected in text_of(main_content(client_for(world.qa_lead).get(url)))
    letter, _created = services.letter_create(classification=classification, kind=Letter.Kind.PUBLICATION)
    assert expected in text_of(render_to_string("classification/letter_pdf.html", letter_context(letter)))
