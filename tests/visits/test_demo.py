import pytest
from django.core.management import call_command
from freezegun import freeze_time

from qa_portal.accounts.models import User
from visits.models import Agenda, Visit, VisitNote

pytestmark = pytest.mark.django_db


@freeze_time("2026-11-24 09:00")
def test_seed_demo_plans_the_year_and_shows_every_note_state(client_for):
    call_command("seed_demo")
    counts = (Visit.objects.count(), VisitNote.objects.count())
    call_command("seed_demo")
    assert (Visit.objects.count(), VisitNote.objects.count()) == counts  # idempotent
    assert Visit.objects.filter(academic_year=2026, is_extra=False).count() == 206
    # The meetings due soon have drafted agendas (every meeting is planned at least its lead time ahead).
    assert Agenda.objects.count() == 13
    assert VisitNote.objects.filter(status="published").count() == 2
    assert VisitNote.objects.filter(status="sent").count() == 1
    head = User.objects.get(email="head@demo.example")
    page = client_for(head).get("/home/headteacher/").content.decode()
    assert "Check the note of the interim visit on 17 November 2026" in page
    lead = User.objects.get(email="qa.lead@demo.example")
    page = client_for(lead).get("/home/qa-lead/").content.decode()
    assert "Minutes to the headteacher" in page and "16 November 2026" in page and "Overdue" in page
