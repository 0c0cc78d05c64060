"""Issue 19: the service is not on GOV.UK, so its pages carry no GOV.UK font, crown or crest; the header is the
authority's own (Frontend's generic header: its name, its logo, its brand colour) and the service has its own icon."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse

from qa_portal.accounts.context_processors import DEFAULT_BRAND_COLOUR, brand_colour_of
from qa_portal.links import urls_for
from schools.models import Authority
from tests.base import url_in

pytestmark = pytest.mark.django_db

CROWN_OR_GDS_FONT = re.compile(r"govuk-crest|govuk-icon|govuk-opengraph|govuk-logo|\.woff2?$|/fonts/", re.IGNORECASE)


def header_of(page):
    return page[page.index("<header") : page.index("</header>")]


def test_the_served_css_has_no_gds_transport_font_and_no_crest():
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        response = Client().get("/static/build/application.css")
        assert response.status_code == 200
        css = b"".join(response.streaming_content).decode()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "govuk-crest" not in css
    assert "font-family:arial,helvetica,sans-serif" in css


def test_no_static_file_is_a_gds_font_or_a_crown():
    served = [path for finder in finders.get_finders() for path, _storage in finder.list(["src", "*.scss", "*.map"])]
    assert "govuk/govuk-frontend.min.js" in served  # the build has run
    assert {"images/favicon.ico", "images/icon.svg", "images/apple-touch-icon.png"} <= set(served)
    assert [path for path in served if CROWN_OR_GDS_FONT.search(path)] == []


def test_the_header_names_the_authority_on_its_colour_with_no_crown(client_for, world):
    Authority.objects.filter(pk=world.authority.pk).update(brand_colour="#1D70B8")
    response = client_for(world.director).get(url_in(world.authority, "notifications:list"))
    page = response.content.decode()
    header = header_of(page)
    assert '<div class="govuk-generic-header app-brand-header">' in header
    assert '<span class="app-brand-header__name">Demo Borough</span>' in header
    assert '<a href="/la/990/" class="govuk-service-navigation__link">School Quality Assurance</a>' in header
    assert "<svg" not in page and "crown" not in page.lower() and "govuk-crest" not in page
    assert "Open Government Licence" not in page and "govuk-footer__licence" not in page
    nonce = re.search(r'<style nonce="([^"]+)">:root \{ --app-brand-colour: #1d70b8; \}</style>', page).group(1)
    assert '<meta name="theme-color" content="#1d70b8">' in page
    style_src = next(part for part in response.headers["Content-Security-Policy"].split(";") if "style-src" in part)
    assert f"'nonce-{nonce}'" in style_src and "unsafe-inline" not in style_src


def test_the_header_shows_the_authority_logo_when_it_has_one(client_for, world):
    Authority.objects.filter(pk=world.authority.pk).update(logo="brand/demo-borough.png", logo_content_type="image/png")
    with urls_for(world.authority):
        logo_url = Authority.objects.get(pk=world.authority.pk).logo_url
    header = header_of(client_for(world.director).get(url_in(world.authority, "notifications:list")).content.decode())
    assert f'<img class="app-brand-header__logo" src="{logo_url}" alt="Demo Borough">' in header
    assert '<span class="app-brand-header__name" aria-hidden="true">Demo Borough</span>' in header


def test_signed_out_the_header_is_the_service_name_alone(client):
    page = client.get(reverse("accounts:sign-in")).content.decode()
    header = header_of(page)
    assert '<span class="app-brand-header__name">School Quality Assurance</span>' in header
    assert "govuk-service-navigation" not in header  # no authority, no navigation: nothing else to show
    assert f":root {{ --app-brand-colour: {DEFAULT_BRAND_COLOUR}; }}" in page
    assert '<link rel="icon" sizes="48x48" href="/static/images/favicon.ico">' in page
    assert '<link rel="icon" sizes="any" href="/static/images/icon.svg" type="image/svg+xml">' in page
    assert '<link rel="apple-touch-icon" href="/static/images/apple-touch-icon.png">' in page


@pytest.mark.parametrize("stored", ["#ffffff", "#ffdd00", "red", "#1d70b8;}body{display:none", "#1d70b8\n", ""])
def test_a_colour_white_text_cannot_be_read_on_or_not_a_hex_code_is_not_written(stored):
    assert brand_colour_of(Authority(brand_colour=stored)) == DEFAULT_BRAND_COLOUR


def test_favicon_answers_with_the_service_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = b"".join(response.streaming_content)
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file
    with open(finders.find("images/favicon.ico"), "rb") as committed:
        assert icon == committed.read()
