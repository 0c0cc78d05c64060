"""A school's improvement plan when its band asks for one (Band.improvement_plan, reviewed at
Band.plan_review_every): the school page panel, the QA lead's to-dos, recording the plan and its reviews, the head
told, who may read and who may write."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from classification.frameworks import framework_load
from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import main_content
from visits import notifications as kinds
from visits.improvement import improvement_plan_record, plan_review_record
from visits.models import ImprovementPlan, PlanReview
from visits.todos import improvement_work

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def telford(world):
    """Telford & Wrekin's 2014 protocol, with Brookmead in Category 3 since 2 November 2026 and Castleton in
    Category 2."""
    framework, _ = framework_load(slug="telford-wrekin-2014", authority=world.authority)
    bands = {band.code: band for band in framework.bands.all()}
    f.published_classification(world.school, bands["category-3"], by=world.director, since=date(2026, 11, 2))
    f.published_classification(world.other_school, bands["category-2"], by=world.director, since=date(2026, 11, 2))
    return bands


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


def todo_texts(world, today, group="Improvement plans"):
    items = improvement_work(world.qa_lead, world.authority, today)
    return [item.text for item in items if group is None or item.group == group]


def school_page(client, school):
    return client.get(f"/schools/{school.urn}/")


def record_plan(world, agreed_on, today):
    return improvement_plan_record(
        school=world.school,
        user=world.qa_lead,
        agreed_on=agreed_on,
        success_criteria="Reading at the expected standard: 70%",
        today=today,
    )


@freeze_time("2026-12-03 10:00")
def test_a_category_three_school_shows_the_rap_panel_and_the_qa_lead_is_asked_to_record_it(world, client_for, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: 'Joint writing of a RAP to
    align support, prioritise need and provide clear pathways for continuity and progression.'"""
    assert todo_texts(world, date(2026, 12, 3)) == ["Record the Raising Achievement Plan for Brookmead Primary School"]
    page = text_of(school_page(client_for(world.qa_lead), world.school))
    assert "Improvement plan and review Raising Achievement Plan No Raising Achievement Plan is recorded." in page
    assert "Record the Raising Achievement Plan" in page


@freeze_time("2026-12-03 10:00")
def test_recording_the_plan_clears_the_to_do_tells_the_head_and_the_first_review_is_next_term(
    world, client_for, telford, media
):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: 'Joint writing of a RAP ...'
    and 'Termly review of the RAP and progress data to ensure impact against the success criteria.'"""
    client = client_for(world.qa_lead)
    form = client.get(f"/visits/schools/{world.school.urn}/plan/")
    assert 'value="Raising Achievement Plan"' in form.content.decode()  # the band's name for the plan
    response = client.post(
        f"/visits/schools/{world.school.urn}/plan/",
        {
            "title": "Raising Achievement Plan",
            "agreed_on_0": "20",
            "agreed_on_1": "11",
            "agreed_on_2": "2026",
            "written_jointly": "on",
            "success_criteria": "Reading at the expected standard: 70%",
            "file": SimpleUploadedFile("rap.pdf", PDF),
        },
    )
    assert response.status_code == 302
    plan = ImprovementPlan.objects.get(school=world.school)
    assert (plan.agreed_on, plan.written_jointly, plan.content_type) == (date(2026, 11, 20), True, "application/pdf")
    assert todo_texts(world, date(2026, 12, 3)) == []
    page = text_of(school_page(client, world.school))
    assert "Agreed on 20 November 2026 Written jointly with the authority Yes" in page
    assert "Success criteria Reading at the expected standard: 70%" in page
    assert "Next review due by the end of the spring term 2027." in page
    assert list(Notification.objects.filter(kind=kinds.PLAN_RECORDED).values_list("recipient", "text")) == [
        (
            world.head.pk,
            "The Raising Achievement Plan for Brookmead Primary School, agreed on 20 November 2026, is recorded",
        )
    ]
    # The head downloads the file the upload checker accepted, as a PDF.
    served = client_for(world.head).get(f"/visits/plans/{plan.pk}/file/")
    assert (served.status_code, served["Content-Type"]) == (200, "application/pdf")
    assert b"".join(served.streaming_content) == PDF


@freeze_time("2027-01-20 10:00")
def test_a_review_is_owed_in_the_next_term_and_recording_it_clears_the_to_do(world, client_for, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: 'Termly review of the RAP and
    progress data to ensure impact against the success criteria.'"""
    plan = record_plan(world, date(2026, 11, 20), date(2026, 11, 20))
    visit = f.visit(
        world.school, code="improvement_plan_evaluation", on=date(2027, 1, 18), status="held", term="spring"
    )
    assert todo_texts(world, date(2027, 1, 20)) == [
        "Review the Raising Achievement Plan for Brookmead Primary School by 25 March 2027"
    ]
    client = client_for(world.qa_lead)
    assert "Next review due by the end of the spring term 2027 (25 March 2027)." in text_of(
        school_page(client, world.school)
    )
    response = client.post(
        f"/visits/plans/{plan.pk}/review/",
        {
            "reviewed_on_0": "18",
            "reviewed_on_1": "1",
            "reviewed_on_2": "2027",
            "progress": "Reading up to 64%",
            "next_steps": "Phonics catch-up",
            "visit": str(visit.pk),
        },
    )
    assert response.status_code == 302
    assert todo_texts(world, date(2027, 1, 20)) == []
    page = text_of(school_page(client, world.school))
    assert "Next review due by the end of the summer term 2027." in page
    assert (
        "18 January 2027 at the improvement plan evaluation on 18 January 2027: Reading up to 64% "
        "Next steps: Phonics catch-up"
    ) in page
    assert Notification.objects.filter(kind=kinds.PLAN_REVIEWED, recipient=world.head).count() == 1


@freeze_time("2027-04-20 10:00")
def test_a_review_owed_next_term_reappears_on_the_to_do_list(world, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: 'Termly review of the RAP and
    progress data to ensure impact against the success criteria.'"""
    plan = record_plan(world, date(2026, 11, 20), date(2026, 11, 20))
    plan_review_record(
        plan=plan, user=world.qa_lead, reviewed_on=date(2027, 2, 1), progress="On track", today=date(2027, 2, 1)
    )
    items = improvement_work(world.qa_lead, world.authority, date(2027, 4, 20))
    assert [(item.text, item.due, item.overdue) for item in items if item.group == "Improvement plans"] == [
        ("Review the Raising Achievement Plan for Brookmead Primary School by 21 July 2027", date(2027, 7, 21), False)
    ]


@freeze_time("2026-12-03 10:00")
def test_the_head_reads_the_plan_but_cannot_write_and_an_outsider_is_not_found(world, client_for, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: 'A Raising Achievement Plan
    (RAP) will be published and shared with all staff'."""
    plan = record_plan(world, date(2026, 11, 20), date(2026, 12, 3))
    head = client_for(world.head)
    page = text_of(school_page(head, world.school))
    assert "Title Raising Achievement Plan Agreed on 20 November 2026" in page
    assert "Record a review" not in page and "Close the plan" not in page
    assert head.post(f"/visits/plans/{plan.pk}/review/", {"progress": "x"}).status_code == 403
    assert head.post(f"/visits/plans/{plan.pk}/close/", {}).status_code == 403
    assert head.get(f"/visits/schools/{world.school.urn}/plan/").status_code == 403
    assert client_for(world.chair).get(f"/schools/{world.school.urn}/").status_code == 200
    outsider = client_for(world.outside_qa_lead)
    assert outsider.get(f"/visits/plans/{plan.pk}/review/").status_code == 404
    assert outsider.get(f"/visits/plans/{plan.pk}/file/").status_code == 404
    assert client_for(world.other_qa_lead).post(f"/visits/plans/{plan.pk}/review/", {}).status_code == 403
    assert PlanReview.objects.count() == 0


@freeze_time("2026-12-03 10:00")
def test_a_future_day_a_null_character_a_missing_progress_and_a_second_open_plan_are_refused_on_the_page(
    world, client_for, telford, media
):
    """Telford & Wrekin Securing School Improvement Protocol (2014), Category Three: 'Termly review of the RAP and
    progress data to ensure impact against the success criteria.'"""
    client = client_for(world.qa_lead)
    url = f"/visits/schools/{world.school.urn}/plan/"
    day = {"agreed_on_0": "20", "agreed_on_1": "11", "agreed_on_2": "2026"}
    null = client.post(url, {"title": "Raising Achievement Plan", **day, "success_criteria": "Reading\x00"})
    assert (
        null.status_code,
        "There is a problem Success criteria must not contain control characters, such as the invisible "
        "character (NUL) at position 8. Remove it and try again." in text_of(null),
    ) == (200, True)
    future = client.post(
        url,
        {
            "title": "Raising Achievement Plan",
            "agreed_on_0": "4",
            "agreed_on_1": "12",
            "agreed_on_2": "2026",
            "file": SimpleUploadedFile("rap.pdf", HTML),
        },
    )
    page = text_of(future)
    assert future.status_code == 200
    assert "The day the plan was agreed cannot be in the future" in page
    assert "rap.pdf" in page  # the upload checker's refusal names the file
    assert ImprovementPlan.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        improvement_plan_record(
            school=world.school,
            user=world.qa_lead,
            agreed_on=date(2026, 11, 20),
            title=" \x00",
            today=date(2026, 12, 3),
        )
    assert refused.value.message_dict == {"title": ["Remove the null character from the text"]}
    plan = record_plan(world, date(2026, 11, 20), date(2026, 12, 3))
    again = client.post(
        f"/visits/schools/{world.school.urn}/plan/",
        {"title": "Second plan", "agreed_on_0": "1", "agreed_on_1": "12", "agreed_on_2": "2026"},
    )
    assert "Brookmead Primary School already has an open plan: change it or close it first" in text_of(again)
    review = client.post(
        f"/visits/plans/{plan.pk}/review/",
        {"reviewed_on_0": "1", "reviewed_on_1": "12", "reviewed_on_2": "2026", "progress": "   "},
    )
    assert "Enter the progress against the success criteria" in text_of(review)
    assert (ImprovementPlan.objects.count(), PlanReview.objects.count()) == (1, 0)


@freeze_time("2026-12-03 10:00")
def test_a_category_two_school_has_no_plan_panel_and_no_to_do(world, client_for, telford):
    """Telford & Wrekin Securing School Improvement Protocol (2014): the RAP, its termly review and the Review Team
    are Category Three's (and Category Four's), not Category Two's."""
    world.other_school.qa_lead = world.qa_lead
    world.other_school.save()
    page = text_of(school_page(client_for(world.qa_lead), world.other_school))
    assert "Improvement plan and review" not in page
    assert "Raising Achievement Plan" not in page
    assert todo_texts(world, date(2026, 12, 3), group=None) == [
        "Record the Raising Achievement Plan for Brookmead Primary School",
        "Form the Review Team for Brookmead Primary School",
    ]
    assert client_for(world.qa_lead).get(f"/visits/schools/{world.other_school.urn}/plan/").status_code == 404
