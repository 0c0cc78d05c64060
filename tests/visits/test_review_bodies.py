"""A school's review body when its band has one (Band.review_body): formed with a chair who is an officer, members
with their roles, where the minutes go, the exit strategy; the head sees it; its meetings' minutes go to the
authority's senior officers."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from classification.frameworks import framework_load
from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import main_content
from visits import notifications as kinds
from visits.improvement import review_body_form, review_minutes_published
from visits.models import ReviewBody, VisitNote
from visits.todos import improvement_work

pytestmark = pytest.mark.django_db
NOW = "2026-12-03 10:00"


@pytest.fixture
def telford(world):
    """Telford & Wrekin's 2014 protocol: Brookmead in Category 3, Castleton in Category 2."""
    framework, _ = framework_load(slug="telford-wrekin-2014", authority=world.authority)
    bands = {band.code: band for band in framework.bands.all()}
    f.published_classification(world.school, bands["category-3"], by=world.director, since=date(2026, 11, 2))
    f.published_classification(world.other_school, bands["category-2"], by=world.director, since=date(2026, 11, 2))
    return bands


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


@freeze_time(NOW)
def test_the_review_team_is_formed_with_its_chair_and_members_and_the_head_sees_it(world, client_for, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: "A senior school improvement
    officer will chair a school specific Review Team each half term and will report through minutes to the school
    and senior officers ... Members of the Review Team will be appointed as deemed necessary." Annexe ("Category 3 /
    4 Meetings", Membership): "Attached Adviser", "Exit Strategy"."""
    assert "Form the Review Team for Brookmead Primary School" in [
        item.text for item in improvement_work(world.qa_lead, world.authority, date(2026, 12, 3))
    ]
    client = client_for(world.qa_lead)
    response = client.post(
        f"/visits/schools/{world.school.urn}/review-body/",
        {
            "name": "Review Team",
            "chair": str(world.director.pk),
            "formed_on_0": "1",
            "formed_on_1": "12",
            "formed_on_2": "2026",
            "minutes_to": "Senior officers of the authority",
        },
    )
    assert response.status_code == 302
    body = ReviewBody.objects.get(school=world.school)
    assert (body.name, body.chair, body.formed_on) == ("Review Team", world.director, date(2026, 12, 1))
    response = client.post(
        f"/visits/review-bodies/{body.pk}/members/", {"name": "Sam Adviser", "role": "Attached Adviser"}
    )
    assert response.status_code == 302
    assert "Form the Review Team for Brookmead Primary School" not in [
        item.text for item in improvement_work(world.qa_lead, world.authority, date(2026, 12, 3))
    ]
    head_page = text_of(client_for(world.head).get(f"/schools/{world.school.urn}/"))
    assert "Formed on 1 December 2026" in head_page
    assert "Minutes go to The school and Senior officers of the authority" in head_page
    assert "Sam Adviser, Attached Adviser" in head_page
    assert "Add a member" not in head_page  # the head reads, does not manage
    forbidden = client_for(world.head).post(
        f"/visits/review-bodies/{body.pk}/members/", {"name": "Someone", "role": "Governor"}
    )
    assert forbidden.status_code == 403
    assert client_for(world.outside_qa_lead).get(f"/visits/review-bodies/{body.pk}/").status_code == 404


@freeze_time(NOW)
def test_a_category_2_school_has_no_review_team(world, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014): the Review Team belongs to Category 3 ("A senior
    school improvement officer will chair a school specific Review Team"); a Category 2 school has none."""
    with pytest.raises(ValidationError) as error:
        review_body_form(
            school=world.other_school, user=world.other_qa_lead, chair=world.director, formed_on=date(2026, 12, 1)
        )
    assert error.value.message_dict == {"name": ["The school's band does not have a review body"]}


@freeze_time(NOW)
def test_review_team_minutes_go_to_the_senior_officers_once(world, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: the Review Team "will report
    through minutes to the school and senior officers on the improvement made by the school"."""
    review_body_form(school=world.school, user=world.qa_lead, chair=world.director, formed_on=date(2026, 12, 1))
    visit = f.visit(world.school, code="review_team_meeting", on=date(2026, 12, 2), status="held", term="autumn")
    note = f.visit_note(visit, status=VisitNote.Status.PUBLISHED, published_at=timezone.now())
    review_minutes_published(note=note, user=world.qa_lead)
    review_minutes_published(note=note, user=world.qa_lead)
    told = list(Notification.objects.filter(kind=kinds.REVIEW_MINUTES_PUBLISHED).values_list("recipient", "text"))
    assert told == [
        (
            world.director.pk,
            "The minutes of the Review Team meeting at Brookmead Primary School on 2 December 2026 are published",
        )
    ]
