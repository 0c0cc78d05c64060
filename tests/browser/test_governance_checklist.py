"""Governance pages in Chromium: a governor completes the checklist by keyboard; every page passes axe-core."""

from datetime import date

import pytest

from governance.models import ChecklistItem, Conversation
from governance.services import (
    CHECKLIST_DIR,
    board_save,
    checklist_save,
    checklist_template_load,
    conversation_open,
    conversation_review,
    escalation_step_record,
    governor_add,
    warning_notice_issue,
)
from qa_portal.academic_year import academic_year_for as academic_year_of
from tests import factories as f

from .conftest import BROWSER_TODAY, assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def _conversation(world, year=None):
    template = checklist_template_load(authority=world.authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")
    year = year or academic_year_of(BROWSER_TODAY)
    return conversation_open(school=world.school, academic_year=year, template=template, due_by=date(year + 1, 3, 31))


def test_governor_completes_and_submits_the_checklist_by_keyboard(page, world):
    conversation = _conversation(world)
    items = list(ChecklistItem.objects.filter(area__template=conversation.template).order_by("area__order", "order"))
    sign_in_by_keyboard(page, world.chair.email)
    assert_accessible(page)
    press_until_focused(page, "a:has-text('Complete the checklist')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Annual conversation checklist" in page.locator("h1").inner_text()
    assert_accessible(page)

    missing = next(item for item in items if item.key == "clerking")
    for item in items:
        if item.required and item.pk != missing.pk:
            press_until_focused(page, f"#id_item_{item.pk}_rating_1")
            page.keyboard.press("Space")
    press_until_focused(page, f"#id_item_{items[0].pk}_comment")
    page.keyboard.type("We review the development plan every term.")
    press_until_focused(page, "#id_submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Choose met, partly met or not met for “Clerking” (Meetings)" in summary.inner_text()
    assert_accessible(page)
    link = summary.locator("a", has_text="Clerking")
    assert link.get_attribute("href") == f"#id_item_{missing.pk}_rating_1"
    press_until_focused(page, f".govuk-error-summary a[href='#id_item_{missing.pk}_rating_1']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"id_item_{missing.pk}_rating_1"
    page.keyboard.press("Space")
    press_until_focused(page, "#id_submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Checklist submitted to the authority" in page.locator("main").inner_text()
    assert "We review the development plan every term." in page.locator("main").inner_text()
    assert_accessible(page)
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.SUBMITTED
    assert conversation.responses.exclude(rating="").count() == len([i for i in items if i.required])


def test_governance_pages_for_officers_are_accessible(page, world):
    conversation = _conversation(world)
    answers = {i.pk: ("partly_met", "") for i in ChecklistItem.objects.filter(area__template=conversation.template)}
    checklist_save(conversation=conversation, user=world.chair, answers=answers, submit=True)
    board = board_save(school=world.school, user=world.qa_lead, size=8)
    governor = governor_add(
        board=board,
        user=world.qa_lead,
        name="Ann Other",
        category="parent",
        term_start=date(2025, 9, 1),
        term_end=date(2026, 12, 31),
        board_role="chair",
    )
    escalation_step_record(
        school=world.school,
        user=world.qa_lead,
        step="informal_head",
        taken_on=date(2026, 10, 1),
        who="Priya Shah",
        summary="Concerns discussed",
    )
    notice = warning_notice_issue(
        school=world.school, user=world.qa_lead, issued_on=date(2026, 11, 2), low_standards=True
    )
    urn, year = world.school.urn, conversation.academic_year
    sign_in_by_keyboard(page, world.qa_lead.email)
    for path in (
        f"/schools/{urn}/",
        f"/governance/{urn}/",
        f"/governance/{urn}/board/",
        f"/governance/{urn}/governors/add/",
        f"/governance/{urn}/conversations/{year}/",
        f"/governance/{urn}/conversations/{year}/review/",
        f"/governance/{urn}/escalation/",
        f"/governance/{urn}/escalation/steps/add/",
        f"/governance/{urn}/escalation/warning-notice/",
        f"/governance/{urn}/escalation/statutory-power/",
        f"/governance/{world.other_school.urn}/escalation/",
        f"/governance/{urn}/governors/{governor.pk}/",
        f"/governance/{urn}/governors/{governor.pk}/training/",
        f"/governance/{urn}/governors/{governor.pk}/declarations/",
        f"/governance/{urn}/escalation/warning-notice/{notice.pk}/outcome/",
        "/home/qa-lead/",
    ):
        page.goto(path)
        assert_accessible(page)
    # Error pages too: the review agreed with nothing filled in, and an academy warning notice.
    page.goto(f"/governance/{urn}/conversations/{year}/review/")
    with page.expect_navigation():
        page.get_by_role("button", name="Agree the record").click()
    assert "Enter the outcome summary" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.goto(f"/governance/{urn}/governors/add/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save governor").click()
    assert_accessible(page)


def test_director_and_head_governance_pages_are_accessible(page, world):
    conversation = _conversation(world)
    Conversation.objects.filter(pk=conversation.pk).update(due_by=date(2026, 1, 1))
    sign_in_by_keyboard(page, world.director.email)
    assert "Annual conversations not agreed by their due date" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto("/governance/overdue/")
    assert_accessible(page)
    page.goto(f"/governance/{world.other_school.urn}/escalation/warning-notice/")
    page.locator("#id_grounds_1").check()
    page.locator("#id_issued_on_0").fill("2")
    page.locator("#id_issued_on_1").fill("11")
    page.locator("#id_issued_on_2").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the warning notice").click()
    assert "the local authority has no such power" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_board_and_record_pages_for_the_school_side_are_accessible(page, world):
    conversation = _conversation(world)
    board = board_save(school=world.school, user=world.qa_lead, size=8)
    governor_add(board=board, user=world.qa_lead, name="Ann Other", category="parent", term_start=date(2025, 9, 1))
    f.governor(world.school)
    urn, year = world.school.urn, conversation.academic_year
    sign_in_by_keyboard(page, world.chair.email)
    for path in (f"/governance/{urn}/", f"/governance/{urn}/conversations/{year}/invite/", f"/schools/{urn}/"):
        page.goto(path)
        assert_accessible(page)
    answers = {i.pk: ("met", "") for i in ChecklistItem.objects.filter(area__template=conversation.template)}
    checklist_save(conversation=conversation, user=world.chair, answers=answers, submit=True)

    areas = {a.pk: "Strong" for a in conversation.template.areas.all()}
    conversation_review(
        conversation=conversation,
        user=world.qa_lead,
        held_on=date(2026, 11, 20),
        area_views=areas,
        actions=[("Recruit a parent governor", "Chair of governors", date(2027, 1, 31))],
        outcome_summary="Agreed.",
        agree=True,
    )
    page.context.clear_cookies()
    sign_in_by_keyboard(page, world.head.email)
    assert "Annual governance conversation" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"/governance/{urn}/conversations/{year}/")
    assert "Recruit a parent governor" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"/schools/{urn}/")
    assert_accessible(page)
