"""Internal comments on a note of visit are for the school's own authority's officers, whatever other authority the
reader is an officer of (a QA lead in one authority who chairs a board in another sees none of the other's)."""

import io
from datetime import date

import pytest
from freezegun import freeze_time
from pypdf import PdfReader

from qa_portal.accounts.roles import Role
from tests import factories as f
from visits.models import VisitNote

pytestmark = pytest.mark.django_db

INTERNAL = "Head seemed stretched – keep an eye"


@pytest.fixture
def published_note(world):
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held", extra=True)
    return f.visit_note(
        visit,
        status=VisitNote.Status.PUBLISHED,
        drafted_by=world.qa_lead,
        published_at=f.at_noon(date(2026, 11, 20)),
        next_steps="Raise attendance",
        internal_comments=INTERNAL,
    )


@pytest.fixture
def lead_elsewhere_who_chairs_here(world):
    """The QA lead of Elsewhere Council, who is also chair of governors at Brookmead (Demo Borough)."""
    person = world.outside_qa_lead
    f.give_role(person, Role.GOVERNOR, school=world.school, is_chair=True)
    return person


def _pdf_text(response):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@freeze_time("2026-11-24 10:00")
def test_a_qa_lead_of_another_authority_who_chairs_the_board_sees_no_internal_comments(
    world, published_note, lead_elsewhere_who_chairs_here, client_for
):
    client = client_for(lead_elsewhere_who_chairs_here)
    visit = published_note.visit
    page = client.get(f"/la/990/visits/{visit.pk}/note/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Raise attendance" in text  # the chair reads the published note
    assert "Internal comments" not in text
    assert "keep an eye" not in text
    pdf = client.get(f"/la/990/visits/{visit.pk}/note.pdf")
    assert pdf.status_code == 200
    assert "Raise attendance" in _pdf_text(pdf)
    assert "keep an eye" not in _pdf_text(pdf)
    # In the authority where they are an officer, Brookmead's visit does not exist.
    assert client.get(f"/la/991/visits/{visit.pk}/note/").status_code == 404


@freeze_time("2026-11-24 10:00")
def test_the_schools_own_officers_see_the_internal_comments(world, published_note, client_for):
    visit = published_note.visit
    for officer in (world.qa_lead, world.director, world.admin):
        text = client_for(officer).get(f"/la/990/visits/{visit.pk}/note/").content.decode()
        assert "Internal comments" in text and INTERNAL in text
    for reader in (world.head, world.chair):
        text = client_for(reader).get(f"/la/990/visits/{visit.pk}/note/").content.decode()
        assert "Raise attendance" in text
        assert INTERNAL not in text
