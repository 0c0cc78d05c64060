"""The school's papers before a meeting: one upload per paper the framework asks for (each through the one upload
checker, each with its file, its day and a download), the head's "Send papers to the QA lead" meeting the papers
deadline ("Sent on …" wherever the deadline shows), the QA lead told once per send, and the to-dos of both."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from qa_portal.notifications.models import Notification
from tests import factories as f
from tests.base import main_content
from visits.models import Contribution, SchoolPaper, Visit
from visits.papers import PaperAskedFor, papers_asked_for
from visits.todos import papers_received, papers_to_send

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx():
    """A real (minimal) Word document: the parts Word itself needs to open it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
            '+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Our improvement plan</w:t></w:r></w:p></w:body>'
            "</w:document>",
        )
    return buffer.getvalue()


DOCX = _docx()


@pytest.fixture(autouse=True)
def clock():
    """Thursday 3 December 2026, for every row and request of a test."""
    with freeze_time("2026-12-03 10:00"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def framework(world):
    framework, _bands = f.framework_with_bands(world.authority)
    return framework


@pytest.fixture
def meeting(world, framework):
    """A meeting on 15 December 2026 whose papers were due on 1 December: overdue today."""
    return f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 15),
        status="planned",
        papers_due=date(2026, 12, 1),
    )


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main_content(response))).strip()


def upload(client, visit, kind, name, content, **data):
    return client.post(
        f"/visits/{visit.pk}/contribute/", {"save": "", **data, f"paper_{kind}": SimpleUploadedFile(name, content)}
    )


def send(client, visit, **data):
    return client.post(f"/visits/{visit.pk}/contribute/", {"send": "", **data})


def served(response):
    return (
        response.status_code,
        response["Content-Type"],
        response["Content-Disposition"],
        b"".join(response.streaming_content),
    )


# --- one upload per paper -----------------------------------------------------------------------------------


def test_the_head_uploads_each_paper_separately_and_both_are_listed_and_downloadable(world, client_for, media, meeting):
    head = client_for(world.head)
    page = head.get(f"/visits/{meeting.pk}/contribute/")
    assert page.status_code == 200
    text = text_of(page)
    assert "Self-evaluation Not uploaded yet. Upload the self-evaluation" in text
    assert "School improvement plan Not uploaded yet. Upload the school improvement plan" in text

    response = upload(head, meeting, "self_evaluation", "sef-2026.pdf", PDF)
    assert response.status_code == 302 and response["Location"] == f"/la/990/visits/{meeting.pk}/contribute/"
    assert upload(head, meeting, "improvement_plan", "sip-2026.docx", DOCX).status_code == 302

    papers = {p.kind: p for p in SchoolPaper.objects.all()}
    assert sorted(papers) == ["improvement_plan", "self_evaluation"]
    assert (papers["self_evaluation"].title, papers["self_evaluation"].content_type) == ("Self-evaluation", PDF_TYPE)
    assert (papers["improvement_plan"].title, papers["improvement_plan"].content_type) == (
        "School improvement plan",
        DOCX_TYPE,
    )
    assert papers["self_evaluation"].created_by == world.head

    text = text_of(head.get(f"/visits/{meeting.pk}/contribute/"))
    assert (
        "Self-evaluation File sef-2026.pdf (download the self-evaluation) Uploaded on 3 December 2026 "
        "Replace the self-evaluation"
    ) in text
    assert (
        "School improvement plan File sip-2026.docx (download the school improvement plan) Uploaded on "
        "3 December 2026 Replace the school improvement plan"
    ) in text
    lead_page = text_of(client_for(world.qa_lead).get(f"/visits/{meeting.pk}/"))
    assert "Not sent yet The school is still preparing these." in lead_page
    assert "Self-evaluation sef-2026.pdf (download the self-evaluation) Uploaded on 3 December 2026" in lead_page

    lead = client_for(world.qa_lead)
    assert served(lead.get(f"/visits/{meeting.pk}/papers/self_evaluation/")) == (
        200,
        PDF_TYPE,
        'attachment; filename="sef-2026.pdf"',
        PDF,
    )
    assert served(lead.get(f"/visits/{meeting.pk}/papers/improvement_plan/")) == (
        200,
        DOCX_TYPE,
        'attachment; filename="sip-2026.docx"',
        DOCX,
    )
    # The improvement plan's old address leads to its paper.
    old = lead.get(f"/visits/{meeting.pk}/improvement-plan/")
    assert (old.status_code, old["Location"]) == (302, f"/la/990/visits/{meeting.pk}/papers/improvement_plan/")
    assert lead.get(f"/visits/{meeting.pk}/papers/another_paper/").status_code == 404


def test_the_old_improvement_plan_address_is_not_found_without_a_plan(world, client_for, media, meeting):
    head = client_for(world.head)
    assert upload(head, meeting, "self_evaluation", "sef.pdf", PDF).status_code == 302
    assert client_for(world.qa_lead).get(f"/visits/{meeting.pk}/improvement-plan/").status_code == 404


def test_replacing_a_paper_removes_its_old_file_and_keeps_the_other(
    world, client_for, media, meeting, django_capture_on_commit_callbacks
):
    head = client_for(world.head)
    with django_capture_on_commit_callbacks(execute=True):
        upload(head, meeting, "self_evaluation", "sef.pdf", PDF)
        upload(head, meeting, "improvement_plan", "plan.pdf", PDF)
    first = SchoolPaper.objects.get(kind="improvement_plan").file.name
    sef = SchoolPaper.objects.get(kind="self_evaluation").file.name
    assert stored_files(media) == sorted([first, sef])

    with django_capture_on_commit_callbacks(execute=True):
        assert upload(head, meeting, "improvement_plan", "plan-v2.docx", DOCX).status_code == 302
    plan = SchoolPaper.objects.get(kind="improvement_plan")
    assert plan.content_type == DOCX_TYPE and plan.file.name.endswith("/plan-v2.docx")
    assert stored_files(media) == sorted([plan.file.name, sef])
    assert (media / plan.file.name).read_bytes() == DOCX
    assert SchoolPaper.objects.count() == 2

    # The visit deleted: its papers' files leave storage too.
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert stored_files(media) == []


@pytest.mark.parametrize("kind", ["self_evaluation", "improvement_plan"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(ELF, "‘paper.pdf’ is not a PDF file: its content is an executable program.", id="elf"),
        pytest.param(HTML, "‘paper.pdf’ is not a PDF file: its content is a web page (HTML).", id="html"),
    ],
)
def test_a_renamed_program_or_web_page_is_refused_against_its_paper_and_nothing_is_stored(
    world, client_for, media, meeting, kind, content, message
):
    response = upload(client_for(world.head), meeting, kind, "paper.pdf", content, lines_of_enquiry="Reading")
    assert response.status_code == 200
    html = main_content(response)
    summary = html.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert f'href="#id_paper_{kind}"' in summary and message in summary
    field = html.split(f'id="id_paper_{kind}"')[0].rsplit('class="govuk-form-group', 1)[1]
    assert "govuk-form-group--error" in f'class="govuk-form-group{field}' and message in field
    assert not SchoolPaper.objects.exists()
    assert not Contribution.objects.exists()
    assert stored_files(media) == []


# --- sending meets the papers deadline ----------------------------------------------------------------------


def test_sending_meets_the_deadline_everywhere_it_shows_and_tells_the_qa_lead_once(
    world, client_for, media, meeting, django_capture_on_commit_callbacks
):
    overdue = text_of(client_for(world.qa_lead).get(f"/visits/{meeting.pk}/"))
    assert "Papers from the school 1 December 2026 Overdue" in overdue

    head = client_for(world.head)
    assert "Papers for the monitoring and support meeting at Brookmead Primary School on 15 December 2026 Overdue" in (
        text_of(head.get("/home/headteacher/"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(head, meeting, "self_evaluation", "sef.pdf", PDF)
    assert Notification.objects.count() == 0  # uploaded, not yet sent
    with django_capture_on_commit_callbacks(execute=True):
        response = send(head, meeting, lines_of_enquiry="Reading in key stage 1")
    assert response.status_code == 302 and response["Location"] == f"/la/990/visits/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.papers_received_on == date(2026, 12, 3)
    (told,) = Notification.objects.all()
    assert (told.recipient, told.kind, told.link) == (
        world.qa_lead,
        "visit_papers_sent",
        f"/la/990/visits/{meeting.pk}/",
    )
    assert told.text == (
        "Brookmead Primary School has sent its papers for the monitoring and support meeting on 15 December 2026."
    )
    assert [m.to for m in mail.outbox] == [[world.qa_lead.email]]

    head_home = text_of(head.get("/home/headteacher/"))
    assert (
        "Papers to send (1) Papers for the monitoring and support meeting at Brookmead Primary School on "
        "15 December 2026 due 1 December 2026 Sent on 3 December 2026"
    ) in head_home
    assert "monitoring and support meeting on 15 December : by 1 December 2026 Sent on 3 December 2026" in head_home
    assert "Overdue" not in head_home

    lead = client_for(world.qa_lead)
    lead_home = text_of(lead.get("/home/qa-lead/"))
    assert (
        "Papers received (1) Papers from Brookmead Primary School for the monitoring and support meeting on "
        "15 December 2026 Sent on 3 December 2026"
    ) in lead_home
    assert "Overdue" not in lead_home
    visit_page = text_of(lead.get(f"/visits/{meeting.pk}/"))
    assert "Papers from the school 1 December 2026 Sent on 3 December 2026" in visit_page
    assert "Before the visit Sent on 3 December 2026 Lines of enquiry Reading in key stage 1" in visit_page
    assert "Overdue" not in visit_page and "Record papers received today" not in visit_page
    school_page = text_of(lead.get(f"/schools/{world.school.urn}/"))
    assert "Monitoring and support meeting Planned Papers from the school: 1 Dec Sent on 3 December 2026" in school_page
    assert "Overdue" not in school_page

    # Sent twice (a form posted again): nothing new to tell.
    with django_capture_on_commit_callbacks(execute=True):
        send(client_for(world.head), meeting, lines_of_enquiry="Reading in key stage 1")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_later_change_is_an_update_and_the_first_send_stays_the_day_sent(
    world, client_for, media, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client_for(world.head), meeting, lines_of_enquiry="Reading")
    with freeze_time("2026-12-07 09:00"):
        head = client_for(world.head)
        with django_capture_on_commit_callbacks(execute=True):
            saved = upload(head, meeting, "improvement_plan", "plan.docx", DOCX, lines_of_enquiry="Reading")
            assert saved.status_code == 302
            assert send(head, meeting, lines_of_enquiry="Reading").status_code == 302
        meeting.refresh_from_db()
        assert meeting.papers_received_on == date(2026, 12, 3)
        assert Notification.objects.filter(kind="visit_papers_sent").count() == 2
        assert "Sent on 3 December 2026, updated on 7 December 2026." in text_of(
            head.get(f"/visits/{meeting.pk}/contribute/")
        )
        lead_page = text_of(client_for(world.qa_lead).get(f"/visits/{meeting.pk}/"))
        assert "Before the visit Sent on 3 December 2026 Updated on 7 December 2026." in lead_page


def test_nothing_to_send_is_refused_and_the_deadline_stays_open(world, client_for, media, meeting):
    response = send(client_for(world.head), meeting)
    assert response.status_code == 200
    assert "Upload a paper, or write your lines of enquiry or a summary, before you send" in text_of(response)
    meeting.refresh_from_db()
    assert meeting.papers_received_on is None
    assert not Notification.objects.exists()


def test_the_qa_lead_still_records_papers_that_came_another_way(world, client_for, meeting):
    lead = client_for(world.qa_lead)
    assert "Record papers received today" in text_of(lead.get(f"/visits/{meeting.pk}/"))
    assert lead.post(f"/visits/{meeting.pk}/papers-received/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.papers_received_on == date(2026, 12, 3)
    assert "Papers from the school 1 December 2026 Sent on 3 December 2026" in text_of(
        lead.get(f"/visits/{meeting.pk}/")
    )
    # Recorded already (or sent by the head): a second record, a day later, keeps the first day.
    with freeze_time("2026-12-04 09:00"):
        lead = client_for(world.qa_lead)
        again = lead.post(f"/visits/{meeting.pk}/papers-received/", follow=True)
        assert "The papers are already recorded: sent on 3 December 2026" in text_of(again)
    meeting.refresh_from_db()
    assert meeting.papers_received_on == date(2026, 12, 3)


# --- what the framework asks for ----------------------------------------------------------------------------


def test_a_framework_asking_for_a_third_paper_shows_a_third_upload(world, client_for, media, framework, meeting):
    framework.meeting_papers = [
        {"key": "self_evaluation", "title": "Self-evaluation"},
        {"key": "improvement_plan", "title": "School improvement plan"},
        {"key": "pupil_premium", "title": "Pupil premium strategy"},
    ]
    framework.save()
    head = client_for(world.head)
    text = text_of(head.get(f"/visits/{meeting.pk}/contribute/"))
    assert "Pupil premium strategy Not uploaded yet. Upload the pupil premium strategy" in text
    assert upload(head, meeting, "pupil_premium", "pp.pdf", PDF).status_code == 302
    paper = SchoolPaper.objects.get()
    assert (paper.kind, paper.title) == ("pupil_premium", "Pupil premium strategy")
    refused = upload(head, meeting, "pupil_premium", "pp.pdf", ELF)
    assert "‘pp.pdf’ is not a PDF file: its content is an executable program." in text_of(refused)
    assert served(client_for(world.qa_lead).get(f"/visits/{meeting.pk}/papers/pupil_premium/"))[:2] == (
        200,
        PDF_TYPE,
    )


def test_papers_asked_for_defaults_when_the_framework_names_none(framework):
    default = [
        PaperAskedFor("self_evaluation", "Self-evaluation"),
        PaperAskedFor("improvement_plan", "School improvement plan"),
    ]
    assert papers_asked_for(None) == default
    assert papers_asked_for(framework) == default  # the framework's list is empty
    framework.meeting_papers = [
        {"key": "send_review", "title": "SEND review"},
        {"key": "send_review", "title": "Named twice"},
        {"key": "", "title": "No key"},
        "not an entry",
    ]
    assert papers_asked_for(framework) == [PaperAskedFor("send_review", "SEND review")]
    assert papers_asked_for(framework)[0].phrase == "SEND review"


# --- who may -------------------------------------------------------------------------------------------------


def test_only_the_schools_head_sends_and_the_visits_readers_download(world, client_for, media, meeting):
    assert upload(client_for(world.head), meeting, "self_evaluation", "sef.pdf", PDF).status_code == 302
    contribute, paper = f"/visits/{meeting.pk}/contribute/", f"/visits/{meeting.pk}/papers/self_evaluation/"
    other_head = client_for(world.other_head)
    assert other_head.get(contribute).status_code == 404
    assert upload(other_head, meeting, "self_evaluation", "x.pdf", PDF).status_code == 404
    assert other_head.get(paper).status_code == 404
    chair = client_for(world.chair)
    assert chair.get(contribute).status_code == 403
    assert send(chair, meeting, lines_of_enquiry="x").status_code == 403
    assert chair.get(paper).status_code == 200  # a governor of the school sees the visit and its papers
    assert client_for(world.other_governor).get(paper).status_code == 404
    assert client_for(world.qa_lead).get(contribute).status_code == 403
    assert client_for(world.outside_qa_lead).get(paper).status_code == 404
    assert SchoolPaper.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.papers_received_on is None


def test_papers_cannot_be_sent_once_the_meeting_is_held(world, client_for, media, meeting):
    Visit.objects.filter(pk=meeting.pk).update(status="held")
    assert send(client_for(world.head), meeting, lines_of_enquiry="Reading").status_code == 403


# --- to-dos ---------------------------------------------------------------------------------------------------


def test_to_dos_run_a_fixed_number_of_queries(world, framework):
    today = date(2026, 12, 3)

    def queries(func, user):
        user = type(user).objects.get(pk=user.pk)
        func(user, world.authority, today)  # warm the person's roles
        with CaptureQueriesContext(connection) as captured:
            items = func(user, world.authority, today)
        return len(captured), len(items)

    def meeting(sequence, sent_on=None):
        return f.visit(
            world.school,
            code="monitoring_support_meeting",
            on=date(2026, 12, 10 + sequence),
            sequence=sequence,
            papers_due=date(2026, 12, 1 + sequence),
            papers_received_on=sent_on,
        )

    meeting(1, sent_on=date(2026, 12, 2))
    one = (queries(papers_to_send, world.head), queries(papers_received, world.qa_lead))
    for sequence in (2, 3, 4):
        meeting(sequence, sent_on=date(2026, 12, 2))
    assert (queries(papers_to_send, world.head), queries(papers_received, world.qa_lead)) == (
        (one[0][0], 4),
        (one[1][0], 4),
    )
    assert one[0][1] == one[1][1] == 1
    (item,) = papers_to_send(world.head, world.authority, today)[:1]
    assert (item.group, item.due, item.overdue, item.state, item.url) == (
        "Papers to send",
        date(2026, 12, 2),
        False,
        "Sent on 2 December 2026",
        f"/la/990/visits/{Visit.objects.get(sequence=1).pk}/contribute/",
    )


def test_to_dos_leave_out_other_schools_held_meetings_and_meetings_beyond_four_weeks(world, framework):
    today = date(2026, 12, 3)
    f.visit(world.other_school, code="monitoring_support_meeting", on=date(2026, 12, 10), papers_due=date(2026, 12, 3))
    f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2026, 12, 1),
        status="held",
        papers_due=date(2026, 11, 24),
        papers_received_on=date(2026, 11, 20),
    )
    f.visit(
        world.school,
        code="monitoring_support_meeting",
        on=date(2027, 1, 12),
        sequence=2,
        term="spring",
        papers_due=date(2027, 1, 5),
        papers_received_on=date(2026, 12, 2),
    )
    (head_item,) = papers_to_send(world.head, world.authority, today)
    assert head_item.text == (
        "Papers for the monitoring and support meeting at Brookmead Primary School on 12 January 2027"
    )
    assert papers_received(world.qa_lead, world.authority, today) == []  # 40 days ahead: not yet
    assert papers_received(world.other_qa_lead, world.authority, today) == []


# --- the improvement plans contributions held before ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_improvement_plan_into_a_school_paper(world):
    before, after = [("visits", "0005_handoffs")], [("visits", "0006_improvement_plans_to_school_papers")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    visit = old.get_model("visits", "Visit").objects.create(
        school_id=world.school.pk,
        academic_year=2026,
        term="autumn",
        visit_type_id=f.visit_type("monitoring_support_meeting").pk,
        planned_date=date(2026, 12, 15),
        status="planned",
        papers_due=date(2026, 12, 1),
    )
    old.get_model("visits", "Contribution").objects.create(
        visit_id=visit.pk,
        lines_of_enquiry="Reading",
        improvement_plan_file=f"visits/{visit.pk}/improvement-plan/plan.docx",
        improvement_plan_content_type=DOCX_TYPE,
        updated_by_id=world.head.pk,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    (paper,) = new.get_model("visits", "SchoolPaper").objects.all()
    assert (paper.visit_id, paper.kind, paper.title, paper.file.name, paper.content_type, paper.created_by_id) == (
        visit.pk,
        "improvement_plan",
        "School improvement plan",
        f"visits/{visit.pk}/improvement-plan/plan.docx",
        DOCX_TYPE,
        world.head.pk,
    )
    # Saving the form sent it then: the papers are recorded as sent on the day it was first saved.
    assert new.get_model("visits", "Visit").objects.get(pk=visit.pk).papers_received_on == date(2026, 12, 3)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("visits"))
