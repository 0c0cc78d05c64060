"""The annual conversation checklist: data file, draft, submit with validation, evidence, one per year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from governance.models import ChecklistArea, ChecklistItem, ChecklistResponse, Conversation, EvidenceFile
from governance.services import CHECKLIST_DIR, checklist_save, checklist_template_load, conversation_open
from tests import factories as f

from .conftest import YEAR, rating_answers

pytestmark = pytest.mark.django_db


def test_telford_checklist_areas_load_from_the_data_file_idempotently(world, template):
    checklist_template_load(authority=world.authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")
    titles = list(ChecklistArea.objects.filter(template=template).values_list("title", flat=True))
    assert titles == [
        "Governing board priorities in line with the school development plan",
        "The structure of the governing board",
        "Meetings",
        "Training",
        "Compliance",
        "Other board and school-specific areas",
    ]
    items = ChecklistItem.objects.filter(area__template=template).order_by("area__order", "order")
    assert list(items.values_list("text", flat=True)) == [
        "Strategic role",
        "Monitoring and evaluation of impact",
        "Financial probity",
        "Instrument, constitution, committees, link governors",
        "Recruitment and retention",
        "Minutes",
        "Challenge",
        "Participation and attendance",
        "Clerking",
        "Skills audit",
        "Capacity on the governing board",
        "Succession planning",
        "Safeguarding",
        "Website",
        "Get Information about Schools (GIAS) records",
        "Policies",
        "Declarations of interests",
        "Other areas the board or school wants to discuss",
    ]


def test_chair_saves_a_draft_with_answers_missing(world, conversation, client_for):
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/"
    data = rating_answers(conversation, skip={"clerking", "website"})
    response = client_for(world.chair).post(url, {**data, "save": ""})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.DRAFT
    assert ChecklistResponse.objects.filter(conversation=conversation).exclude(rating="").count() == 16
    page = client_for(world.chair).get(url).content.decode()
    assert "Comment on Strategic role" in page


def test_submit_names_each_missing_answer_and_links_to_its_first_radio(world, conversation, client_for):
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/"
    data = rating_answers(conversation, skip={"clerking"})
    response = client_for(world.chair).post(url, {**data, "submit": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    clerking = ChecklistItem.objects.get(area__template=conversation.template, key="clerking")
    assert f'href="#id_item_{clerking.pk}_rating_1"' in page
    assert "Choose met, partly met or not met for “Clerking” (Meetings)" in page
    # Optional items need no answer; nothing is saved on a refused submission.
    assert (
        "Other areas the board or school wants to discuss"
        not in page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    )
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.DRAFT
    assert not ChecklistResponse.objects.filter(conversation=conversation).exists()


def test_complete_submission_is_submitted_and_then_closed_to_edits(world, conversation, client_for):
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/"
    client = client_for(world.chair)
    response = client.post(url, {**rating_answers(conversation, skip={"other_areas"}), "submit": ""})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.SUBMITTED
    assert conversation.submitted_by == world.chair
    assert client.get(url).status_code == 403
    record = client.get(f"/governance/{world.school.urn}/conversations/{YEAR}/").content.decode()
    assert "Submitted to the authority" in record


def test_evidence_files_are_checked_for_type_and_kept(world, conversation, client_for):
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/"
    item = ChecklistItem.objects.get(area__template=conversation.template, key="skills_audit")
    bad = SimpleUploadedFile("audit.exe", b"MZ...", content_type="application/octet-stream")
    response = client_for(world.chair).post(url, {f"item_{item.pk}_evidence": bad, "save": ""})
    assert response.status_code == 200
    assert (
        "‘audit.exe’ cannot be uploaded here. Upload a PDF, Word, OpenDocument, Excel, text or image file."
        in response.content.decode()
    )
    assert EvidenceFile.objects.count() == 0
    good = SimpleUploadedFile("skills-audit.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client_for(world.chair).post(url, {f"item_{item.pk}_evidence": good, "save": ""})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == "skills-audit.pdf"
    assert evidence.response.item == item


def test_one_conversation_per_maintained_school_per_year(world, conversation, template):
    assert conversation_open(school=world.school, academic_year=YEAR, template=template) == conversation
    with pytest.raises(IntegrityError), transaction.atomic():
        f.conversation(world.school, template, academic_year=YEAR, due_by=date(2027, 7, 15))
    with pytest.raises(ValidationError, match="maintained schools only"):
        conversation_open(school=world.other_school, academic_year=YEAR, template=template)


def test_chair_invites_a_governor_to_help(world, conversation, client_for):
    helper = f.governor(world.school)
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/checklist/"
    assert client_for(helper).get(url).status_code == 403
    assert client_for(helper).get(f"/governance/{world.school.urn}/conversations/{YEAR}/invite/").status_code == 403
    response = client_for(world.chair).post(
        f"/governance/{world.school.urn}/conversations/{YEAR}/invite/", {"helper_user": helper.pk}
    )
    assert response.status_code == 302
    assert client_for(helper).get(url).status_code == 200


def test_conversation_is_linked_to_the_planned_visit(world, template, client_for):
    visit = f.visit(
        world.school, code="annual_governance_conversation", on=date(2027, 2, 10), term="spring", academic_year=YEAR
    )
    conversation = conversation_open(school=world.school, academic_year=YEAR, template=template)
    assert conversation.visit == visit
    assert conversation.due_by == date(2027, 2, 10)
    page = client_for(world.chair).get(f"/governance/{world.school.urn}/conversations/{YEAR}/").content.decode()
    assert "Conversation planned for" in page
    assert "10 February 2027" in page


def test_evidence_downloads_only_for_people_who_see_the_conversation(world, conversation, client_for):
    item = ChecklistItem.objects.get(area__template=conversation.template, key="skills_audit")
    upload = SimpleUploadedFile("skills-audit.pdf", b"%PDF-1.4 audit", content_type="application/pdf")
    checklist_save(
        conversation=conversation, user=world.chair, answers={item.pk: ("met", "")}, files={item.pk: [upload]}
    )
    evidence = EvidenceFile.objects.get()
    url = f"/governance/{world.school.urn}/conversations/{YEAR}/evidence/{evidence.pk}/"
    response = client_for(world.head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 audit"
    assert client_for(world.other_governor).get(url).status_code == 404
    record = client_for(world.qa_lead).get(f"/governance/{world.school.urn}/conversations/{YEAR}/").content.decode()
    assert f'href="/la/990{url}"' in record
