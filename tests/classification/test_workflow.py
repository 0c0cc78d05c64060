"""Acceptance 3 and 4: the decision workflow, who sees what, the letter PDF and the annual batch."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from classification import services
from classification.annual_letters import annual_letters_due
from classification.models import Band, Classification, Letter
from classification.signals import band_published
from qa_portal.jobs.models import Job
from qa_portal.jobs.services import job_enqueue
from tests import factories as f
from tests.base import main_content

from .helpers import assess

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00:00"


@pytest.fixture
def t24(world):
    return f.preset_framework("telford-wrekin-2024", world.authority)


def propose(world, *, band_code=None, rationale="Attendance is the main concern; leadership is strong.", **kwargs):
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    band = (
        assessment.suggested_band
        if band_code is None
        else Band.objects.get(framework=assessment.framework, code=band_code)
    )
    return services.classification_propose(
        assessment=assessment, band=band, rationale=rationale, user=world.qa_lead, **kwargs
    )


def through_to_published(world, classification):
    services.classification_confirm(classification=classification, user=world.director, comment="Agreed")
    services.classification_record_discussion(
        classification=classification, user=world.qa_lead, discussed_on=dt.date(2026, 11, 20), note="Head agrees"
    )
    return services.classification_publish(classification=classification, user=world.qa_lead)


def decision_url(classification):
    return reverse("classification:decision", kwargs={"pk": classification.pk})


# --- Acceptance 3: confirmations ---------------------------------------------------------------------------------


@freeze_time(NOW)
def test_qa_lead_cannot_confirm_their_own_proposal_a_director_can(world, t24, client_for):
    classification = propose(world)
    client = client_for(world.qa_lead)
    page = client.get(decision_url(classification))
    assert page.status_code == 200
    assert b"Confirm or return" not in page.content
    response = client.post(decision_url(classification), {"action": "decide", "d-decision": "confirm"})
    assert response.status_code == 403
    classification.refresh_from_db()
    assert classification.status == Classification.Status.PROPOSED

    director = client_for(world.director)
    assert b"Confirm or return" in director.get(decision_url(classification)).content
    response = director.post(
        decision_url(classification), {"action": "decide", "d-decision": "confirm", "d-comment": ""}
    )
    assert response.status_code == 302
    classification.refresh_from_db()
    assert classification.status == Classification.Status.CONFIRMED
    assert classification.decided_by == world.director


@freeze_time(NOW)
def test_a_person_who_is_qa_lead_and_director_still_cannot_confirm_their_own_proposal(world, t24, client_for):
    f.give_role(world.qa_lead, "director", authority=world.authority)
    classification = propose(world)
    response = client_for(world.qa_lead).post(
        decision_url(classification), {"action": "decide", "d-decision": "confirm"}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="cannot confirm your own proposal"):
        services.classification_confirm(classification=classification, user=world.qa_lead)


@freeze_time(NOW)
def test_only_the_assigned_qa_lead_may_propose_or_assess(world, t24, client_for):
    url = reverse("classification:assessment-start", kwargs={"urn": world.school.urn})
    assert client_for(world.other_qa_lead).post(url).status_code == 403
    assert client_for(world.outside_qa_lead).post(url).status_code == 404
    response = client_for(world.qa_lead).post(url)
    assert response.status_code == 302
    assert world.school.assessments.count() == 1


@freeze_time(NOW)
def test_director_returns_with_a_comment_and_the_qa_lead_sees_it(world, t24, client_for):
    classification = propose(world)
    director = client_for(world.director)
    page = director.post(decision_url(classification), {"action": "decide", "d-decision": "return", "d-comment": ""})
    assert page.status_code == 200
    assert "Enter a comment saying why you are returning the proposal" in page.content.decode()
    director.post(
        decision_url(classification), {"action": "decide", "d-decision": "return", "d-comment": "Check attendance data"}
    )
    classification.refresh_from_db()
    assert classification.status == Classification.Status.RETURNED
    home = client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode()
    assert "Proposals returned to you" in home
    assert "Check attendance data" in home


@freeze_time(NOW)
def test_proposal_needs_a_rationale_and_shows_a_difference_from_the_suggestion(world, t24, client_for):
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    assert assessment.suggested_band.code == "yellow"
    url = reverse("classification:propose", kwargs={"pk": assessment.pk})
    client = client_for(world.qa_lead)
    amber = Band.objects.get(framework=t24, code="amber")
    page = client.post(url, {"band": amber.pk, "rationale": ""})
    assert "Enter the rationale for the band you propose" in page.content.decode()
    assert not Classification.objects.exists()
    response = client.post(url, {"band": amber.pk, "rationale": "Safeguarding concerns seen on the visit"})
    classification = Classification.objects.get()
    assert response.url == f"/la/990/classification/decisions/{classification.pk}/"
    page = client_for(world.director).get(decision_url(classification)).content.decode()
    assert "The proposed band (Amber) differs from the suggestion (Yellow)" in page
    assert "Safeguarding concerns seen on the visit" in page


# --- Acceptance 3: what heads and governors see ------------------------------------------------------------------


@freeze_time(NOW)
def test_headteacher_sees_published_band_and_reasons_never_drafts_or_internal_notes(world, t24, client_for):
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    services.assessment_record(
        assessment=assessment, user=world.qa_lead, internal_notes="SECRET: head may leave at Easter"
    )
    band = Band.objects.get(framework=t24, code="amber")
    classification = services.classification_propose(
        assessment=assessment, band=band, rationale="Internal rationale XYZ", user=world.qa_lead
    )
    head = client_for(world.head)
    school_page = reverse("schools:detail", kwargs={"urn": world.school.urn})

    before = main_content(head.get(school_page))
    assert "Not yet classified" in before
    assert "Amber" not in before
    assert head.get(decision_url(classification)).status_code == 404
    assert head.get(reverse("classification:assessment", kwargs={"pk": assessment.pk})).status_code == 404
    assert head.get(reverse("classification:school", kwargs={"urn": world.school.urn})).status_code == 403

    through_to_published(world, classification)
    after = main_content(head.get(school_page))
    assert "Amber" in after
    assert "Persistent absence 14.2% (threshold 10%)" in after
    assert "SECRET" not in after
    assert "Internal rationale XYZ" not in after
    # Another school's page, and its classification, stay out of reach.
    assert head.get(reverse("schools:detail", kwargs={"urn": world.other_school.urn})).status_code == 404
    home = head.get(reverse("home"), follow=True).content.decode()
    assert "Our classification and support" in home
    assert "Termly Monitoring and Support meeting chaired by the LA" in home


@freeze_time(NOW)
def test_a_new_draft_after_publication_is_not_shown_to_the_head(world, t24, client_for):
    through_to_published(world, propose(world))
    f.OfstedInspectionFactory(school=world.school, special_measures=True)
    assessment = assess(world.school, world.qa_lead)
    services.classification_propose(
        assessment=assessment, band=assessment.suggested_band, rationale="Ofsted", user=world.qa_lead
    )
    page = main_content(client_for(world.head).get(reverse("schools:detail", kwargs={"urn": world.school.urn})))
    assert "Yellow" in page
    assert "Red" not in page


@freeze_time(NOW)
def test_governor_of_the_school_sees_the_published_band(world, t24, client_for):
    through_to_published(world, propose(world))
    page = client_for(world.chair).get(reverse("schools:detail", kwargs={"urn": world.school.urn})).content.decode()
    assert "Classification" in page
    assert "Yellow" in page
    assert (
        client_for(world.other_governor).get(reverse("schools:detail", kwargs={"urn": world.school.urn})).status_code
        == 404
    )
    home = client_for(world.chair).get(reverse("home"), follow=True).content.decode()
    assert "Our classification and support" in home
    assert "Yellow" in home


# --- Publishing: signal, email, letter ----------------------------------------------------------------------------


@freeze_time(NOW)
def test_publishing_sends_the_signal_and_emails_head_and_chair_a_pdf_letter(
    world, t24, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, school, band, previous_band, **kwargs):
        received.append((school, band.code, previous_band))

    band_published.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            classification = through_to_published(world, propose(world))
    finally:
        band_published.disconnect(listener)
    assert received == [(world.school, "yellow", None)]
    assert classification.band_since == dt.date(2026, 11, 24)
    letter = Letter.objects.get()
    assert letter.kind == Letter.Kind.PUBLICATION
    # The hand-offs on the way told the director (proposed) and the QA lead (confirmed); the school gets the letter.
    assert [m.to for m in mail.outbox[:2]] == [[world.director.email], [world.qa_lead.email]]
    assert len(mail.outbox) == 3
    message = mail.outbox[2]
    assert sorted(message.to) == sorted([world.head.email, world.chair.email])
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    assert "Brookmead Primary School" in text
    assert "Yellow" in text
    assert "Persistent absence 14.2% (threshold 10%)" in text
    assert "termly QA visit" in text
    # History of every step is kept.
    statuses = list(classification.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["proposed", "confirmed", "discussed", "published"]


@freeze_time(NOW)
def test_head_and_chair_can_download_the_letter_others_cannot(world, t24, client_for):
    through_to_published(world, propose(world))
    letter = Letter.objects.get()
    url = reverse("classification:letter", kwargs={"pk": letter.pk})
    response = client_for(world.head).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Yellow" in text
    assert client_for(world.other_head).get(url).status_code == 404


@freeze_time(NOW)
def test_head_asks_for_a_discussion_which_becomes_a_task_for_the_qa_lead(world, t24, client_for):
    through_to_published(world, propose(world))
    url = reverse("classification:request-discussion", kwargs={"urn": world.school.urn})
    assert client_for(world.chair).get(url).status_code == 403
    head = client_for(world.head)
    page = head.post(url, {"message": ""})
    assert "Enter what you would like to discuss" in page.content.decode()
    head.post(url, {"message": "We think the absence figure includes a pupil with medical needs"})
    home = client_for(world.qa_lead).get(reverse("home"), follow=True).content.decode()
    assert "Discussion requests from headteachers" in home
    assert world.school.name in home


# --- Acceptance 4: annual batch twice -----------------------------------------------------------------------------


@freeze_time(NOW)
def test_annual_letter_batch_run_twice_creates_each_letter_once(world, t24, django_capture_on_commit_callbacks):
    f.published_classification(world.school, t24.bands.get(code="green"), by=world.qa_lead, since=dt.date(2026, 9, 1))
    f.published_classification(
        world.other_school, t24.bands.get(code="academies"), by=world.other_qa_lead, since=dt.date(2026, 9, 1)
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            job_enqueue(
                kind="classification_annual_letters",
                user=world.director,
                authority=world.authority,
                params={"authority_id": world.authority.pk, "academic_year": 2026},
            )
    jobs = list(Job.objects.filter(kind="classification_annual_letters").order_by("created_at"))
    assert [job.status for job in jobs] == ["succeeded", "succeeded"]
    assert jobs[0].result == {"schools": 2, "letters_created": 2, "already_written": 0}
    assert jobs[1].result == {"schools": 2, "letters_created": 0, "already_written": 2}
    # Progress is reported per school (the job runner shows it on the job page).
    seen = []
    services.annual_letters_run(
        authority=world.authority, academic_year=2026, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 2), (2, 2)]
    assert Letter.objects.filter(kind=Letter.Kind.ANNUAL).count() == 2
    # Head and chair of the first school got theirs once.
    assert sum(1 for m in mail.outbox if world.head.email in m.to) == 1


@freeze_time(NOW)
def test_director_starts_the_annual_letters_from_the_framework_page(world, t24, client_for):
    url = reverse("classification:annual-letters", kwargs={"pk": t24.pk})
    assert client_for(world.qa_lead).post(url).status_code == 403
    response = client_for(world.director).post(url)
    assert response.status_code == 302
    assert Job.objects.filter(kind="classification_annual_letters").count() == 1


# --- Telford 2014: review meeting gate: tests/classification/test_second_pass_telford_2014.py -------------------


# --- Academy track ------------------------------------------------------------------------------------------------


@freeze_time(NOW)
def test_academy_track_records_concerns_and_trust_conversation_not_entitlements(world, t24, client_for):
    school = world.other_school
    f.indicator_values(school, persistent_absence_pct=19)
    assessment = assess(school, world.other_qa_lead)
    assert assessment.suggested_band.code == "academies"
    green = Band.objects.get(framework=t24, code="green")
    with pytest.raises(ValidationError, match="maintained schools only"):
        services.classification_propose(assessment=assessment, band=green, rationale="x", user=world.other_qa_lead)
    classification = services.classification_propose(
        assessment=assessment,
        band=assessment.suggested_band,
        rationale="Academy",
        user=world.other_qa_lead,
        concerns="Persistent absence well above the borough",
        trust_conversation="Initial conversation offered to the CEO in October",
    )
    services.classification_confirm(classification=classification, user=world.director)
    services.classification_record_discussion(
        classification=classification, user=world.other_qa_lead, discussed_on=dt.date(2026, 11, 2), note=""
    )
    services.classification_publish(classification=classification, user=world.other_qa_lead)
    page = client_for(world.other_head).get(reverse("schools:detail", kwargs={"urn": school.urn})).content.decode()
    assert "Concerns and the conversation with the trust" in page
    assert "Persistent absence well above the borough" in page
    assert "Support and challenge" not in page


def test_barnsley_writes_every_september_once(world, django_capture_on_commit_callbacks):
    barnsley = f.preset_framework("barnsley", world.authority)
    assert barnsley.annual_letter_month == 9
    f.published_classification(
        world.school, barnsley.bands.get(code="no-risk"), by=world.qa_lead, since=dt.date(2026, 7, 20)
    )
    with freeze_time("2026-08-31 07:00:00"):
        assert annual_letters_due() == []
    with freeze_time("2026-09-01 06:00:00"):
        with django_capture_on_commit_callbacks(execute=True):
            jobs = annual_letters_due()
        assert len(jobs) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert annual_letters_due() == []
    letter = Letter.objects.get(kind=Letter.Kind.ANNUAL)
    assert (letter.school, letter.academic_year, letter.band_label) == (world.school, 2026, "No risk")


@freeze_time(NOW)
def test_qa_lead_closes_a_discussion_request(world, t24, client_for):
    classification = through_to_published(world, propose(world))
    discussion = services.discussion_request(classification=classification, user=world.head, message="Can we talk?")
    url = reverse("classification:close-discussion", kwargs={"pk": discussion.pk})
    assert client_for(world.head).get(url).status_code == 404
    assert client_for(world.other_qa_lead).get(url).status_code == 403
    client = client_for(world.qa_lead)
    assert "Enter what was agreed" in client.post(url, {"outcome": ""}).content.decode()
    assert client.post(url, {"outcome": "Met on 25 November; band stands"}).status_code == 302
    discussion.refresh_from_db()
    assert discussion.status == "done"
    assert discussion.history.count() == 2


@freeze_time(NOW)
def test_when_the_band_differs_the_school_is_told_the_evidence_and_the_reason_not_the_other_band(world, t24):
    classification = propose(
        world, band_code="amber", school_reason="Leaders agreed the attendance plan needs termly support meetings"
    )
    assert classification.suggested_band.code == "yellow"
    assert not any("→ Yellow" in reason for reason in classification.reasons)
    assert "Persistent absence above 10%: Persistent absence 14.2% (threshold 10%), 2025/26" in classification.reasons
    assert classification.reasons[-1] == "Leaders agreed the attendance plan needs termly support meetings"
