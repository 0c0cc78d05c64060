"""Issue 19: the authority's admin sets its brand (logo, colour, letterhead, signatory, footer, marking); the colour
must reach 4.5:1 with white text, the logo must be a PNG or JPEG by its content; nobody else may change it."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time
from PIL import Image

from schools.models import Authority
from tests.base import main_content, sign_in, url_in

pytestmark = pytest.mark.django_db

NOW = "2026-11-24 10:00:00"

BRAND = {
    "brand_colour": "#1d70b8",
    "address": "Education and Skills\r\nCivic Centre, 1 High Street\r\nDemoton DM1 1AA",
    "contact_email": "school.improvement@demo-borough.example",
    "contact_phone": "01632 960123",
    "signatory_name": "Dr Anne Whitfield",
    "signatory_title": "Director of Children's Services",
    "letter_footer": "Demo Borough Council, Civic Centre, Demoton DM1 1AA",
    "protective_marking": "OFFICIAL",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(name="logo.png", size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def brand_url(world):
    return url_in(world.authority, "schools:brand")


@freeze_time(NOW)
def test_admin_saves_the_brand_and_sees_exactly_what_they_saved(world, client_for):
    client = client_for(world.admin)
    response = client.post(brand_url(world), BRAND)
    assert response.status_code == 302
    assert response["Location"] == brand_url(world)
    page = main_content(client.get(brand_url(world)))
    assert 'value="#1d70b8"' in page
    assert ">\nEducation and Skills\nCivic Centre, 1 High Street\nDemoton DM1 1AA</textarea>" in page
    assert 'value="school.improvement@demo-borough.example"' in page
    assert 'value="01632 960123"' in page
    assert 'value="Dr Anne Whitfield"' in page
    assert 'value="Director of Children&#x27;s Services"' in page
    assert 'value="Demo Borough Council, Civic Centre, Demoton DM1 1AA"' in page
    radios = re.findall(r'<input[^>]*name="protective_marking"[^>]*>', page)
    assert [re.search(r'value="([^"]*)"', radio)[1] for radio in radios if "checked" in radio] == ["OFFICIAL"]
    authority = Authority.objects.get(pk=world.authority.pk)
    assert (authority.brand_colour, authority.signatory_name, authority.protective_marking) == (
        "#1d70b8",
        "Dr Anne Whitfield",
        "OFFICIAL",
    )
    assert authority.address == "Education and Skills\nCivic Centre, 1 High Street\nDemoton DM1 1AA"


@freeze_time(NOW)
def test_the_saved_message_names_the_authority(world, client_for):
    response = client_for(world.admin).post(brand_url(world), BRAND, follow=True)
    assert "Demo Borough’s brand is saved." in response.content.decode()


@freeze_time(NOW)
def test_a_colour_white_text_cannot_be_read_on_is_refused_and_nothing_is_saved(world, client_for):
    response = client_for(world.admin).post(brand_url(world), {**BRAND, "brand_colour": "#ffdd00"})
    assert response.status_code == 200
    page = response.content.decode()
    message = "Choose a darker colour: white text on #ffdd00 has a contrast of 1.3:1, and it must be at least 4.5:1"
    assert page.count(message) == 2  # in the error summary and at the field
    assert "<title>Error: Brand and letterhead" in page
    authority = Authority.objects.get(pk=world.authority.pk)
    assert (authority.brand_colour, authority.signatory_name, authority.address) == ("#0b0c0c", "", "")


@freeze_time(NOW)
def test_a_logo_that_is_not_an_image_is_refused(world, client_for):
    fake = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = client_for(world.admin).post(brand_url(world), {**BRAND, "logo": fake})
    assert response.status_code == 200
    assert (
        "‘logo.png’ is not an image file: its content is a web page (HTML). Upload an image file."
        in response.content.decode()
    )
    authority = Authority.objects.get(pk=world.authority.pk)
    assert not authority.logo
    assert authority.signatory_name == ""


@freeze_time(NOW)
def test_a_logo_over_one_megabyte_is_refused(world, client_for):
    big = SimpleUploadedFile("logo.jpg", b"\xff\xd8\xff" + b"\x00" * (1024 * 1024), content_type="image/jpeg")
    response = client_for(world.admin).post(brand_url(world), {**BRAND, "logo": big})
    assert "‘logo.jpg’ is larger than 1MB. Upload a file smaller than 1MB." in response.content.decode()
    assert not Authority.objects.get(pk=world.authority.pk).logo


@freeze_time(NOW)
def test_a_png_logo_is_stored_served_with_cache_headers_and_can_be_removed(world, client_for):
    client = client_for(world.admin)
    assert client.post(brand_url(world), {**BRAND, "logo": png()}).status_code == 302
    authority = Authority.objects.get(pk=world.authority.pk)
    assert authority.logo_content_type == "image/png"
    assert authority.logo.name.startswith("brand/la-990-")
    assert authority.logo_url.startswith(f"/schools/brand/{authority.pk}/logo/?v=")
    logo = sign_in(Client(), world.head).get(url_in(world.authority, "schools:brand-logo", authority_id=authority.pk))
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert logo["Cache-Control"] == "public, max-age=604800"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    page = main_content(client.get(brand_url(world)))
    assert f'<img src="/la/990{authority.logo_url}" alt="The current logo of Demo Borough" height="64">' in page

    assert client.post(brand_url(world), {**BRAND, "remove_logo": "on"}).status_code == 302
    authority.refresh_from_db()
    assert not authority.logo
    assert authority.logo_url == ""
    assert client.get(url_in(world.authority, "schools:brand-logo", authority_id=authority.pk)).status_code == 404


@freeze_time(NOW)
def test_directors_and_qa_leads_may_not_change_the_brand_other_authorities_do_not_see_it(world, client_for):
    assert client_for(world.director).get(brand_url(world)).status_code == 403
    assert client_for(world.director).post(brand_url(world), BRAND).status_code == 403
    assert client_for(world.qa_lead).post(brand_url(world), BRAND).status_code == 403
    assert client_for(world.outside_admin).get(brand_url(world)).status_code == 404
    assert client_for(world.outside_admin).post(brand_url(world), BRAND).status_code == 404
    assert Authority.objects.get(pk=world.authority.pk).signatory_name == ""


@freeze_time(NOW)
def test_the_admin_finds_the_brand_page_where_they_manage_people(world, client_for):
    page = main_content(client_for(world.admin).get(url_in(world.authority, "accounts:people")))
    assert f'href="{brand_url(world)}"' in page


def test_each_demo_authority_gets_its_own_letterhead(db):
    from demo import brands
    from tests import factories as f

    barnsley = f.AuthorityFactory(name="Demo Barnsley (risk register)", code="9902")
    trust = f.AuthorityFactory(name="Demo West Coast Academies Trust", code="TR9903", kind=Authority.Kind.ACADEMY_TRUST)
    brands.seed()
    brands.seed()  # again: the same
    barnsley.refresh_from_db()
    trust.refresh_from_db()
    assert barnsley.address.splitlines()[1:] == [
        "Demo Barnsley Metropolitan Borough Council",
        "Town Hall, Church Street",
        "Barnsley",
        "S70 2TA",
    ]
    assert (barnsley.signatory_name, barnsley.protective_marking) == ("Nina Sutcliffe", "OFFICIAL-SENSITIVE")
    assert (trust.signatory_title, trust.protective_marking) == ("Chief Executive Officer", "OFFICIAL")
