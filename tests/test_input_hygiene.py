"""Control characters are refused with a message naming the field, in every form and query string (issue 18,
part 7); tab and newline are still text."""

import datetime as dt
import importlib
import inspect
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from classification import services as classification_services
from classification.frameworks import PRESETS_DIR, FrameworkError, preset_file_read
from governance.models import ChecklistTemplate, DeclarationOfInterest, Governor
from governance.services import CHECKLIST_DIR, board_save, checklist_template_load, governor_add
from qa_portal.accounts.models import User
from qa_portal.text_hygiene import TextHygieneMixin, text_problem, validate_text
from tests import factories as f
from tests.base import main_content, url_in

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = ("qa_portal", "schools", "classification", "visits", "governance", "dashboards", "records", "demo")


def _message(label, name, position):
    return (
        f"{label} must not contain control characters, such as the invisible character ({name}) at position "
        f"{position}. Remove it and try again."
    )


def _refused(response, label, name, position):
    """The page again, with the message in the error summary and at the field."""
    assert response.status_code == 200
    page = main_content(response)
    assert "govuk-error-summary" in page
    assert page.count(_message(label, name, position)) == 2  # the summary and the field


def test_the_message_names_the_field_the_character_and_its_position():
    assert text_problem("Brook\x00mead", label="Name") == _message("Name", "NUL", 6)
    assert text_problem("\x1b[31m", label="Name") == _message("Name", "ESC", 1)
    assert text_problem("a\x85b", label="Name") == _message("Name", "U+0085", 2)
    assert text_problem("x\ufffe", label="Name") == _message("Name", "U+FFFE", 2)
    assert text_problem("Line one\r\n\tLine two", label="Name") is None
    assert text_problem("St Mary’s C of E — Ça va", label="Name") is None
    with pytest.raises(ValidationError) as refused:
        validate_text("\x7f", label="Reason")
    assert refused.value.messages == [_message("Reason", "DEL", 1)]


FORM_MODULE_SIGNS = (
    "from django import forms",
    "import django_filters",
    "qa_portal.forms",
    "django.contrib.auth.forms",
)


def _form_modules():
    """Every module of the project's apps that can define a form or a filter (it imports Django's forms)."""
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for path in sorted(Path(package.__path__[0]).rglob("*.py")):
            if "migrations" in path.parts or not any(sign in path.read_text() for sign in FORM_MODULE_SIGNS):
                continue
            relative = path.relative_to(Path(package.__path__[0]).parent).with_suffix("")
            yield importlib.import_module(".".join(relative.parts).removesuffix(".__init__"))


def test_every_form_and_filter_of_the_project_refuses_control_characters():
    """Each form class of the project, and each filter's form, uses the mixin."""
    forms_found, filters_found, missing = set(), set(), []
    for module in _form_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith(PROJECT_PACKAGES):
                continue
            if issubclass(cls, forms.BaseForm):
                forms_found.add(cls)
                if not issubclass(cls, TextHygieneMixin):
                    missing.append(f"{cls.__module__}.{cls.__qualname__}")
            elif issubclass(cls, django_filters.FilterSet):
                filters_found.add(cls)
                if not issubclass(cls._meta.form, TextHygieneMixin):
                    missing.append(f"{cls.__module__}.{cls.__qualname__} (its Meta.form)")
    assert missing == []
    assert len(forms_found) >= 50
    assert {cls.__name__ for cls in filters_found} >= {"SchoolFilter"}


# --- one form per app -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x1b", "ESC")])
def test_schools_contact_details_refuse_a_control_character(world, client_for, character, name):
    url = reverse("schools:contacts-edit", kwargs={"urn": world.school.urn})
    response = client_for(world.qa_lead).post(
        url, {"telephone": f"0163{character}2 960123", "email": "", "website": ""}
    )
    _refused(response, "Telephone", name, 5)
    world.school.refresh_from_db()
    assert world.school.telephone == ""


@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x1b", "ESC")])
def test_a_governor_name_refuses_a_control_character(world, client_for, character, name):
    board_save(school=world.school, user=world.qa_lead, size=9)
    response = client_for(world.qa_lead).post(
        f"/governance/{world.school.urn}/governors/add/",
        {"name": f"Jo{character} Bloggs", "category": "parent", "term_start_0": "1", "term_start_1": "9"}
        | {"term_start_2": "2025"},
    )
    _refused(response, "Full name", name, 3)
    assert Governor.objects.count() == 0


@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x1b", "ESC")])
def test_adding_a_person_refuses_a_control_character(world, client_for, character, name):
    response = client_for(world.admin).post(
        reverse("accounts:person-add"),
        {
            "email": "new.chair@example.test",
            "first_name": f"{character}Nia",
            "last_name": "Jones",
            "role": "governor",
            "school": world.school.pk,
        },
    )
    _refused(response, "First name", name, 1)
    assert not User.objects.filter(email="new.chair@example.test").exists()


@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x1b", "ESC")])
def test_a_choice_sent_with_a_control_character_is_refused_before_the_database_sees_it(
    world, client_for, character, name
):
    """A ModelChoiceField's value is looked up in the database: PostgreSQL cannot take a NUL in a query."""
    response = client_for(world.admin).post(
        reverse("accounts:person-add"),
        {
            "email": "new.chair@example.test",
            "first_name": "Nia",
            "last_name": "Jones",
            "role": "governor",
            "school": f"{world.school.pk}{character}",
        },
    )
    assert response.status_code == 200
    assert "control characters" in main_content(response)
    assert not User.objects.filter(email="new.chair@example.test").exists()


@freeze_time("2026-11-24 10:00")
@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x1b", "ESC")])
def test_the_reason_for_moving_a_visit_refuses_a_control_character(world, client_for, character, name):
    f.framework_with_bands(world.authority)
    visit = f.visit(world.school, on=dt.date(2026, 12, 9))
    response = client_for(world.qa_lead).post(
        f"/visits/{visit.pk}/move/",
        {"planned_date_0": "10", "planned_date_1": "12", "planned_date_2": "2026", "reason": f"INSET{character} day"},
    )
    _refused(response, "Reason for the move", name, 6)
    visit.refresh_from_db()
    assert visit.planned_date == dt.date(2026, 12, 9)


@freeze_time("2026-11-24 10:00")
@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x1b", "ESC")])
def test_a_standing_agenda_item_refuses_a_control_character(world, client_for, character, name):
    framework, _bands = f.framework_with_bands(world.authority, name="Demo framework", governance=False)
    draft = classification_services.framework_draft_create(framework=framework, user=world.admin)
    before = draft.standing_agenda_items.count()
    response = client_for(world.admin).post(
        url_in(world.authority, "classification:agenda-item-add", pk=draft.pk),
        {"title": f"Attendance{character}", "visit_type": "qa_visit"},
    )
    _refused(response, "Agenda item", name, 11)
    assert draft.standing_agenda_items.count() == before


def test_sign_in_refuses_a_control_character_in_the_email_address(world, client):
    response = client.post(reverse("accounts:sign-in"), {"username": f"{world.qa_lead.email}\x00", "password": "x"})
    assert response.status_code == 200
    assert "control characters" in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- what is still text -----------------------------------------------------------------------------------------


def test_newline_and_tab_in_a_note_are_kept(world, client_for):
    board = board_save(school=world.school, user=world.qa_lead, size=9)
    governor = governor_add(
        board=board,
        user=world.qa_lead,
        name="Jo Bloggs",
        category=Governor.Category.PARENT,
        term_start=dt.date(2025, 9, 1),
    )
    interests = "Spouse is a supplier:\r\n\tcatering contract"
    response = client_for(world.qa_lead).post(
        f"/governance/{world.school.urn}/governors/{governor.pk}/declarations/",
        {"declared_on_0": "1", "declared_on_1": "9", "declared_on_2": "2026", "interests": interests},
    )
    assert response.status_code == 302
    assert DeclarationOfInterest.objects.get().interests == interests


# --- query strings ----------------------------------------------------------------------------------------------


def test_a_register_search_with_a_nul_answers_with_the_message(world, client_for):
    """Also on PostgreSQL, where a NUL in a query parameter raises in the database driver."""
    response = client_for(world.qa_lead).get("/schools/?q=Brook%00mead")
    assert response.status_code == 200
    page = main_content(response)
    assert _message("Name or URN", "NUL", 6) in page
    assert world.school.name in page  # the search is left out, not the register


def test_a_register_download_with_a_nul_in_the_search_does_not_fail(world, client_for):
    response = client_for(world.qa_lead).get("/schools/download.csv?q=%00")
    assert response.status_code == 200


# --- data files: framework presets and checklist templates ------------------------------------------------------


def test_a_preset_with_an_escaped_nul_is_refused_with_its_line_and_key(tmp_path):
    """TOML refuses a raw control character, but lets `\\u0000` through as an escape."""
    text = (PRESETS_DIR / "barnsley.toml").read_text()
    path = tmp_path / "barnsley.toml"
    path.write_text(text.replace('name = "Barnsley school', 'name = "Barnsley\\u0000 school', 1))
    with pytest.raises(FrameworkError) as refused:
        preset_file_read(path)
    assert str(refused.value) == (
        "barnsley.toml, line 12: name: contains a control character (NUL) at position 9: remove it and try again"
    )


def test_a_checklist_template_with_an_escape_character_is_refused_and_stores_nothing(world, tmp_path):
    text = (CHECKLIST_DIR / "telford-wrekin-2024.toml").read_text()
    path = tmp_path / "checklist.toml"
    path.write_text(text.replace('text = "Strategic role"', 'text = "Strategic\\u001b role"', 1))
    with pytest.raises(ValidationError) as refused:
        checklist_template_load(authority=world.authority, path=path)
    assert refused.value.messages == [
        "The checklist file checklist.toml has a value that contains a control character (ESC) at position 10: "
        "remove it and try again"
    ]
    assert not ChecklistTemplate.objects.exists()


def test_a_checklist_template_that_is_not_toml_is_refused_with_a_message(world, tmp_path):
    path = tmp_path / "checklist.toml"
    path.write_bytes(b'slug = "a\x00"\n')
    with pytest.raises(ValidationError) as refused:
        checklist_template_load(authority=world.authority, path=path)
    assert refused.value.messages[0].startswith("The checklist file checklist.toml is not valid TOML: ")
    assert not ChecklistTemplate.objects.exists()
