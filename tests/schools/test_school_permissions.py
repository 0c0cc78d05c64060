"""Who sees which school page, and who may run imports (issue 3, point 6)."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("person", ["head", "chair"])
def test_heads_and_governors_see_their_own_school_only(client_for, world, person):
    client = client_for(getattr(world, person))
    assert client.get(f"/schools/{world.school.urn}/").status_code == 200
    assert client.get(f"/schools/{world.other_school.urn}/").status_code == 404
    assert client.get(f"/schools/{world.outside_school.urn}/").status_code == 404
    register = client.get("/schools/").content.decode()
    assert world.school.name in register
    assert world.other_school.name not in register


@pytest.mark.parametrize("person", ["qa_lead", "director", "admin"])
def test_officers_see_their_authority_schools_but_not_others(client_for, world, person):
    client = client_for(getattr(world, person))
    assert client.get(f"/schools/{world.other_school.urn}/").status_code == 200
    assert client.get(f"/schools/{world.outside_school.urn}/").status_code == 404


@pytest.mark.parametrize("person", ["qa_lead", "director", "head", "chair"])
def test_only_authority_admins_may_run_imports(client_for, world, person):
    client = client_for(getattr(world, person))
    assert client.get("/schools/imports/").status_code == 403
    assert client.post("/schools/imports/", {"kind": "gias"}).status_code == 403
    assert "Import data from GIAS" not in client.get("/schools/").content.decode()


def test_authority_admin_sees_the_import_page(client_for, world):
    client = client_for(world.admin)
    assert client.get("/schools/imports/").status_code == 200
    assert "Import data from GIAS" in client.get("/schools/").content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    for path in ("/schools/imports/", "/schools/download.csv", "/la/990/schools/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == f"/sign-in/?next={path}"


def test_an_admin_of_two_authorities_imports_for_the_authority_they_work_in(client_for, world):
    f.give_role(world.admin, "authority_admin", authority=world.other_authority)
    client = client_for(world.admin)
    page = client.get("/schools/imports/").content.decode()
    assert "imported for Demo Borough" in page
    assert 'href="/la/990/authorities/">Change authority' in page
    page = client.get("/la/991/schools/imports/").content.decode()
    assert "imported for Elsewhere Council" in page
    assert client_for(world.outside_admin).get("/la/990/schools/imports/").status_code == 404
