"""The one upload checker (qa_portal.uploads): the sniffer, and every upload of the product refusing a renamed
program or web page with a message on the page while storing nothing, accepting real documents, serving them by
their detected type, and removing replaced or deleted files from storage."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from governance.models import ChecklistItem, EscalationStep, EvidenceFile
from governance.services import CHECKLIST_DIR, checklist_template_load
from qa_portal import uploads
from qa_portal.uploads import check_upload, detect
from schools.models import ImportUpload
from tests import factories as f
from tests.base import sign_in
from visits.models import Contribution, SchoolPaper, Visit

# --- sample files ---------------------------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
HTML = b"\xef\xbb\xbf\n  <!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def zipped(entries, *, mimetype=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": "<w/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PPTX = zipped({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
ODT = zipped({"content.xml": "<office/>"}, mimetype="application/vnd.oasis.opendocument.text")
ODS = zipped({"content.xml": "<office/>"}, mimetype="application/vnd.oasis.opendocument.spreadsheet")
PLAIN_ZIP = zipped({"notes.txt": "hello", "word.txt": "not a document"})
MACRO_DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "word/vbaProject.bin": "x"})
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
DOC = OLE2 + "Root Entry".encode("utf-16-le") + b"\x00" * 40 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
XLS = OLE2 + "Root Entry".encode("utf-16-le") + b"\x00" * 40 + "Workbook".encode("utf-16-le") + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def assert_refused_on_page(response, message):
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert message in re.sub(r"\s+", " ", summary)  # in the GOV.UK error summary
    assert 'class="govuk-error-message"' in html  # and at the field
    assert message in page_text(response)


def assert_served(response, content, content_type, *, inline):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")
    assert b"".join(response.streaming_content) == content


# --- the sniffer ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, uploads.PDF),
        (DOCX, uploads.DOCX),
        (XLSX, uploads.XLSX),
        (PPTX, uploads.PPTX),
        (ODT, uploads.ODT),
        (ODS, uploads.ODS),
        (DOC, uploads.DOC),
        (XLS, uploads.XLS),
        (PNG, uploads.PNG),
        (JPEG, uploads.JPEG),
        (b"URN,Name\n100001,Brookmead\n", uploads.TEXT),
        ("Caf\u00e9 notes, \u201cquoted\u201d\n".encode("cp1252"), uploads.TEXT),
        ("\ufeffCaf\u00e9 notes \u2013 UTF-8 with a BOM\n".encode(), uploads.TEXT),
    ],
)
def test_the_sniffer_recognises_each_accepted_type_by_content(content, kind):
    detected = detect(io.BytesIO(content))
    assert detected.type == kind
    assert detected.content_type == kind.content_type


@pytest.mark.parametrize(
    ("content", "description"),
    [
        (ELF, uploads.EXECUTABLE),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", uploads.EXECUTABLE),
        (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", uploads.EXECUTABLE),
        (b"\xca\xfe\xba\xbe\x00\x00\x00\x02", uploads.EXECUTABLE),
        (b"#!/bin/sh\nrm -rf /\n", uploads.SCRIPT),
        (HTML, uploads.WEB_PAGE),
        (b"<html><body>hi</body></html>", uploads.WEB_PAGE),
        (b"  \r\n<SCRIPT>alert(1)</SCRIPT>", uploads.WEB_PAGE),
        (b"Name,Town\nA,<script>alert(1)</script>\n", uploads.WEB_PAGE),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", uploads.SVG),
        (b"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", uploads.SVG),
        (PLAIN_ZIP, uploads.ZIP),
        (MACRO_DOCX, uploads.MACROS),
        (b"PK\x03\x04 not really a zip", uploads.BROKEN_ZIP),
        (OLE2 + b"\x00" * 100, uploads.OLE_OTHER),
        (b"\x00\x01\x02\x03binary", uploads.BINARY),
        (b"text with a nul \x00 in it", uploads.BINARY),
    ],
)
def test_the_sniffer_names_what_a_refused_content_is(content, description):
    detected = detect(io.BytesIO(content))
    assert detected.type is None
    assert detected.description == description
    assert detected.content_type == "application/octet-stream"


def test_the_checker_refuses_a_renamed_program_naming_the_file_and_what_to_upload():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("plan.pdf", ELF), allowed=uploads.DOCUMENTS)
    assert error.value.messages == [
        "‘plan.pdf’ is not a PDF file: its content is an executable program. "
        "Upload a PDF, Word, OpenDocument or Excel file."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", HTML, "‘plan.pdf’ is not a PDF file: its content is a web page (HTML)."),
        ("plan.pdf", DOCX, "‘plan.pdf’ is not a PDF file: its content is a Word document."),
        ("plan.docx", PLAIN_ZIP, "‘plan.docx’ is not a Word file: its content is a ZIP archive."),
        ("plan.docx", PDF, "‘plan.docx’ is not a Word file: its content is a PDF."),
        ("plan.txt", b"some notes", "‘plan.txt’ cannot be uploaded here."),
        ("plan", PDF, "‘plan’ cannot be uploaded here."),
        ("plan.pdf", b"", "‘plan.pdf’ is empty."),
        ("plan.pdf", b"%PDF-" + b"0" * 2000, "‘plan.pdf’ is larger than 1KB. Upload a file smaller than 1KB."),
    ],
)
def test_the_checker_needs_the_name_and_the_content_to_agree(name, content, message):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content), allowed=uploads.DOCUMENTS, max_bytes=1024)
    assert error.value.messages[0].startswith(message)


def test_the_stored_type_comes_from_the_content_never_from_the_browser():
    checked = check_upload(upload("Plan.PDF", PDF, content_type="text/html"))
    assert (checked.name, checked.content_type, checked.size) == ("Plan.PDF", "application/pdf", len(PDF))
    assert checked.file.read() == PDF  # rewound, ready to be stored
    assert check_upload(upload("plan.docx", DOCX, content_type="application/zip")).type == uploads.DOCX
    assert check_upload(upload("data.csv", b"a,b\n", "text/html"), allowed={uploads.CSV}).content_type == "text/csv"
    assert check_upload(upload("photo.JPEG", JPEG), allowed={uploads.JPEG}).content_type == "image/jpeg"


# --- every upload of the product ------------------------------------------------------------------------------

REFUSED = [
    pytest.param(ELF, "‘plan.pdf’ is not a PDF file: its content is an executable program.", id="elf"),
    pytest.param(HTML, "‘plan.pdf’ is not a PDF file: its content is a web page (HTML).", id="html"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "kept.txt").write_bytes(b"already there")
    return settings.MEDIA_ROOT


@pytest.fixture
def planned_visit(world):
    return f.visit(world.school, on=date(2026, 12, 3), status=Visit.Status.PLANNED)


def contribute(client, visit, name, content, **data):
    return client.post(
        f"/visits/{visit.pk}/contribute/",
        {"lines_of_enquiry": "Reading", **data, "paper_improvement_plan": upload(name, content)},
    )


@freeze_time("2026-11-24")
@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_improvement_plan_refuses_a_renamed_program_or_web_page(
    world, client_for, media, planned_visit, content, message
):
    before = stored_files(media)
    response = contribute(client_for(world.head), planned_visit, "plan.pdf", content)
    assert_refused_on_page(response, message)
    assert not Contribution.objects.exists()
    assert not SchoolPaper.objects.exists()
    assert stored_files(media) == before


@freeze_time("2026-11-24")
def test_improvement_plan_accepts_a_pdf_and_serves_it_as_a_pdf_download(world, client_for, media, planned_visit):
    assert contribute(client_for(world.head), planned_visit, "plan.pdf", PDF).status_code == 302
    paper = SchoolPaper.objects.get()
    assert (paper.kind, paper.content_type) == ("improvement_plan", "application/pdf")
    response = client_for(world.qa_lead).get(f"/visits/{planned_visit.pk}/improvement-plan/", follow=True)
    assert response.redirect_chain == [(f"/la/990/visits/{planned_visit.pk}/papers/improvement_plan/", 302)]
    assert_served(response, PDF, "application/pdf", inline=False)


@freeze_time("2026-11-24")
def test_improvement_plan_accepts_word_and_refuses_a_zip_renamed_docx(world, client_for, media, planned_visit):
    head = client_for(world.head)
    refused = contribute(head, planned_visit, "plan.docx", PLAIN_ZIP)
    assert_refused_on_page(refused, "‘plan.docx’ is not a Word file: its content is a ZIP archive.")
    assert not Contribution.objects.exists()
    assert contribute(head, planned_visit, "plan.docx", DOCX).status_code == 302
    response = client_for(world.qa_lead).get(f"/visits/{planned_visit.pk}/papers/improvement_plan/")
    assert_served(response, DOCX, uploads.DOCX.content_type, inline=False)


@freeze_time("2026-11-24")
def test_replacing_the_improvement_plan_removes_the_old_file(
    world, client_for, media, planned_visit, django_capture_on_commit_callbacks
):
    head = client_for(world.head)
    with django_capture_on_commit_callbacks(execute=True):
        assert contribute(head, planned_visit, "plan.pdf", PDF).status_code == 302
    first = SchoolPaper.objects.get().file.name
    assert (media / first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert contribute(head, planned_visit, "plan-v2.docx", DOCX).status_code == 302
    paper = SchoolPaper.objects.get()
    assert not (media / first).exists()
    assert (media / paper.file.name).read_bytes() == DOCX
    assert paper.content_type == uploads.DOCX.content_type
    # Saving the other answers without a new file keeps the plan.
    with django_capture_on_commit_callbacks(execute=True):
        head.post(f"/visits/{planned_visit.pk}/contribute/", {"lines_of_enquiry": "Writing"})
    assert (media / paper.file.name).exists()
    # A refused replacement keeps the plan there is.
    with django_capture_on_commit_callbacks(execute=True):
        assert contribute(head, planned_visit, "plan.pdf", ELF).status_code == 200
    assert stored_files(media) == sorted(["kept.txt", paper.file.name])
    with django_capture_on_commit_callbacks(execute=True):
        planned_visit.delete()
    assert stored_files(media) == ["kept.txt"]


def _evidence_setup(world):
    template = checklist_template_load(authority=world.authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")
    conversation = f.conversation(world.school, template, due_by=date(2027, 3, 31))
    item = ChecklistItem.objects.get(area__template=template, key="skills_audit")
    return conversation, item, f"/governance/{world.school.urn}/conversations/2026/checklist/"


@freeze_time("2026-11-24")
@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_checklist_evidence_refuses_a_renamed_program_or_web_page(world, client_for, media, content, message):
    _conversation, item, url = _evidence_setup(world)
    before = stored_files(media)
    response = client_for(world.chair).post(url, {f"item_{item.pk}_evidence": upload("plan.pdf", content), "save": ""})
    assert_refused_on_page(response, message)
    assert not EvidenceFile.objects.exists()
    assert stored_files(media) == before


@freeze_time("2026-11-24")
def test_checklist_evidence_accepts_a_pdf_serves_it_as_a_pdf_and_leaves_with_its_row(
    world, client_for, media, django_capture_on_commit_callbacks
):
    _conversation, item, url = _evidence_setup(world)
    response = client_for(world.chair).post(
        url, {f"item_{item.pk}_evidence": upload("plan.pdf", PDF, "text/html"), "save": ""}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == "application/pdf"
    download = client_for(world.qa_lead).get(
        f"/governance/{world.school.urn}/conversations/2026/evidence/{evidence.pk}/"
    )
    assert_served(download, PDF, "application/pdf", inline=True)
    with django_capture_on_commit_callbacks(execute=True):
        evidence.delete()
    assert stored_files(media) == ["kept.txt"]


@freeze_time("2026-11-24")
def test_checklist_evidence_serves_a_word_document_as_a_download(world, client_for, media):
    _conversation, item, url = _evidence_setup(world)
    client_for(world.chair).post(url, {f"item_{item.pk}_evidence": upload("audit.docx", DOCX), "save": ""})
    evidence = EvidenceFile.objects.get()
    download = client_for(world.chair).get(f"/governance/{world.school.urn}/conversations/2026/evidence/{evidence.pk}/")
    assert_served(download, DOCX, uploads.DOCX.content_type, inline=False)


def record_step(client, school, letter):
    return client.post(
        f"/governance/{school.urn}/escalation/steps/add/",
        {
            "step": "letter_head",
            "taken_on_0": "1",
            "taken_on_1": "10",
            "taken_on_2": "2026",
            "who": "Priya Shah",
            "summary": "Letter about attendance",
            "letter_to_school": "on",
            "letter": letter,
        },
    )


@freeze_time("2026-11-24")
@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_escalation_letter_refuses_a_renamed_program_or_web_page(world, client_for, media, content, message):
    before = stored_files(media)
    response = record_step(client_for(world.qa_lead), world.school, upload("plan.pdf", content))
    assert_refused_on_page(response, message)
    assert not EscalationStep.objects.exists()
    assert stored_files(media) == before


@freeze_time("2026-11-24")
def test_escalation_letter_accepts_a_pdf_serves_it_as_a_pdf_and_leaves_with_its_row(
    world, client_for, media, django_capture_on_commit_callbacks
):
    assert record_step(client_for(world.qa_lead), world.school, upload("plan.pdf", PDF)).status_code == 302
    step = EscalationStep.objects.get()
    assert step.letter_content_type == "application/pdf"
    download = client_for(world.head).get(f"/governance/{world.school.urn}/escalation/letters/{step.pk}/")
    assert_served(download, PDF, "application/pdf", inline=True)
    with django_capture_on_commit_callbacks(execute=True):
        step.delete()
    assert stored_files(media) == ["kept.txt"]


@freeze_time("2026-11-24")
def test_a_letter_stored_before_the_checker_is_served_by_its_sniffed_type(world, client_for, media):
    """Rows from before the content type was kept: the file is sniffed as it is served, an unknown as a download."""
    step = f.escalation_step(world.school, "letter_head", taken_on=date(2026, 10, 1))
    step.letter.save("old.pdf", io.BytesIO(HTML))
    download = client_for(world.qa_lead).get(f"/governance/{world.school.urn}/escalation/letters/{step.pk}/")
    assert_served(download, HTML, "application/octet-stream", inline=False)
    step.letter.storage.delete(step.letter.name)
    assert (
        client_for(world.qa_lead).get(f"/governance/{world.school.urn}/escalation/letters/{step.pk}/").status_code
        == 404
    )


@freeze_time("2026-11-24")
def test_escalation_letter_in_the_admin_goes_through_the_checker_and_replaces_the_old_file(
    world, client, media, django_capture_on_commit_callbacks
):
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, admin)
    step = f.escalation_step(world.school, "letter_head", taken_on=date(2026, 10, 1))
    step.letter.save("first.pdf", io.BytesIO(PDF))
    first = step.letter.name
    data = {
        "school": world.school.pk,
        "step": "letter_head",
        "taken_on": "2026-10-01",
        "who": "QA lead",
        "summary": "Discussed",
    }
    url = f"/admin/governance/escalationstep/{step.pk}/change/"
    refused = client.post(url, {**data, "letter": upload("plan.pdf", ELF)})
    assert refused.status_code == 200
    assert "‘plan.pdf’ is not a PDF file: its content is an executable program." in refused.content.decode()
    assert stored_files(media) == sorted(["kept.txt", first])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "letter": upload("second.pdf", PDF)}).status_code == 302
    step.refresh_from_db()
    assert step.letter_content_type == "application/pdf"
    assert stored_files(media) == sorted(["kept.txt", step.letter.name])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "schools.csv", HTML, "‘schools.csv’ is not a CSV file: its content is a web page (HTML).", id="html"
        ),
        pytest.param("schools.csv", b"#!/bin/sh\nURN,LA (code)\n", "its content is a script.", id="script"),
        pytest.param("schools.csv", ELF, "The selected file must be a CSV", id="elf"),
        pytest.param("plan.pdf", PDF, "The selected file must be a CSV", id="pdf"),
    ],
)
def test_the_schools_import_refuses_web_pages_and_programs_before_queuing(world, client_for, name, content, message):
    response = client_for(world.admin).post(
        "/schools/imports/", {"kind": "gias", "file": upload(name, content, "text/csv")}
    )
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert message in page_text(response)
    assert not ImportUpload.objects.exists()
