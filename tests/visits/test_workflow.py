import io
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from icalendar import Calendar
from pypdf import PdfReader

from classification.frameworks import framework_load
from tests import factories as f
from tests.base import sign_in
from visits import services
from visits.models import Agenda, Visit, VisitNote, VisitType
from visits.planner import plan_visits
from visits.selectors import plan_for_user

pytestmark = pytest.mark.django_db


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@freeze_time("2026-11-24")
def test_note_reaches_the_head_only_when_sent_and_published_pdf_has_next_steps(
    world, client_for, django_capture_on_commit_callbacks
):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held")
    lead = client_for(world.qa_lead)
    response = lead.post(f"/visits/{visit.pk}/note/start/")
    assert response.status_code == 302
    note = VisitNote.objects.get(visit=visit)
    sections = list(note.sections.all())
    assert [s.title for s in sections][:1] == ["Quality of education"]
    data = {
        "aspect": "Reading in key stage 1",
        "going_well": "Phonics teaching is consistent.",
        "next_steps": "Raise attendance of disadvantaged pupils\nReview the reading curriculum",
        "internal_comments": "Head seemed stretched – keep an eye",
    }
    for s in sections:
        data[f"evaluation_{s.pk}"] = f"Evaluation of {s.title}"
        data[f"evidence_{s.pk}"] = "Lesson visits"
    assert lead.post(f"/visits/{visit.pk}/note/", data).status_code == 302

    # Draft: the head and the chair see nothing; the head of another school gets 404 too.
    for person in (world.head, world.chair, world.other_head, world.outside_head):
        client = client_for(person)
        assert client.get(f"/visits/{visit.pk}/note/").status_code == 404
        assert client.get(f"/visits/{visit.pk}/note.pdf").status_code == 404
    assert "Read the note" not in client_for(world.head).get(f"/visits/{visit.pk}/").content.decode()

    lead = client_for(world.qa_lead)
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(f"/visits/{visit.pk}/note/send/")
    note.refresh_from_db()
    assert note.status == "sent" and note.sent_by == world.qa_lead
    assert mail.outbox[-1].to == [world.head.email]

    head = client_for(world.head)
    page = head.get(f"/visits/{visit.pk}/note/").content.decode()
    assert "Raise attendance of disadvantaged pupils" in page
    assert "keep an eye" not in page  # internal comments never reach the school
    assert client_for(world.other_head).get(f"/visits/{visit.pk}/note/").status_code == 404
    assert client_for(world.chair).get(f"/visits/{visit.pk}/note/").status_code == 404  # chair: only once published

    head = client_for(world.head)
    empty = head.post(f"/visits/{visit.pk}/note/", {"accurate": "no", "general_comment": ""})
    assert "Add a comment on at least one section" in empty.content.decode()
    response = head.post(
        f"/visits/{visit.pk}/note/",
        {"accurate": "no", "general_comment": "", f"comment_{sections[0].pk}": "The phonics data is for 2025/26"},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == "responded" and note.responded_by == world.head
    assert note.sections.get(pk=sections[0].pk).head_comment == "The phonics data is for 2025/26"

    # Every comment is answered before publishing (tests/visits/test_accuracy_loop.py has the whole loop).
    data[f"response_{sections[0].pk}"] = "Changed to the 2024/25 data"
    data[f"outcome_{sections[0].pk}"] = "corrected"
    assert client_for(world.qa_lead).post(f"/visits/{visit.pk}/note/", data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.qa_lead).post(f"/visits/{visit.pk}/note/publish/")
    note.refresh_from_db()
    assert note.status == "published" and note.published_by == world.qa_lead
    assert set(mail.outbox[-1].to) == {world.head.email, world.chair.email}

    response = client_for(world.chair).get(f"/visits/{visit.pk}/note.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Raise attendance of disadvantaged pupils" in text and "Review the reading curriculum" in text
    assert f"Note of visit: {world.school.name} – QA visit – 17 November 2026" in " ".join(text.split())
    assert f"Written by {world.qa_lead}." in " ".join(text.split())
    assert "Page 1 of" in text
    assert "keep an eye" not in text
    assert client_for(world.other_head).get(f"/visits/{visit.pk}/note.pdf").status_code == 404


@freeze_time("2026-11-24")
def test_head_cannot_edit_or_publish_a_note(world, client_for):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held")
    note = services.note_start(visit=visit, user=world.qa_lead)
    note.next_steps = "Next"
    note.save()
    services.note_send_for_accuracy(note=note, user=world.qa_lead)
    head = client_for(world.head)
    assert head.post(f"/visits/{visit.pk}/note/publish/").status_code == 403
    assert head.post(f"/visits/{visit.pk}/note/send/").status_code == 403
    assert client_for(world.other_qa_lead).post(f"/visits/{visit.pk}/note/publish/").status_code == 403


@freeze_time("2026-11-24")
def test_agenda_drafted_before_due_with_standing_items_and_previous_actions_and_circulated(
    world, client_for, django_capture_on_commit_callbacks
):
    f.framework_with_bands(world.authority)
    previous = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 10, 6), status="held")
    services.action_add(visit=previous, user=world.qa_lead, text="Share the attendance action plan", owner="Head")
    meeting = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 15),
        status="planned",
        sequence=2,
        agenda_due=date(2026, 12, 1),
        papers_due=date(2026, 12, 8),
    )
    later = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2027, 2, 2),
        status="planned",
        sequence=3,
        term="spring",
        agenda_due=date(2027, 1, 19),
    )
    assert services.draft_agendas() == 1  # due within a week: drafted; the February one is not yet
    agenda = Agenda.objects.get(visit=meeting)
    assert not Agenda.objects.filter(visit=later).exists()
    assert agenda.item_list() == [
        "Quality of education and its impact on outcomes",
        "Behaviour and attitudes",
        "Personal development",
        "Leadership, management and safeguarding",
        "Action from 6 October 2026: Share the attendance action plan",
    ]
    assert agenda.attendee_list() == [
        f"{world.qa_lead.get_full_name()}, QA lead",
        "Headteacher and senior leaders",
        "SENCo (where requested)",
        "Chair of governors",
        "HR adviser (as appropriate)",
        "Finance officer (as appropriate)",
    ]
    assert agenda.drafted_at.date() == date(2026, 11, 24)  # today, a week before it is due
    assert services.draft_agendas() == 0  # safe to run twice

    # The head does not see the draft agenda; the QA lead circulates it.
    assert (
        "Share the attendance action plan" not in client_for(world.head).get(f"/visits/{meeting.pk}/").content.decode()
    )
    lead = client_for(world.qa_lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert lead.post(f"/visits/{meeting.pk}/agenda/circulate/").status_code == 302
    agenda.refresh_from_db()
    assert agenda.circulated_at.date() == date(2026, 11, 24) and agenda.circulated_by == world.qa_lead
    sent = mail.outbox[-1]
    assert sorted(sent.to) == sorted([world.qa_lead.email, world.head.email, world.chair.email])
    assert len(sent.attachments) == 1 and sent.attachments[0][2] == "application/pdf"
    assert "Share the attendance action plan" in _pdf_text(sent.attachments[0][1])
    page = lead.get(f"/visits/{meeting.pk}/").content.decode()
    assert "Circulated on 24 November 2026 (due 1 December 2026)" in page
    assert "Done 24 Nov" in page


@freeze_time("2026-11-24")
def test_ics_feed_parses_and_a_revoked_token_answers_404(world, client):
    visit = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2027, 1, 12),
        status="planned",
        agenda_due=date(2026, 12, 29),
        papers_due=date(2027, 1, 5),
        minutes_due=date(2027, 1, 21),
    )
    token = services.calendar_token_create(user=world.qa_lead)
    response = client.get(f"/calendar/{token.token}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events[f"Monitoring and support meeting: {world.school.name}"] == visit.planned_date
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["uid"]) == f"visit-{visit.pk}@127.0.0.1"]
    assert str(event["status"]) == "TENTATIVE"  # planned: whether it is confirmed is its status, not its title
    assert events[f"Agenda due: Monitoring and support meeting, {world.school.name}"] == date(2026, 12, 29)
    assert events[f"Minutes due: Monitoring and support meeting, {world.school.name}"] == date(2027, 1, 21)
    services.calendar_token_revoke(user=world.qa_lead)
    assert client.get(f"/calendar/{token.token}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_reminders_run_twice_send_each_once(world):
    f.framework_with_bands(world.authority)
    f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 8),
        status="planned",
        agenda_due=date(2026, 11, 24),
        papers_due=date(2026, 12, 1),
    )
    f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 11, 10),
        status="held",
        sequence=2,
        minutes_due=date(2026, 11, 19),
    )
    with freeze_time("2026-11-24"):
        first = services.send_reminders()
        second = services.send_reminders()
    subjects = [m.subject for m in mail.outbox]
    assert second == 0 and first == len(mail.outbox) == 2
    assert sorted(subjects) == [
        "Agenda due: Brookmead Primary School, Monitoring and support meeting on 8 December 2026",
        "Minutes overdue: Brookmead Primary School, Monitoring and support meeting on 10 November 2026",
    ]
    assert all(m.to == [world.qa_lead.email] for m in mail.outbox)
    with freeze_time("2026-11-28"):  # papers due in three days: the headteacher is reminded, once
        services.send_reminders()
        services.send_reminders()
    papers = [m for m in mail.outbox if m.subject.startswith("Papers due")]
    assert len(papers) == 1 and papers[0].to == [world.head.email]
    agenda_overdue = [m for m in mail.outbox if m.subject.startswith("Agenda overdue")]
    assert len(agenda_overdue) == 1


def test_weekly_digest_once_per_lead_per_week(world):
    f.visit(world.school, code="qa_visit", on=date(2026, 11, 26), status="planned")
    with freeze_time("2026-11-23"):
        assert services.send_weekly_digests() == 1
        assert services.send_weekly_digests() == 0
    digest = mail.outbox[0]
    assert digest.to == [world.qa_lead.email] and "Brookmead Primary School" in digest.body


@freeze_time("2026-11-24")
def test_contribution_upload_checks_type_and_size_and_starts_the_note(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = f.visit(world.school, on=date(2026, 12, 3), status="planned")
    head = client_for(world.head)
    bad = head.post(
        f"/visits/{visit.pk}/contribute/",
        {"lines_of_enquiry": "Reading", "paper_improvement_plan": SimpleUploadedFile("plan.exe", b"MZ")},
    )
    assert "‘plan.exe’ cannot be uploaded here. Upload a PDF, Word, OpenDocument or Excel file." in bad.content.decode()
    big = head.post(
        f"/visits/{visit.pk}/contribute/",
        {"paper_improvement_plan": SimpleUploadedFile("plan.pdf", b"0" * (10 * 1024 * 1024 + 1))},
    )
    assert "smaller than 10MB" in big.content.decode()
    ok = head.post(
        f"/visits/{visit.pk}/contribute/",
        {
            "lines_of_enquiry": "Is the new reading scheme working?",
            "sef_summary": "Good overall",
            "improvement_plan_text": "Priority 1: attendance",
            "paper_improvement_plan": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test"),
        },
    )
    assert ok.status_code == 302
    assert client_for(world.other_head).get(f"/visits/{visit.pk}/contribute/").status_code == 404
    assert client_for(world.qa_lead).get(f"/visits/{visit.pk}/contribute/").status_code == 403
    download = client_for(world.qa_lead).get(f"/visits/{visit.pk}/improvement-plan/", follow=True)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client_for(world.outside_qa_lead).get(f"/visits/{visit.pk}/improvement-plan/").status_code == 404
    Visit.objects.filter(pk=visit.pk).update(status="held")
    visit.refresh_from_db()
    note = services.note_start(visit=visit, user=world.qa_lead)
    assert note.aspect == "Is the new reading scheme working?"
    assert "School's self-evaluation: Good overall" in note.sections.first().evidence


@freeze_time("2026-11-24")
def test_qa_lead_moves_confirms_cancels_and_adds_visits(world, client_for):
    f.framework_with_bands(world.authority)
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 12, 10), status="planned")
    lead = client_for(world.qa_lead)
    response = lead.post(
        f"/visits/{meeting.pk}/move/", {"planned_date_0": "17", "planned_date_1": "12", "planned_date_2": "2026"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.planned_date, meeting.agenda_due, meeting.papers_due, meeting.minutes_due) == (
        date(2026, 12, 17),
        date(2026, 12, 3),
        date(2026, 12, 10),
        date(2026, 12, 30),
    )
    weekend = lead.post(
        f"/visits/{meeting.pk}/move/", {"planned_date_0": "12", "planned_date_1": "12", "planned_date_2": "2026"}
    )
    assert "12 December 2026 is a Saturday" in weekend.content.decode()
    assert "govuk-error-summary" in weekend.content.decode()
    assert client_for(world.other_qa_lead).post(f"/visits/{meeting.pk}/confirm/").status_code == 403
    assert client_for(world.outside_qa_lead).get(f"/visits/{meeting.pk}/").status_code == 404
    lead = client_for(world.qa_lead)
    lead.post(f"/visits/{meeting.pk}/confirm/")
    meeting.refresh_from_db()
    assert meeting.status == "confirmed" and meeting.confirmed_by == world.qa_lead
    no_reason = lead.post(f"/visits/{meeting.pk}/cancel/", {"reason": ""})
    assert "Enter why the visit is cancelled" in no_reason.content.decode()
    lead.post(f"/visits/{meeting.pk}/cancel/", {"reason": "School closed for snow"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "School closed for snow"
    qa_visit = VisitType.objects.get(code="learning_walk")
    response = lead.post(
        f"/visits/add/{world.school.urn}/",
        {"visit_type": qa_visit.pk, "planned_date_0": "14", "planned_date_1": "1", "planned_date_2": "2027"},
    )
    too_far = lead.post(
        f"/visits/add/{world.school.urn}/",
        {"visit_type": qa_visit.pk, "planned_date_0": "14", "planned_date_1": "1", "planned_date_2": "2032"},
    )
    assert "There are no term dates for 2031/32" in too_far.content.decode()
    extra = Visit.objects.get(is_extra=True)
    assert response.status_code == 302 and extra.term == "spring" and extra.qa_lead == world.qa_lead


@freeze_time("2026-11-24")
def test_plan_page_shows_entitlement_planned_and_held_and_csv(world, client_for):
    _, bands = f.framework_with_bands(world.authority)
    f.published_classification(world.school, bands["red"], by=world.director)
    plan_visits(start_year=2026, authority=world.authority)
    Visit.objects.filter(school=world.school, term="autumn", visit_type__code="interim_visit").update(status="held")
    page = client_for(world.qa_lead).get("/visits/plan/?year=2026").content.decode()
    assert "Entitled 3, planned 3, held 2" in page  # autumn: 3 visits for Red, 2 interim visits held
    assert "Entitled 4, planned 4, held 0" in page  # spring: 3 + the annual governance conversation
    assert "Recent changes to the plan" in page and "Plan for 2026/27" in page
    response = client_for(world.qa_lead).get("/visits/plan.csv?year=2026")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "urn,school,framework,band,academic_year,term,visit_type,planned_date,agenda_due,papers_due,"
        "minutes_due,qa_lead,status"
    )
    assert len(lines) == 1 + Visit.objects.count()
    assert client_for(world.head).get("/visits/plan/").status_code == 403
    assert client_for(world.head).get("/visits/plan.csv").status_code == 403


@freeze_time("2026-11-24")
def test_panels_show_deadlines_on_the_school_page_and_homes(world, client_for):
    f.framework_with_bands(world.authority)
    f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 11, 12),
        status="held",
        minutes_due=date(2026, 11, 23),
    )
    qa_visit = f.visit(world.school, code="qa_visit", on=date(2026, 11, 26), status="planned", sequence=2)
    # Planned in September (a visit planned only days ahead is asked for nothing before the day it was planned).
    Visit.objects.filter(pk=qa_visit.pk).update(created_at=datetime(2026, 9, 7, 9, 0, tzinfo=UTC))
    f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 3),
        status="planned",
        sequence=3,
        agenda_due=date(2026, 11, 19),
        papers_due=date(2026, 11, 26),
    )
    school_page = client_for(world.qa_lead).get(f"/schools/{world.school.urn}/").content.decode()
    assert "Visits and deadlines" in school_page and "Overdue" in school_page
    home = client_for(world.qa_lead).get("/home/qa-lead/").content.decode()
    assert "Your visits this week" in home and "Thursday 26 November" in home
    assert "Minutes to the headteacher" in home and "Agenda to the attendees" in home
    head_home = client_for(world.head).get("/home/headteacher/").content.decode()
    assert "monitoring and support meeting on 3 December</a>: by 26 November 2026" in head_home
    assert "Lines of enquiry and self-evaluation for the" in head_home
    assert "QA visit on 26 November</a>: by 19 November 2026" in head_home
    other = client_for(world.other_head).get("/home/headteacher/").content.decode()
    assert "3 December" not in other


def test_minutes_of_a_meeting_follow_the_same_check_and_stop_the_reminder(world, client_for):
    f.framework_with_bands(world.authority)
    meeting = f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 11, 10),
        status="held",
        minutes_due=date(2026, 11, 19),
    )
    with freeze_time("2026-11-18"):
        note = services.note_start(visit=meeting, user=world.qa_lead)
        note.next_steps = "Agree the attendance targets"
        note.save()
        services.note_send_for_accuracy(note=note, user=world.qa_lead)
        page = client_for(world.head).get(f"/visits/{meeting.pk}/note/").content.decode()
        assert '<h1 class="govuk-heading-l">Minutes</h1>' in page
        visit_page = client_for(world.qa_lead).get(f"/visits/{meeting.pk}/").content.decode()
        assert "Done 18 Nov" in visit_page
    with freeze_time("2026-11-24"):
        assert services.send_reminders() == 0  # sent on time: no minutes reminder


def test_plan_page_queries_do_not_grow_with_schools(world, client_for, django_assert_max_num_queries):
    _, bands = f.framework_with_bands(world.authority)
    for band in ("green", "yellow", "amber", "red"):
        for _ in range(3):
            f.published_classification(
                f.SchoolFactory(authority=world.authority, qa_lead=world.qa_lead), bands[band], by=world.director
            )
    with freeze_time("2026-11-24"):
        plan_visits(start_year=2026, authority=world.authority)
    world.qa_lead.refresh_from_db()
    with django_assert_max_num_queries(12):
        rows = plan_for_user(world.qa_lead, world.authority, start_year=2026)
    assert len(rows) == 14 and sum(cell["planned"] for row in rows for cell in row["terms"]) == Visit.objects.count()


def test_telford_2014_review_meeting_agenda_uses_the_preset_standing_items(world):
    framework_load(slug="telford-wrekin-2014", authority=world.authority)
    review = f.visit(world.school, code="review_team_meeting", on=date(2026, 12, 8), status="planned")
    with freeze_time("2026-11-24"):
        assert services.draft_agendas() == 1
    assert Agenda.objects.get(visit=review).item_list() == [
        "Human Resources",
        "Finance",
        "Raising Achievement Plan update",
        "Evidence and judgements from monitoring",
        "Pupil progress data",
        "Attendance",
        "Exclusions",
        "Leadership and management concerns",
        "Exit strategy",
    ]


@freeze_time("2026-11-24")
def test_emails_to_the_school_carry_full_links(world, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://qa.example-council.gov.uk"
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held")
    note = services.note_start(visit=visit, user=world.qa_lead)
    note.next_steps = "Next"
    note.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.note_send_for_accuracy(note=note, user=world.qa_lead)
    message = mail.outbox[-1]
    assert f"https://qa.example-council.gov.uk/la/990/visits/{visit.pk}/note/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://qa.example-council.gov.uk/la/990/visits/{visit.pk}/note/"' in html


@freeze_time("2026-11-24")
def test_plan_page_shows_25_schools_a_page_with_gov_uk_pagination(world, client_for):
    f.framework_with_bands(world.authority)
    for n in range(30):
        f.SchoolFactory(authority=world.authority, name=f"Plan Test School {n:02d}", qa_lead=world.qa_lead)
    first = client_for(world.qa_lead).get("/visits/plan/?year=2026").content.decode()
    second = client_for(world.qa_lead).get("/visits/plan/?year=2026&page=2").content.decode()
    # 32 schools by name: Brookmead, Castleton, then the 30 test schools.
    assert "(schools 1 to 25 of 32)" in first and "Page 1 of 2" in first
    assert "Plan Test School 22" in first and "Plan Test School 23" not in first
    assert "(schools 26 to 32 of 32)" in second and "Plan Test School 23" in second
    assert 'href="?year=2026&amp;page=2" rel="next"' in first


def _plan_page_queries(client, lead, authority, n_schools, bands):
    for i in range(n_schools):
        school = f.SchoolFactory(authority=authority, qa_lead=lead)
        f.published_classification(school, bands[("green", "yellow", "amber", "red")[i % 4]], by=lead)
    plan_visits(start_year=2026, authority=authority)
    sign_in(client, lead)
    client.get("/visits/plan/?year=2026")  # the first request of a year creates its default term dates
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/visits/plan/?year=2026")
    assert response.status_code == 200
    return len(queries)


@freeze_time("2026-11-24")
def test_plan_page_runs_the_same_queries_for_4_schools_and_for_40(world, client):
    _, small_bands = f.framework_with_bands(world.authority)
    _, large_bands = f.framework_with_bands(world.other_authority)
    small = _plan_page_queries(client, world.qa_lead, world.authority, 4, small_bands)
    large = _plan_page_queries(client, world.outside_qa_lead, world.other_authority, 40, large_bands)
    assert small == large, f"{small} queries for 4 schools, {large} for 40"
