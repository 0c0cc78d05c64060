"""The authority's review, the agreed record and its PDF, and who may reach them."""

import io
from datetime import date

import pytest
from freezegun import freeze_time
from pypdf import PdfReader

from governance.models import AgreedAction, ChecklistArea, ChecklistItem, Conversation
from governance.services import checklist_save, conversation_open, conversation_review
from tests import factories as f

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _submitted(world, conversation):
    answers = {i.pk: ("met", "") for i in ChecklistItem.objects.filter(area__template=conversation.template)}
    return checklist_save(conversation=conversation, user=world.chair, answers=answers, submit=True)


def _review_post(conversation, agree=True):
    data = {
        "held_on_0": "20",
        "held_on_1": "11",
        "held_on_2": "2026",
        "outcome_summary": "The board knows the school well; recruitment is the priority.",
        "action_0_description": "Recruit two co-opted governors with finance skills",
        "action_0_owner": "Chair of governors",
        "action_0_due_0": "31",
        "action_0_due_1": "3",
        "action_0_due_2": "2027",
        "action_1_description": "Publish the register of interests on the website",
        "action_1_owner": "Clerk to the board",
        "action_1_due_0": "15",
        "action_1_due_1": "1",
        "action_1_due_2": "2027",
    }
    for area in ChecklistArea.objects.filter(template=conversation.template):
        data[f"area_{area.pk}"] = f"Authority view on {area.title}"
    data["agree" if agree else "save"] = ""
    return data


def test_another_schools_governor_gets_404_on_checklist_and_record(world, conversation, client_for):
    base = f"/governance/{world.school.urn}/conversations/{YEAR}/"
    for person in (world.other_governor, world.outside_governor, world.other_head):
        client = client_for(person)
        assert client.get(base + "checklist/").status_code == 404
        assert client.get(base).status_code == 404
        assert client.get(base + "record.pdf").status_code == 404
    assert client_for(world.outside_qa_lead).get(base).status_code == 404


def test_governor_gets_403_on_the_authority_review_form(world, conversation, client_for):
    _submitted(world, conversation)
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/review/"
    assert client_for(world.chair).get(url).status_code == 403
    assert client_for(world.chair).post(url, _review_post(conversation)).status_code == 403
    assert client_for(world.head).get(url).status_code == 403
    assert client_for(world.other_qa_lead).get(url).status_code == 403
    assert client_for(world.qa_lead).get(url).status_code == 200
    assert client_for(world.director).get(url).status_code == 200
    assert not AgreedAction.objects.exists()


def test_officer_records_the_review_and_both_sides_see_the_agreed_record(world, conversation, client_for):
    _submitted(world, conversation)
    base = f"/governance/{world.school.urn}/conversations/{YEAR}/"
    response = client_for(world.qa_lead).post(base + "review/", _review_post(conversation))
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.AGREED
    assert conversation.held_on == date(2026, 11, 20)
    for person in (world.chair, world.head, world.qa_lead, world.director):
        page = client_for(person).get(base).content.decode()
        assert "Agreed record" in page
        assert "Recruit two co-opted governors with finance skills" in page
        assert "Clerk to the board" in page
        assert "Authority view on Meetings" in page


def test_agreeing_needs_every_area_view_and_a_summary(world, conversation, client_for):
    _submitted(world, conversation)
    data = _review_post(conversation)
    meetings = ChecklistArea.objects.get(template=conversation.template, key="meetings")
    data[f"area_{meetings.pk}"] = ""
    data["outcome_summary"] = ""
    response = client_for(world.qa_lead).post(f"/governance/{world.school.urn}/conversations/{YEAR}/review/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the authority’s view on meetings" in page
    assert "Enter the outcome summary" in page
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.SUBMITTED
    assert not AgreedAction.objects.exists()


def test_agreed_record_pdf_contains_actions_and_owners(world, conversation, client_for):
    _submitted(world, conversation)
    client_for(world.qa_lead).post(
        f"/governance/{world.school.urn}/conversations/{YEAR}/review/", _review_post(conversation)
    )
    for person in (world.chair, world.head):
        response = client_for(person).get(f"/governance/{world.school.urn}/conversations/{YEAR}/record.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        text = " ".join(text.split())
        assert "Recruit two co-opted governors with finance skills" in text
        assert "Chair of governors" in text
        assert "Publish the register of interests on the website" in text
        assert "Clerk to the board" in text
        assert "31 March 2027" in text
        assert world.school.name in text


def test_review_is_refused_before_the_board_submits(world, conversation):
    with pytest.raises(Exception, match="not submitted"):
        conversation_review(
            conversation=conversation,
            user=world.qa_lead,
            held_on=None,
            area_views={},
            actions=[],
            outcome_summary="",
        )


@freeze_time("2026-11-24")
def test_director_sees_overdue_conversations_on_home(world, template, client_for):
    overdue = conversation_open(school=world.school, academic_year=2025, template=template, due_by=date(2026, 7, 15))
    conversation_open(school=world.school, academic_year=2026, template=template, due_by=date(2027, 7, 15))
    page = client_for(world.director).get("/home/director/").content.decode()
    assert "Annual conversations not agreed by their due date" in page
    assert "15 July 2026" in page
    assert "15 July 2027" not in page
    assert client_for(world.outside_director).get("/governance/overdue/").content.decode().count(world.school.name) == 0
    listing = client_for(world.director).get("/governance/overdue/").content.decode()
    assert overdue.year_label in listing


def test_anonymous_people_are_sent_to_sign_in_and_governors_cannot_list_overdue(
    client, world, conversation, client_for
):
    response = client.get(f"/governance/{world.school.urn}/conversations/{YEAR}/")
    assert response.status_code == 302
    assert response.url == f"/sign-in/?next=/governance/{world.school.urn}/conversations/{YEAR}/"
    # The chair works in the authority, but governors may not see its list of overdue conversations.
    assert client_for(world.chair).get("/governance/overdue/").status_code == 403


def test_qa_lead_home_lists_submitted_checklists_and_head_home_links_the_record(world, conversation, client_for):
    assert (
        "No submitted checklists are waiting for you"
        in client_for(world.qa_lead).get("/home/qa-lead/").content.decode()
    )
    _submitted(world, conversation)
    page = client_for(world.qa_lead).get("/home/qa-lead/").content.decode()
    assert f"/governance/{world.school.urn}/conversations/{YEAR}/review/" in page
    other = client_for(world.other_qa_lead).get("/home/qa-lead/").content.decode()
    assert world.school.name not in other
    head = client_for(world.head).get("/home/headteacher/").content.decode()
    assert "Annual governance conversation 2026/27" in head
    assert "Submitted to the authority" in head


def test_a_saved_review_can_be_reopened_with_its_actions(world, conversation, client_for):
    _submitted(world, conversation)
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/review/"
    client = client_for(world.qa_lead)
    assert client.post(url, _review_post(conversation, agree=False)).status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.SUBMITTED
    page = client.get(url).content.decode()
    assert 'value="Recruit two co-opted governors with finance skills"' in page
    assert 'value="31"' in page
    assert "Authority view on Meetings" in page


@freeze_time("2026-11-24")
def test_director_sees_planned_conversations_past_their_date_with_no_checklist(world, template, client_for):
    f.visit(world.school, code="annual_governance_conversation", on=date(2026, 11, 10))
    page = client_for(world.director).get("/home/director/").content.decode()
    assert "Planned conversations past their date with no checklist opened" in page
    assert "10 November 2026" in page
    conversation_open(school=world.school, academic_year=2026, template=template)
    page = client_for(world.director).get("/governance/overdue/").content.decode()
    assert "no checklist opened" not in page
    assert "10 November 2026" in page  # now the conversation itself is overdue (due on the visit date)
