"""Issue 15, acceptance 2: one walk through every hand-off of a school's year — a QA lead assigned, a proposal
returned, proposed again and confirmed, a discussion and a review asked for and answered, a visit moved and
confirmed, the school's papers sent, a note sent, answered and withdrawn, the governors' checklist, an Ofsted import
that puts the school in special measures. Each tells exactly the people it concerns once (one notification each,
one email each for those who take the kind straight away, one digest for the one who chose the weekly digest), and
running the jobs and the import again tells nobody anything new."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from classification import services as classification
from classification.models import Band
from governance.services import CHECKLIST_DIR, checklist_save, checklist_template_load, conversation_open
from qa_portal.notifications.models import Notification
from qa_portal.notifications.services import notification_digest_send, notification_preferences_save
from schools.services import school_qa_lead_assign
from tests import factories as f
from tests.classification.helpers import assess
from tests.classification.test_reassessment_triggers import import_ofsted, special_measures_row
from tests.governance.conftest import rating_answers
from visits import services as visits
from visits.services import send_reminders

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _walk(world, tmp_path, capture):
    """Every hand-off once, in the order a year brings them. Returns the head of the school the admin assigned."""
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    new_school = f.SchoolFactory(authority=world.authority, name="Larkspur Primary School")
    new_head = f.headteacher(new_school)
    with capture(execute=True):
        school_qa_lead_assign(schools=[new_school], qa_lead=world.qa_lead, user=world.admin)

    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assessment = assess(world.school, world.qa_lead)
    yellow = Band.objects.get(framework=framework, code="yellow")
    with capture(execute=True):
        first = classification.classification_propose(
            assessment=assessment, band=yellow, rationale="Attendance is the main concern.", user=world.qa_lead
        )
    with capture(execute=True):
        classification.classification_return(classification=first, user=world.director, comment="Say more")
    with capture(execute=True):
        second = classification.classification_propose(
            assessment=assessment, band=yellow, rationale="Persistent absence is 14.2%.", user=world.qa_lead
        )
    with capture(execute=True):
        classification.classification_confirm(classification=second, user=world.director, comment="Agreed")
    classification.classification_record_discussion(
        classification=second, user=world.qa_lead, discussed_on=dt.date(2026, 11, 20), note="Head agrees"
    )
    with capture(execute=True):
        published = classification.classification_publish(classification=second, user=world.qa_lead)
    with capture(execute=True):
        discussion = classification.discussion_request(
            classification=published, user=world.head, message="Our attendance has improved since September."
        )
    with capture(execute=True):
        classification.discussion_close(discussion=discussion, user=world.qa_lead, outcome="We met on 23 November.")
    with capture(execute=True):
        review = classification.review_request(
            classification=published, user=world.head, reason="The absence figure counts a closed week."
        )
    with capture(execute=True):
        classification.review_decide(
            review=review, user=world.director, outcome="upheld", outcome_text="The figure is right."
        )

    meeting = f.visit(world.school, on=dt.date(2026, 12, 8), status="planned", extra=True, sequence=11)
    with capture(execute=True):
        visits.visit_move(visit=meeting, user=world.qa_lead, planned_date=dt.date(2026, 12, 10))
    with capture(execute=True):
        visits.visit_confirm(visit=meeting, user=world.qa_lead)
    with capture(execute=True):
        visits.contribution_save(
            visit=meeting,
            user=world.head,
            lines_of_enquiry="Attendance of disadvantaged pupils",
            sef_summary="Attendance is improving.",
            improvement_plan_text="",
            papers={"improvement_plan": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")},
            send=True,
        )

    held = f.visit(world.school, on=dt.date(2026, 11, 17), status="confirmed", extra=True, sequence=12)
    visits.visit_mark_held(visit=held, user=world.qa_lead)
    note = visits.note_start(visit=held, user=world.qa_lead)
    note.next_steps = "Keep the attendance work going."
    note.save()
    with capture(execute=True):
        visits.note_send_for_accuracy(note=note, user=world.qa_lead)
    with capture(execute=True):
        visits.note_recall(note=note, user=world.qa_lead)
    with capture(execute=True):
        visits.note_send_for_accuracy(note=note, user=world.qa_lead)
    section = note.sections.first()
    with capture(execute=True):
        visits.note_respond(
            note=note,
            user=world.head,
            accurate=False,
            general_comment="",
            section_comments={section.pk: "The attendance figure is for last year."},
        )

    template = checklist_template_load(authority=world.authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")
    conversation = conversation_open(
        school=world.school, academic_year=2026, template=template, due_by=dt.date(2027, 3, 31)
    )
    answers = {
        int(name.split("_")[1]): (value, rating_answers(conversation)[name.replace("_rating", "_comment")])
        for name, value in rating_answers(conversation).items()
        if name.endswith("_rating")
    }
    with capture(execute=True):
        checklist_save(conversation=conversation, user=world.chair, answers=answers, submit=True)

    with capture(execute=True):
        import_ofsted(tmp_path, [special_measures_row(world.school)])
    return new_head


def _told():
    """(kind, recipient's email) of every notification, in a fixed order."""
    return sorted((n.kind, n.recipient.email) for n in Notification.objects.select_related("recipient"))


def test_every_hand_off_tells_its_people_once_and_nothing_twice_when_the_jobs_run_again(
    world, tmp_path, django_capture_on_commit_callbacks
):
    with freeze_time("2026-11-24 10:00", tick=True):  # a note sent again is sent at a later moment
        # The head takes "a visit is moved" in the weekly digest; everyone else has the defaults (straight away).
        notification_preferences_save(user=world.head, deliveries={"visit_moved": "digest"})
        new_head = _walk(world, tmp_path, django_capture_on_commit_callbacks)

        lead, head, director = (p.email for p in (world.qa_lead, world.head, world.director))
        expected = sorted(
            [
                ("qa_lead_assigned", lead),  # the new lead of Larkspur
                ("qa_lead_assigned", new_head.email),  # and its head
                ("classification_proposed", director),  # the first proposal
                ("classification_returned", lead),
                ("classification_proposed", director),  # proposed again
                ("classification_confirmed", lead),
                ("discussion_requested", lead),
                ("discussion_closed", head),
                ("review_requested", director),
                ("review_decided", head),
                ("review_decided", lead),
                ("visit_moved", head),
                ("visit_confirmed", head),
                ("visit_papers_sent", lead),
                ("note_sent_for_accuracy", head),  # sent
                ("note_withdrawn", head),  # withdrawn before the head answered
                ("note_sent_for_accuracy", head),  # sent again
                ("note_accuracy_answered", lead),
                ("governance_checklist_submitted", lead),
                ("reassessment_triggered", lead),
            ]
        )
        assert _told() == expected

        # One email per notification, to its one recipient, except the move the head takes in the digest.
        letter = _letter_subject(world)
        emailed = sorted((m.to[0], m.subject) for m in mail.outbox if m.subject != letter)
        notified = Notification.objects.select_related("recipient").exclude(recipient=world.head, kind="visit_moved")
        assert [recipient for recipient, _subject in emailed] == sorted(n.recipient.email for n in notified)
        assert all(len(m.to) == 1 for m in mail.outbox if m.subject != letter)
        assert (head, _moved_text()) not in emailed
        assert Notification.objects.get(recipient=world.head, kind="visit_moved").emailed_at is None

        outbox_before = len(mail.outbox)
        notifications_before = _told()

    # The next Monday the weekly digest goes: one email to the head, listing the move; again, nothing.
    with freeze_time("2026-11-30 07:00"):
        with django_capture_on_commit_callbacks(execute=True):
            assert notification_digest_send() == 1
        (digest,) = mail.outbox[outbox_before:]
        assert digest.to == [head]
        assert _moved_text() in digest.body
        assert notification_digest_send() == 0
        # The daily reminders, the digest and the same Ofsted file again: no notification or email is repeated.
        send_reminders()
        first_reminders = len(mail.outbox)
        send_reminders()
        assert len(mail.outbox) == first_reminders
        with django_capture_on_commit_callbacks(execute=True):
            import_ofsted(tmp_path, [special_measures_row(world.school)], name="again.csv")
        assert _told() == notifications_before
        assert notification_digest_send() == 0
        assert len(mail.outbox) == first_reminders


def _moved_text():
    return "The QA visit at Brookmead Primary School has moved from 8 December 2026 to 10 December 2026."


def _letter_subject(world):
    """The classification letter is a letter to the head and chair, not a notification."""
    return next(m.subject for m in mail.outbox if "classification" in m.subject.lower() and "letter" in m.body.lower())
