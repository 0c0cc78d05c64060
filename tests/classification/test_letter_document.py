"""Issue 19: the classification letter is a letter the authority would sign — its letterhead, date, reference,
the head and chair by name at the school's address, the greeting, the body in the authority's own wording, the
named signatory, the copy list, the marking on every page — written as a tagged PDF."""

import datetime as dt
import io
import subprocess

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time
from PIL import Image

from classification import services
from classification.letters import letter_pdf, letter_send
from classification.models import Letter, LetterTemplate
from schools.services import authority_brand_update
from tests import factories as f
from tests.base import main_content

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00:00"
ADDRESS = "Education and Skills\nCivic Centre, 1 High Street\nDemoton DM1 1AA"


@pytest.fixture
def letter(world):
    authority = world.authority
    authority.address = ADDRESS
    authority.signatory_name = "Dr Anne Whitfield"
    authority.signatory_title = "Director of Children's Services"
    authority.letter_footer = "Demo Borough Council, Civic Centre, Demoton DM1 1AA"
    authority.save()
    school = world.school
    school.street, school.town, school.postcode = "Brook Lane", "Demoton", "DM2 3BB"
    school.save()
    framework = f.preset_framework("telford-wrekin-2024", authority)
    with freeze_time(NOW):
        classification = f.published_classification(
            school, framework.bands.get(code="yellow"), by=world.qa_lead, since=dt.date(2026, 11, 24)
        )
        created, _new = services.letter_create(classification=classification, kind=Letter.Kind.PUBLICATION)
    return Letter.objects.select_related("school__authority", "classification__framework").get(pk=created.pk)


def _pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def _write(tmp_path, content, name="letter.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _name(user):
    return user.get_full_name()


@freeze_time(NOW)
def test_the_letter_pdf_reads_as_a_letter_the_authority_signs(world, letter, tmp_path):
    path = _write(tmp_path, letter_pdf(letter))
    text = _pdf_text(path)
    flat = " ".join(text.split())
    year = "2026-27"
    # Letterhead: the authority's name and address, not a system string.
    assert text.lstrip().splitlines()[0].strip() == "OFFICIAL-SENSITIVE"
    assert "Demo Borough" in text
    for line in ADDRESS.splitlines():
        assert line in text
    assert "·" not in text.split("Dear")[0]
    # Date and reference.
    assert "24 November 2026" in text
    assert f"Our reference: QA/990/{world.school.urn}/{year}/{letter.pk}" in flat
    # Addressees by name at the school's address, and the greeting.
    assert f"{_name(world.head)}, Headteacher" in flat
    assert f"{_name(world.chair)}, Chair of Governors" in flat
    for line in ("Brookmead Primary School", "Brook Lane", "Demoton", "DM2 3BB"):
        assert line in text
    assert f"Dear {_name(world.head)} and {_name(world.chair)}" in flat
    # The default wording, with its placeholders filled in.
    assert "Brookmead Primary School: your school’s classification is Yellow" in flat
    assert f"please contact {_name(world.qa_lead)}" in flat
    # Sign-off: the named signatory and title, and who gets a copy.
    assert "Yours sincerely" in text
    assert "Dr Anne Whitfield" in text
    assert "Director of Children's Services" in text
    assert f"Copy to: {_name(world.qa_lead)}, QA lead; {_name(world.director)}, Director of Education" in flat
    # The marking in the header and the footer of each page, and the page numbers.
    pages = [page for page in text.split("\f") if page.strip()]
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE"
        footer = lines[-3:]  # the marking and the letter footer (wrapped), and the page number beside them
        assert footer[0] == "OFFICIAL-SENSITIVE · Demo Borough Council, Civic Centre, Demoton"
        assert f"Page {number} of {len(pages)}" in footer
    assert "Page 1 of" in text


@freeze_time(NOW)
def test_the_letter_pdf_is_tagged_titled_and_renders(letter, tmp_path):
    path = _write(tmp_path, letter_pdf(letter))
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert fields["Title"].strip() == "Classification letter: Brookmead Primary School"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    (image,) = tmp_path.glob("page*.png")
    assert image.stat().st_size > 0


@freeze_time(NOW)
def test_unknown_head_and_chair_and_no_signatory_fall_back(world, letter, tmp_path):
    world.head.roles.all().delete()
    world.chair.roles.all().delete()
    authority = world.authority
    authority.signatory_name = authority.signatory_title = ""
    authority.save()
    flat = " ".join(_pdf_text(_write(tmp_path, letter_pdf(Letter.objects.get(pk=letter.pk)))).split())
    assert "Dear Headteacher and Chair of Governors" in flat
    assert "The Headteacher 24 November 2026 The Chair of Governors Our reference" in flat
    assert "Yours sincerely Demo Borough" in flat


@freeze_time(NOW)
def test_the_email_carries_the_letter_with_its_subject_on_one_line(world, letter, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    assert letter_send(letter_id=letter.pk)
    (message,) = mail.outbox
    assert message.subject == "Brookmead Primary School: your school’s classification is Yellow"
    assert message.body.startswith(f"Dear {_name(world.head)} and {_name(world.chair)},\n")
    assert f"QA/990/{world.school.urn}/2026-27/{letter.pk}" in message.body
    assert "Dr Anne Whitfield\nDirector of Children's Services" in message.body


@freeze_time(NOW)
def test_a_saved_template_is_used_in_the_next_letter_pdf(world, letter, client_for, tmp_path):
    url = reverse("classification:letter-template", kwargs={"kind": "publication"})
    client = client_for(world.admin)
    response = client.post(
        url,
        {
            "action": "save",
            "subject": "Quality assurance outcome for {school_name}",
            "body": "Following our review with {headteacher}, {school_name} is in the {band} band for {academic_year}.",
        },
    )
    assert response.status_code == 302
    page = client_for(world.head).get(reverse("classification:letter", kwargs={"pk": letter.pk}))
    flat = " ".join(_pdf_text(_write(tmp_path, page.content)).split())
    assert "Quality assurance outcome for Brookmead Primary School" in flat
    assert (
        f"Following our review with {_name(world.head)}, Brookmead Primary School is in the Yellow band for 2026/27."
        in flat
    )
    assert "your school’s classification is Yellow" not in flat


# --- The letter templates page -----------------------------------------------------------------------------------


def _template_url(kind="publication"):
    return reverse("classification:letter-template", kwargs={"kind": kind})


@freeze_time(NOW)
def test_an_unknown_placeholder_or_a_lone_brace_is_refused_naming_it(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        _template_url(), {"action": "save", "subject": "Outcome for {school}", "body": "Dear {headteacher"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Classification letter template" in page
    assert "{school} is not a placeholder. Use one of those listed, like {school_name}" in page
    assert "There is a “{” that is not closed. Close the placeholder with “}”, or write “{{” for a brace" in page
    response = client.post(_template_url(), {"action": "preview", "subject": "Band {band}}", "body": "{band:>9}"})
    page = response.content.decode()
    assert "There is a “}” with no “{” before it." in page
    assert "{band:&gt;9} cannot be formatted: write it as {band}" in page
    assert not LetterTemplate.objects.exists()


@freeze_time(NOW)
def test_the_template_page_lists_the_placeholders_and_previews_the_wording(world, client_for):
    client = client_for(world.admin)
    page = main_content(client.get(_template_url()))
    assert "This is the default wording" in page
    assert "<code>{school_name}</code>" in page
    assert "<code>{review_by}</code>" in page
    assert "Brookmead Primary School: your school’s classification is Yellow" in page  # the default, previewed
    response = client.post(
        _template_url(),
        {"action": "preview", "subject": "For {school_name}", "body": "Signed by {signatory_name}.\n\nBand {band}."},
    )
    page = main_content(response)
    assert "<strong>For Brookmead Primary School</strong>" in page
    assert '<p class="govuk-body">Signed by Demo Borough.</p>' in page
    assert '<p class="govuk-body">Band Yellow.</p>' in page


@freeze_time(NOW)
def test_the_admin_goes_back_to_the_default_wording(world, client_for):
    client = client_for(world.admin)
    client.post(_template_url("annual"), {"action": "save", "subject": "Annual: {school_name}", "body": "Hello."})
    assert LetterTemplate.objects.get().subject == "Annual: {school_name}"
    listing = main_content(client.get(reverse("classification:letter-templates")))
    assert "Annual: {school_name}" in listing
    assert "Your own wording" in listing
    response = client.post(_template_url("annual"), {"action": "reset"}, follow=True)
    assert "The annual letter uses the default wording again." in response.content.decode()
    assert not LetterTemplate.objects.exists()


@freeze_time(NOW)
def test_only_the_admin_changes_the_letter_templates(world, client_for):
    assert client_for(world.director).get(_template_url()).status_code == 403
    assert client_for(world.qa_lead).post(_template_url(), {"subject": "x", "body": "y"}).status_code == 403
    assert client_for(world.admin).get(_template_url("memo")).status_code == 404


@freeze_time(NOW)
def test_the_letterhead_carries_the_authoritys_logo(world, letter, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (29, 112, 184)).save(buffer, format="PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    authority_brand_update(authority=world.authority, user=world.admin, data={}, logo=logo)
    path = _write(tmp_path, letter_pdf(Letter.objects.get(pk=letter.pk)))
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in images.splitlines()[2:] if line.strip()]
    assert [(row[0], row[3], row[4]) for row in rows] == [("1", "120", "40")]


@freeze_time(NOW)
def test_a_changed_template_is_on_the_audit_log(world, client_for):
    client = client_for(world.admin)
    client.post(_template_url(), {"action": "save", "subject": "For {school_name}", "body": "Hello."})
    log = main_content(client.get(reverse("records:audit-log")))
    assert "Letter template (classification letter)" in log
