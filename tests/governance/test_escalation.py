"""The escalation ladder, warning notices and statutory powers."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.facts import governance_facts
from governance.models import EscalationStep, StatutoryPower, WarningNotice
from governance.services import (
    NO_WARNING_NOTICE_FOR_ACADEMY,
    escalation_step_record,
    statutory_power_take,
    warning_notice_issue,
)

pytestmark = pytest.mark.django_db


def _position(client, school):
    page = client.get(f"/governance/{school.urn}/escalation/").content.decode()
    return page.split('id="ladder-position"')[1].split("</div>")[0]


def test_ladder_shows_next_step_for_a_maintained_school(world, client_for):
    client = client_for(world.qa_lead)
    position = _position(client, world.school)
    assert "Not on the ladder" in position
    assert "Informal discussion with the headteacher" in position
    for code in ("informal_head", "informal_governors", "letter_head", "letter_governors"):
        escalation_step_record(
            school=world.school,
            user=world.qa_lead,
            step=code,
            taken_on=date(2026, 10, 1),
            who="Priya Shah",
            summary="Concerns about standards",
        )
    position = _position(client, world.school)
    assert "Current step: <strong>Formal letter to the governing body, with the next steps" in position
    assert "Next step: <strong>Meetings with the chair, then the headteacher" in position
    warning_notice_issue(school=world.school, user=world.qa_lead, issued_on=date(2026, 11, 2), low_standards=True)
    assert "Next step: <strong>Statutory powers" in _position(client, world.school)


def test_ladder_shows_next_step_for_an_academy(world, client_for):
    client = client_for(world.other_qa_lead)
    for code in ("informal_head", "informal_governors", "letter_head", "letter_trust"):
        escalation_step_record(
            school=world.other_school,
            user=world.other_qa_lead,
            step=code,
            taken_on=date(2026, 10, 1),
            who="Tom Okafor",
            summary="No response from the trust",
        )
    position = _position(client, world.other_school)
    assert "Current step: <strong>Formal letter to the trust" in position
    assert (
        "Next step: <strong>Refer the concerns to the Regional Schools Commissioner (for the Secretary of State)"
        in position
    )
    page = client.get(f"/governance/{world.other_school.urn}/escalation/").content.decode()
    assert "Letter to Ofsted" in page
    assert "warning notice" not in page.lower()


def test_warning_notice_for_an_academy_is_refused_with_a_clear_message_and_nothing_saved(world, client_for):
    response = client_for(world.other_qa_lead).post(
        f"/governance/{world.other_school.urn}/escalation/warning-notice/",
        {
            "grounds": ["low_standards"],
            "issued_on_0": "2",
            "issued_on_1": "11",
            "issued_on_2": "2026",
            "compliance_days": "15",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "A warning notice cannot be given to an academy: the local authority has no such power." in page
    assert WarningNotice.objects.count() == 0
    assert EscalationStep.objects.count() == 0
    with pytest.raises(ValidationError) as caught:
        warning_notice_issue(
            school=world.other_school, user=world.qa_lead, issued_on=date(2026, 11, 2), low_standards=True
        )
    assert caught.value.messages == [NO_WARNING_NOTICE_FOR_ACADEMY]
    with pytest.raises(ValidationError):
        statutory_power_take(school=world.other_school, user=world.qa_lead, power="ieb", started_on=date(2026, 11, 2))
    assert StatutoryPower.objects.count() == 0
    with pytest.raises(ValidationError):
        escalation_step_record(
            school=world.other_school,
            user=world.qa_lead,
            step="letter_governors",
            taken_on=date(2026, 11, 2),
            who="x",
            summary="y",
        )


def test_warning_notice_for_a_maintained_school_is_recorded_and_feeds_the_facts(world, client_for):
    assert governance_facts(world.school, date(2026, 11, 24)) == {
        "warning_notice_active": False,
        "statutory_powers_active": False,
    }
    response = client_for(world.qa_lead).post(
        f"/governance/{world.school.urn}/escalation/warning-notice/",
        {
            "grounds": ["low_standards", "safety_threatened"],
            "issued_on_0": "2",
            "issued_on_1": "11",
            "issued_on_2": "2026",
            "compliance_days": "15",
        },
    )
    assert response.status_code == 302
    notice = WarningNotice.objects.get()
    assert notice.compliance_ends_on == date(2026, 11, 17)
    assert governance_facts(world.school, date(2026, 11, 24))["warning_notice_active"] is True
    assert governance_facts(world.school, date(2026, 10, 1))["warning_notice_active"] is False
    statutory_power_take(school=world.school, user=world.qa_lead, power="ieb", started_on=date(2026, 11, 20))
    assert governance_facts(world.school, date(2026, 11, 24))["statutory_powers_active"] is True
    page = client_for(world.qa_lead).get(f"/governance/{world.school.urn}/escalation/").content.decode()
    assert "Unacceptably low standards of performance; safety of pupils or staff threatened" in page
    assert "Replace the governing body with an interim executive board" in page


def test_escalation_is_for_officers_and_letters_reach_the_head_only_when_addressed(world, client_for):
    addressed = escalation_step_record(
        school=world.school,
        user=world.qa_lead,
        step="letter_head",
        taken_on=date(2026, 10, 1),
        who="Priya Shah",
        summary="Letter",
        letter=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter"),
        letter_to_school=True,
    )
    internal = escalation_step_record(
        school=world.school,
        user=world.qa_lead,
        step="letter_governors",
        taken_on=date(2026, 10, 2),
        who="Priya Shah",
        summary="Copy",
        letter=SimpleUploadedFile("note.pdf", b"%PDF-1.4 note"),
    )
    assert client_for(world.head).get(f"/governance/{world.school.urn}/escalation/").status_code == 403
    assert client_for(world.chair).get(f"/governance/{world.school.urn}/escalation/").status_code == 403
    assert client_for(world.other_head).get(f"/governance/{world.school.urn}/escalation/").status_code == 404
    head = client_for(world.head)
    assert head.get(f"/governance/{world.school.urn}/escalation/letters/{addressed.pk}/").status_code == 200
    assert head.get(f"/governance/{world.school.urn}/escalation/letters/{internal.pk}/").status_code == 404
    school_page = head.get(f"/schools/{world.school.urn}/").content.decode()
    assert "Letter of 1 October 2026" in school_page
    assert "Letter of 2 October 2026" not in school_page
    assert client_for(world.head).post(f"/governance/{world.school.urn}/escalation/steps/add/", {}).status_code == 403


def test_warning_notice_outcome_and_power_end_date_are_recorded(world, client_for):
    notice = warning_notice_issue(
        school=world.school, user=world.qa_lead, issued_on=date(2026, 10, 1), management_breakdown=True
    )
    client = client_for(world.qa_lead)
    url = f"/governance/{world.school.urn}/escalation/warning-notice/{notice.pk}/outcome/"
    response = client.post(
        url, {"outcome": "complied", "outcome_on_0": "1", "outcome_on_1": "9", "outcome_on_2": "2026"}
    )
    assert "The outcome date must be after the notice was issued" in response.content.decode()
    response = client.post(
        url, {"outcome": "complied", "outcome_on_0": "20", "outcome_on_1": "10", "outcome_on_2": "2026"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.outcome == "complied"
    assert governance_facts(world.school, date(2026, 11, 24))["warning_notice_active"] is False
    response = client.post(
        f"/governance/{world.school.urn}/escalation/statutory-power/",
        {
            "power": "additional_governors",
            "started_on_0": "1",
            "started_on_1": "11",
            "started_on_2": "2026",
            "ended_on_0": "20",
            "ended_on_1": "11",
            "ended_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert governance_facts(world.school, date(2026, 11, 24))["statutory_powers_active"] is False
    assert governance_facts(world.school, date(2026, 11, 10))["statutory_powers_active"] is True
    page = client.get(f"/governance/{world.school.urn}/escalation/").content.decode()
    assert "Complied (20 Oct 2026)" in page
    assert "Appoint additional governors" in page
    assert client_for(world.head).get(url).status_code == 403


def test_officer_records_a_step_with_a_letter_through_the_form(world, client_for):
    url = f"/governance/{world.school.urn}/escalation/steps/add/"
    client = client_for(world.qa_lead)
    bad = client.post(
        url,
        {
            "step": "warning_notice",
            "taken_on_0": "1",
            "taken_on_1": "10",
            "taken_on_2": "2026",
            "who": "Priya Shah",
            "summary": "x",
        },
    )
    assert "Select a valid choice" in bad.content.decode()
    response = client.post(
        url,
        {
            "step": "letter_head",
            "taken_on_0": "1",
            "taken_on_1": "10",
            "taken_on_2": "2026",
            "who": "Priya Shah",
            "summary": "Letter about attendance",
            "letter_to_school": "on",
            "letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    step = EscalationStep.objects.get()
    assert step.letter_to_school and step.letter.name.endswith(".pdf")
    not_pdf = client.post(
        url,
        {
            "step": "letter_head",
            "taken_on_0": "2",
            "taken_on_1": "10",
            "taken_on_2": "2026",
            "who": "Priya Shah",
            "summary": "Another",
            "letter": SimpleUploadedFile("letter.docx", b"PK", content_type="application/zip"),
        },
    )
    assert "‘letter.docx’ cannot be uploaded here. Upload a PDF file." in not_pdf.content.decode()
    assert EscalationStep.objects.count() == 1
