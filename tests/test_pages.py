import pytest
from django.test import Client
from django.urls import path, reverse

from qa_portal import urls as project_urls
from tests.base import sign_in

pytestmark = pytest.mark.django_db


def test_404_is_a_gov_uk_page(client_for, world):
    response = client_for(world.head).get("/schools/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'class="govuk-template"' in page


def test_403_is_a_gov_uk_page(client_for, world):
    response = client_for(world.chair).get(reverse("schools:contacts-edit", kwargs={"urn": world.school.urn}))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission to do that" in page and "govuk-template" in page


def test_500_is_a_gov_uk_page(world, settings):
    def boom(request):
        raise RuntimeError("simulated failure")

    settings.ROOT_URLCONF = type("Urls", (), {"urlpatterns": [path("boom/", boom), *project_urls.urlpatterns]})
    client = Client(raise_request_exception=False)
    sign_in(client, world.director)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_pages_send_a_csp_without_unsafe_inline_scripts(client):
    response = client.get(reverse("accounts:sign-in"))
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'nonce-" in script_src
    assert "unsafe-inline" not in script_src


def test_navigation_depends_on_role(client_for, world):
    admin_page = client_for(world.admin).get(reverse("home-for-role", kwargs={"role": "admin"})).content.decode()
    assert ">People<" in admin_page.replace("\n", "").replace("  ", "")
    head_page = client_for(world.head).get(reverse("home-for-role", kwargs={"role": "headteacher"})).content.decode()
    assert "Our school" in head_page
    assert f'href="{reverse("accounts:people")}"' not in head_page
    assert f'href="{reverse("schools:register")}"' not in head_page


@pytest.mark.parametrize("name", ["pages:accessibility", "pages:privacy", "pages:cookies"])
def test_information_pages_are_public(client, name):
    assert client.get(reverse(name)).status_code == 200
