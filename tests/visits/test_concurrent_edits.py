"""Two people saving the same note, minutes or agenda: the second save from an older version is refused."""

import re
from datetime import date

import pytest
from django.test import Client
from freezegun import freeze_time

from qa_portal.concurrency import EditConflict
from tests import factories as f
from tests.base import sign_in
from visits import services
from visits.models import Agenda, VisitNote


def _named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def _version_on(page):
    return int(re.search(r'name="edit_version" value="(\d+)"', page).group(1))


def _note_data(note, version, *, going_well, next_steps="Raise attendance"):
    data = {
        "edit_version": version,
        "aspect": note.aspect,
        "attendees": note.attendees,
        "going_well": going_well,
        "next_steps": next_steps,
        "internal_comments": "",
    }
    for section in note.sections.all():
        data[f"evaluation_{section.pk}"] = section.evaluation
        data[f"evidence_{section.pk}"] = section.evidence
    return data


def _two_editors(world):
    """The school's QA lead (Sam Patel) and the authority admin, each in their own browser."""
    lead = sign_in(Client(), _named(world.qa_lead, "Sam", "Patel"))
    admin = sign_in(Client(), _named(world.admin, "Ann", "Jones"))
    return lead, admin


@pytest.mark.parametrize(("code", "what"), [("qa_visit", "this note"), ("monitoring_support_meeting", "these minutes")])
def test_a_stale_save_of_a_note_or_minutes_is_refused_with_both_texts(world, code, what):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, code=code, on=date(2026, 11, 17), status="held")
    with freeze_time("2026-12-02 10:30"):
        note = services.note_start(visit=visit, user=world.qa_lead)
        lead, admin = _two_editors(world)
        url = f"/visits/{visit.pk}/note/"
        assert _version_on(lead.get(url).content.decode()) == 1
        assert _version_on(admin.get(url).content.decode()) == 1
    with freeze_time("2026-12-02 10:42"):
        assert lead.post(url, _note_data(note, 1, going_well="Phonics is consistent.")).status_code == 302
    with freeze_time("2026-12-02 10:50"):
        response = admin.post(url, _note_data(note, 1, going_well="Reading for pleasure is strong."))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f"Sam Patel saved {what} at 10:42 on 2 December 2026, after you opened it. Your changes have not been saved."
        in page
    )
    assert page.index("govuk-error-summary") < page.index("Your changes have not been saved")
    conflict = page[page.index('id="edit-conflict"') :]
    assert '<h3 class="govuk-heading-s">What is going well</h3>' in conflict
    assert 'conflict-theirs">Phonics is consistent.</dd>' in conflict
    assert 'conflict-yours">Reading for pleasure is strong.</dd>' in conflict
    assert "Next steps</h3>" not in conflict  # the same in both: not listed
    # The person's own text stays in the form, whose version is now the stored one.
    assert re.search(r"<textarea[^>]*going_well[^>]*>\s*Reading for pleasure is strong.</textarea>", page)
    assert _version_on(page) == 2
    note.refresh_from_db()
    assert (note.going_well, note.updated_by, note.edit_version) == ("Phonics is consistent.", world.qa_lead, 2)

    with freeze_time("2026-12-02 10:55"):  # merged, saved again from the current version: it passes
        merged = _note_data(note, 2, going_well="Phonics is consistent.\nReading for pleasure is strong.")
        assert admin.post(url, merged).status_code == 302
    note.refresh_from_db()
    assert (note.going_well, note.updated_by, note.edit_version) == (
        "Phonics is consistent.\nReading for pleasure is strong.",
        world.admin,
        3,
    )


def test_a_stale_save_of_a_section_of_a_note_shows_that_section(world):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held")
    with freeze_time("2026-12-02 10:30"):
        note = services.note_start(visit=visit, user=world.qa_lead)
        lead, admin = _two_editors(world)
        section = note.sections.first()
        url = f"/visits/{visit.pk}/note/"
        mine = _note_data(note, 1, going_well="")
        mine[f"evaluation_{section.pk}"] = "Strong curriculum."
        theirs = _note_data(note, 1, going_well="")
        theirs[f"evaluation_{section.pk}"] = "Weak curriculum."
        assert lead.post(url, mine).status_code == 302
        page = admin.post(url, theirs).content.decode()
    conflict = page[page.index('id="edit-conflict"') :]
    assert f'<h3 class="govuk-heading-s">{section.title}: evaluation</h3>' in conflict
    assert 'conflict-theirs">Strong curriculum.</dd>' in conflict
    assert 'conflict-yours">Weak curriculum.</dd>' in conflict
    section.refresh_from_db()
    assert section.evaluation == "Strong curriculum."


def test_a_stale_save_of_an_agenda_is_refused_with_both_texts(world):
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 12, 10))
    with freeze_time("2026-12-02 09:00"):
        f.agenda(meeting, items="Attendance")
        lead, admin = _two_editors(world)
        url = f"/visits/{meeting.pk}/agenda/"
        assert _version_on(lead.get(url).content.decode()) == 1
        assert _version_on(admin.get(url).content.decode()) == 1
    with freeze_time("2026-12-02 10:42"):
        data = {"edit_version": 1, "items": "Attendance\nReading", "attendees": ""}
        assert lead.post(url, data).status_code == 302
    with freeze_time("2026-12-02 10:45"):
        response = admin.post(url, {"edit_version": 1, "items": "Attendance\nBudget", "attendees": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sam Patel saved this agenda at 10:42 on 2 December 2026, after you opened it." in page
    assert 'conflict-theirs">Attendance<br>Reading</dd>' in page
    assert 'conflict-yours">Attendance<br>Budget</dd>' in page
    assert re.search(r"<textarea[^>]*items[^>]*>\s*Attendance\nBudget</textarea>", page)
    assert Agenda.objects.get(visit=meeting).items == "Attendance\nReading"
    with freeze_time("2026-12-02 10:50"):
        data = {"edit_version": _version_on(page), "items": "Attendance\nReading\nBudget", "attendees": ""}
        assert admin.post(url, data).status_code == 302
    assert Agenda.objects.get(visit=meeting).items == "Attendance\nReading\nBudget"


def test_two_first_saves_of_an_agenda_keep_the_first(world):
    meeting = f.visit(world.school, code="monitoring_support_meeting", on=date(2026, 12, 10))
    with freeze_time("2026-12-02 10:42"):
        lead, admin = _two_editors(world)
        url = f"/visits/{meeting.pk}/agenda/"
        assert _version_on(admin.get(url).content.decode()) == 0  # no agenda yet: opened from the proposal
        assert lead.post(url, {"edit_version": 0, "items": "Attendance", "attendees": ""}).status_code == 302
        page = admin.post(url, {"edit_version": 0, "items": "Budget", "attendees": ""}).content.decode()
    assert "Sam Patel saved this agenda at 10:42 on 2 December 2026, after you opened it." in page
    assert Agenda.objects.get(visit=meeting).items == "Attendance"


@freeze_time("2026-12-02 10:42")
def test_note_update_refuses_a_stale_expected_version(world):
    visit = f.visit(world.school, on=date(2026, 11, 17), status="held")
    note = f.visit_note(visit, going_well="First", updated_by=world.qa_lead)
    fields = {"aspect": "", "next_steps": "", "internal_comments": "", "sections": {}}
    services.note_update(note=note, user=world.qa_lead, going_well="Second", expected_version=1, **fields)
    stale = VisitNote.objects.get(pk=note.pk)
    with pytest.raises(EditConflict) as refused:
        services.note_update(note=stale, user=world.admin, going_well="Third", expected_version=1, **fields)
    assert refused.value.current_version == 2
    assert VisitNote.objects.get(pk=note.pk).going_well == "Second"
