"""Issue 15's To do lists in governance: the chair (and the governors the chair invited to help) see the annual
governance checklist to complete, due on the conversation's date, until the board submits it; the school's QA
lead then sees it under "Checklists submitted" until the conversation's record is agreed."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from governance import todos as governance_todos
from governance.models import CONVERSATION_VISIT_TYPE
from governance.services import (
    checklist_save,
    conversation_invite_helper,
    conversation_open,
    conversation_review,
)
from qa_portal.accounts.roles import Role
from tests import factories as f
from tests.base import main_content, url_in

from .conftest import YEAR
from .test_handoff_notifications import _answers

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def clock():
    """Tuesday 24 November 2026, for every row and request of a test."""
    with freeze_time("2026-11-24 10:00"):
        yield


@pytest.fixture
def conversation(world, template):
    """Opened by the QA lead with the planned conversation visit of 9 February 2027 (due by then)."""
    f.visit(world.school, code=CONVERSATION_VISIT_TYPE, on=date(2027, 2, 9), term="spring")
    return conversation_open(school=world.school, academic_year=YEAR, template=template, user=world.qa_lead)


def home(client_for, person, slug, authority):
    response = client_for(person).get(url_in(authority, "home-for-role", role=slug))
    assert response.status_code == 200
    return main_content(response)


def checklist_link(world):
    url = url_in(world.authority, "governance:checklist", urn=world.school.urn, year=YEAR)
    return f'<a class="govuk-link" href="{url}">Complete the governance checklist for Brookmead Primary School</a>'


def test_the_chair_sees_the_checklist_to_complete_due_on_the_conversation_date(world, conversation, client_for):
    page = home(client_for, world.chair, "governor", world.authority)

    assert "Governance checklist to complete (1)" in page
    assert (
        f'{checklist_link(world)} <span class="govuk-body-s">due 9 February 2027</span> '
        '<span class="govuk-body-s">Annual governance conversation 2026/27</span>'
    ) in page
    assert "Overdue" not in page


def test_a_moved_conversation_visit_moves_the_due_date_and_a_passed_one_is_overdue(world, conversation, client_for):
    visit = conversation.visit
    visit.planned_date = date(2026, 11, 20)
    visit.save(update_fields=["planned_date"])

    page = home(client_for, world.chair, "governor", world.authority)

    assert (
        f'{checklist_link(world)} <strong class="govuk-tag govuk-tag--red">Overdue</strong> '
        '<span class="govuk-body-s">due 20 November 2026</span>'
    ) in page


def test_without_a_visit_the_checklist_is_due_by_the_conversations_due_date(world, template, client_for):
    conversation_open(school=world.school, academic_year=YEAR, template=template, due_by=date(2027, 3, 31))

    page = home(client_for, world.chair, "governor", world.authority)

    assert f'{checklist_link(world)} <span class="govuk-body-s">due 31 March 2027</span>' in page


def test_only_those_who_may_complete_it_see_it(world, conversation, client_for):
    member = f.governor(world.school)
    helper = f.governor(world.school)
    conversation_invite_helper(conversation=conversation, user=world.chair, helper=helper)

    assert checklist_link(world) in home(client_for, helper, "governor", world.authority)
    assert "Governance checklist to complete" not in home(client_for, member, "governor", world.authority)
    assert "Governance checklist to complete" not in home(client_for, world.other_governor, "governor", world.authority)
    assert "Governance checklist to complete" not in home(
        client_for, world.outside_governor, "governor", world.other_authority
    )


def test_once_submitted_it_leaves_the_chair_and_is_the_qa_leads_until_agreed(world, conversation, client_for):
    assert "Checklists submitted" not in home(client_for, world.qa_lead, "qa-lead", world.authority)

    checklist_save(conversation=conversation, user=world.chair, answers=_answers(conversation), submit=True)

    assert "Governance checklist to complete" not in home(client_for, world.chair, "governor", world.authority)
    page = home(client_for, world.qa_lead, "qa-lead", world.authority)
    assert "Checklists submitted (1)" in page
    review = url_in(world.authority, "governance:review", urn=world.school.urn, year=YEAR)
    assert (
        f'<a class="govuk-link" href="{review}">Review the governance checklist of Brookmead Primary School '
        '(2026/27)</a> <span class="govuk-body-s">due 9 February 2027</span> '
        '<span class="govuk-body-s">Submitted on 24 November 2026</span>'
    ) in page
    assert "Checklists submitted" not in home(client_for, world.other_qa_lead, "qa-lead", world.authority)

    areas = {area.pk: f"View on {area.title}" for area in conversation.template.areas.all()}
    conversation_review(
        conversation=conversation,
        user=world.qa_lead,
        held_on=date(2026, 11, 24),
        area_views=areas,
        actions=[],
        outcome_summary="A strong board.",
        agree=True,
    )
    assert "Checklists submitted" not in home(client_for, world.qa_lead, "qa-lead", world.authority)


def _provider_queries(user, authority):
    user.role_assignments  # noqa: B018  (read once per request before any provider runs)
    with CaptureQueriesContext(connection) as queries:
        items = governance_todos.governor_checklists(user, authority, TODAY)
    return len(queries), items


def test_the_governors_to_do_runs_one_query_however_many_boards(world, template):
    chair_of_one = world.chair
    chair_of_three = f.UserFactory()
    schools = [f.SchoolFactory(authority=world.authority, name=f"Board {n} Primary School") for n in range(3)]
    for school in schools:
        f.give_role(chair_of_three, Role.GOVERNOR, school=school, is_chair=True)
    for school in [world.school, *schools]:
        conversation_open(school=school, academic_year=YEAR, template=template, due_by=date(2027, 3, 31))

    one, items_one = _provider_queries(chair_of_one, world.authority)
    three, items_three = _provider_queries(chair_of_three, world.authority)

    assert [item.text for item in items_one] == ["Complete the governance checklist for Brookmead Primary School"]
    assert len(items_three) == 3
    assert (one, three) == (1, 1)
