"""Boards, governors, vacancies (written to the register's indicator) and terms ending soon."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from governance.models import Governor
from governance.services import board_save, governor_add, governor_remove, governor_training_add
from schools.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _vacancy_value(school):
    return IndicatorValue.objects.get(school=school, indicator__code="governor_vacancies_pct", period="2026/27").value


@freeze_time("2026-11-24")
def test_vacancy_percent_is_written_to_the_register_whenever_membership_changes(world):
    board = board_save(school=world.school, user=world.qa_lead, size=8)
    assert _vacancy_value(world.school) == Decimal("100.0")
    kept = []
    for index in range(5):
        kept.append(
            governor_add(
                board=board,
                user=world.qa_lead,
                name=f"Governor {index}",
                category=Governor.Category.PARENT,
                term_start=date(2024, 9, 1),
                term_end=date(2028, 8, 31),
            )
        )
    # Clerk, associate member, expired and future terms do not fill a place.
    governor_add(
        board=board,
        user=world.qa_lead,
        name="Clerk",
        category=Governor.Category.CO_OPTED,
        board_role=Governor.BoardRole.CLERK,
        term_start=date(2024, 9, 1),
    )
    governor_add(
        board=board,
        user=world.qa_lead,
        name="Associate",
        category=Governor.Category.ASSOCIATE,
        term_start=date(2024, 9, 1),
    )
    governor_add(
        board=board,
        user=world.qa_lead,
        name="Gone",
        category=Governor.Category.PARENT,
        term_start=date(2020, 9, 1),
        term_end=date(2024, 8, 31),
    )
    assert _vacancy_value(world.school) == Decimal("37.5")  # 3 of 8 places empty
    governor_remove(governor=kept[0], user=world.qa_lead)
    assert _vacancy_value(world.school) == Decimal("50.0")
    board_save(school=world.school, user=world.qa_lead, size=4)
    assert _vacancy_value(world.school) == Decimal("0.0")


@freeze_time("2026-11-24")
def test_school_page_shows_vacancy_percent_and_board_page_flags_terms_ending_soon(world, client_for):
    board = board_save(school=world.school, user=world.qa_lead, size=10)
    for index in range(7):
        governor_add(
            board=board,
            user=world.qa_lead,
            name=f"Governor {index}",
            category=Governor.Category.CO_OPTED,
            term_start=date(2024, 9, 1),
            term_end=date(2027, 1, 31) if index == 0 else date(2028, 8, 31),
        )
    page = client_for(world.head).get(f"/schools/{world.school.urn}/").content.decode()
    assert "Governor vacancies" in page
    assert "3 of 10 places (30.0%)" in page
    board_page = client_for(world.chair).get(f"/governance/{world.school.urn}/").content.decode()
    assert "1 governor term ends in the next 3 months" in board_page
    assert "Ends soon" in board_page


def test_officers_manage_boards_and_others_may_not(world, client_for):
    url = f"/governance/{world.school.urn}/board/"
    assert client_for(world.chair).get(url).status_code == 403
    assert client_for(world.head).get(url).status_code == 403
    assert client_for(world.outside_qa_lead).get(url).status_code == 404
    response = client_for(world.qa_lead).post(url, {"kind": "governing_board", "size": "9"})
    assert response.status_code == 302
    assert world.school.board.size == 9


def test_governor_form_reports_errors_in_a_summary(world, client_for):
    board_save(school=world.school, user=world.qa_lead, size=9)
    response = client_for(world.qa_lead).post(f"/governance/{world.school.urn}/governors/add/", {"name": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the governor’s full name" in page
    assert 'href="#id_category_1"' in page
    assert Governor.objects.count() == 0


def test_other_school_people_cannot_see_the_board(world, client_for):
    url = f"/governance/{world.school.urn}/"
    assert client_for(world.other_governor).get(url).status_code == 404
    assert client_for(world.other_head).get(url).status_code == 404
    assert client_for(world.outside_director).get(url).status_code == 404
    assert client_for(world.chair).get(url).status_code == 200


def test_officer_adds_governor_training_and_declaration_and_changes_a_governor(world, client_for):
    board = board_save(school=world.school, user=world.qa_lead, size=9)
    governor = governor_add(
        board=board,
        user=world.qa_lead,
        name="Jo Bloggs",
        category=Governor.Category.PARENT,
        term_start=date(2025, 9, 1),
    )
    client = client_for(world.qa_lead)
    base = f"/governance/{world.school.urn}/governors/{governor.pk}/"
    response = client.post(
        base + "training/",
        {
            "title": "Safeguarding for governors",
            "completed_on_0": "3",
            "completed_on_1": "10",
            "completed_on_2": "2026",
        },
    )
    assert response.status_code == 302
    response = client.post(
        base + "declarations/",
        {"declared_on_0": "1", "declared_on_1": "9", "declared_on_2": "2026", "interests": "Spouse is a supplier"},
    )
    assert response.status_code == 302
    response = client.post(
        base,
        {
            "name": "Jo Bloggs",
            "category": "co_opted",
            "board_role": "vice_chair",
            "term_start_0": "1",
            "term_start_1": "9",
            "term_start_2": "2025",
            "term_end_0": "31",
            "term_end_1": "8",
            "term_end_2": "2024",
        },
    )
    assert "The term end date must be after the term start date" in response.content.decode()
    response = client.post(
        base,
        {
            "name": "Jo Bloggs",
            "category": "co_opted",
            "board_role": "vice_chair",
            "term_start_0": "1",
            "term_start_1": "9",
            "term_start_2": "2025",
        },
    )
    assert response.status_code == 302
    page = client_for(world.chair).get(f"/governance/{world.school.urn}/").content.decode()
    assert "Safeguarding for governors (Oct 2026)" in page
    assert "Spouse is a supplier" in page
    assert "Vice-chair" in page
    assert client_for(world.chair).get(base + "training/").status_code == 403


def test_school_page_panel_queries_do_not_grow_with_governors(world, client_for, django_assert_max_num_queries):
    board = board_save(school=world.school, user=world.qa_lead, size=30)
    client = client_for(world.qa_lead)
    url = f"/schools/{world.school.urn}/"
    client.get(url)
    for index in range(2):
        governor_add(board=board, user=world.qa_lead, name=f"G{index}", category="parent", term_start=date(2025, 9, 1))

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(2, 20):
        governor = governor_add(
            board=board, user=world.qa_lead, name=f"G{index}", category="parent", term_start=date(2025, 9, 1)
        )
        governor_training_add(governor=governor, title="Induction", completed_on=date(2025, 10, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_terms_ending_within_three_calendar_months_are_flagged():
    governor = Governor(term_start=date(2024, 9, 1), term_end=date(2027, 2, 28))
    assert governor.term_ends_soon(date(2026, 11, 30))
    assert not governor.term_ends_soon(date(2026, 11, 27))
    governor.term_end = date(2026, 11, 1)
    assert not governor.term_ends_soon(date(2026, 11, 24))
    governor.term_end = None
    assert not governor.term_ends_soon(date(2026, 11, 24))
