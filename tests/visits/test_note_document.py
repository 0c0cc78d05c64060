"""The note of visit, the agenda, the governance record and the subject-access PDFs as documents the authority
sends: its letterhead, its protective marking on every page, tagged PDF/UA; the note's attendees, actions with
owner and due date, its factual-accuracy status in words and its distribution (who receives it)."""

import re
import subprocess
from datetime import date

import pytest
from freezegun import freeze_time

from governance.services import conversation_open
from qa_portal.accounts.roles import Role
from tests import factories as f
from visits import services
from visits.documents import agenda_pdf, note_pdf

pytestmark = pytest.mark.django_db

MARKING = "OFFICIAL-SENSITIVE"


def layout(pdf, tmp_path, *args):
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def info(pdf, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def words(text):
    return " ".join(text.split())


def assert_document(pdf, tmp_path, authority_name):
    """Tagged; the letterhead first; the marking at the top and foot of every page; page 1 renders."""
    details = info(pdf, tmp_path)
    assert "Tagged:          yes" in details
    pages = int(re.search(r"^Pages:\s+(\d+)", details, re.M).group(1))
    for number in range(1, pages + 1):
        page = layout(pdf, tmp_path, "-f", str(number), "-l", str(number))
        assert page.count(MARKING) >= 2, f"page {number} lacks its marking"
        assert f"Page {number} of {pages}" in page
    text = words(layout(pdf, tmp_path))
    assert text.startswith(f"{MARKING} {authority_name} Protective marking: {MARKING}")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(tmp_path / "document.pdf"), str(tmp_path / "page")],
        check=True,
    )
    assert next(tmp_path.glob("page*.png")).read_bytes().startswith(b"\x89PNG")
    return text


@pytest.fixture
def held_visit(world):
    f.framework_with_bands(world.authority)
    return f.visit(world.school, on=date(2026, 11, 17), status="held", venue="Brookmead Primary School, main hall")


def _note(world, visit):
    with freeze_time("2026-11-20 10:00"):
        note = services.note_start(visit=visit, user=world.qa_lead)
        note.attendees = "Jo Smith, headteacher\nSam Lee, QA lead"
        note.next_steps = "Raise attendance of disadvantaged pupils\nReview the reading curriculum"
        note.internal_comments = "Keep an eye on the new deputy"
        note.save()
        first = note.sections.first()
        first.evaluation = "Phonics outcomes rose in 2024/25."
        first.save()
        services.action_add(
            visit=visit, user=world.qa_lead, text="Share the attendance plan", owner="Jo Smith", due_on=date(2027, 1, 8)
        )
    return note


def test_a_draft_note_has_the_letterhead_title_attendees_actions_status_and_distribution(world, held_visit, tmp_path):
    note = _note(world, held_visit)
    text = assert_document(note_pdf(note), tmp_path, "Demo Borough")
    assert "Note of visit: Brookmead Primary School – QA visit – 17 November 2026" in text
    assert (
        "QA visit on Tuesday 17 November 2026, Brookmead Primary School, main hall. "
        f"Written by {world.qa_lead}. DRAFT – not yet published."
    ) in text
    assert "Attendees • Jo Smith, headteacher • Sam Lee, QA lead" in text
    assert "Next steps • Raise attendance of disadvantaged pupils • Review the reading curriculum" in text
    assert "Actions agreed Action Owner Due date Share the attendance plan Jo Smith 8 January 2027" in text
    assert "Factual-accuracy check Not yet sent to the headteacher for factual accuracy." in text
    assert (
        f"Distribution: {world.head}, headteacher; {world.chair}, chair of governors; {world.qa_lead}, QA lead."
    ) in text
    assert "Keep an eye" not in text


def test_the_status_says_when_it_was_sent_checked_and_published(world, held_visit, tmp_path):
    note = _note(world, held_visit)
    with freeze_time("2026-12-03 10:00"):
        services.note_send_for_accuracy(note=note, user=world.qa_lead)
    note.refresh_from_db()
    text = words(layout(note_pdf(note), tmp_path))
    assert (
        "Factual-accuracy check Sent to the headteacher for factual accuracy on 3 December 2026. "
        "Not yet checked by the headteacher."
    ) in text
    first = note.sections.first()
    with freeze_time("2026-12-07 10:00"):
        services.note_respond(
            note=note, user=world.head, accurate=False, general_comment="", section_comments={first.pk: "Wrong year"}
        )
    first.refresh_from_db()
    first.lead_response, first.response_outcome = "Changed to 2024/25", "corrected"
    first.save()
    note.refresh_from_db()
    with freeze_time("2026-12-09 10:00"):
        services.note_publish(note=note, user=world.qa_lead)
    note.refresh_from_db()
    text = assert_document(note_pdf(note), tmp_path, "Demo Borough")
    assert (
        "Factual-accuracy check Sent to the headteacher for factual accuracy on 3 December 2026. "
        f"Checked by the headteacher, {world.head}, on 7 December 2026: comments made. Published on 9 December 2026."
    ) in text
    assert (
        "Quality of education Headteacher's comment: Wrong year QA lead's response: Changed to 2024/25 "
        "Outcome: Corrected"
    ) in text
    assert "DRAFT" not in text


def test_a_note_of_another_authoritys_school_carries_that_authoritys_letterhead(world, tmp_path):
    world.other_authority.protective_marking = "OFFICIAL"
    world.other_authority.save()
    f.framework_with_bands(world.other_authority)
    visit = f.visit(world.outside_school, on=date(2026, 11, 17), status="held")
    with freeze_time("2026-11-20 10:00"):
        note = services.note_start(visit=visit, user=world.outside_qa_lead)
    text = words(layout(note_pdf(note), tmp_path))
    assert text.startswith("OFFICIAL Elsewhere Council Protective marking: OFFICIAL")
    assert "Demo Borough" not in text
    assert f"Distribution: {world.outside_head}, headteacher; {world.outside_qa_lead}, QA lead." in text


def test_the_agenda_is_on_the_letterhead_with_its_title_and_marking(world, tmp_path):
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 12, 8))
    agenda = f.agenda(meeting, items="Attendance\nReading")
    agenda.attendees = "Jo Smith, headteacher"
    agenda.save()
    text = assert_document(agenda_pdf(agenda), tmp_path, "Demo Borough")
    assert "Agenda: Brookmead Primary School – Monitoring and support meeting – 8 December 2026" in text
    assert "Items 1. Attendance 2. Reading" in text


def test_the_governance_record_is_on_the_letterhead_and_tagged(world, client_for, tmp_path):
    template = f.checklist_template(world.authority)
    conversation_open(school=world.school, academic_year=2026, template=template, due_by=date(2027, 3, 31))
    response = client_for(world.chair).get(f"/governance/{world.school.urn}/conversations/2026/record.pdf")
    assert response.status_code == 200
    text = assert_document(response.content, tmp_path, "Demo Borough")
    assert "Annual governance conversation 2026/27: Brookmead Primary School" in text


def test_a_director_in_two_authorities_gets_the_record_of_the_schools_authority(world, client_for, tmp_path):
    f.give_role(world.director, Role.DIRECTOR, authority=world.other_authority)
    template = f.checklist_template(world.other_authority)
    conversation_open(school=world.outside_school, academic_year=2026, template=template, due_by=date(2027, 3, 31))
    response = client_for(world.director).get(
        f"/la/991/governance/{world.outside_school.urn}/conversations/2026/record.pdf"
    )
    assert response.status_code == 200
    assert words(layout(response.content, tmp_path)).startswith(f"{MARKING} Elsewhere Council")
