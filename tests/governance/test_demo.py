"""governance.demo.seed: boards, checklists and escalation for Demo Borough (idempotent)."""

from decimal import Decimal

import pytest
from freezegun import freeze_time

from demo.seed import DEMO_PEOPLE, _person
from governance import demo
from governance.models import Board, Conversation, EscalationStep, Governor, WarningNotice
from schools import demo as schools_demo
from schools.models import IndicatorValue
from tests import factories as f

pytestmark = pytest.mark.django_db


def _context():
    authority = schools_demo.seed_authority()
    people = {row[0]: _person(*row[:4], password=None) for row in DEMO_PEOPLE}
    schools = schools_demo.seed_schools(authority, [people["qa.lead@demo.example"], people["qa.lead2@demo.example"]])
    for email, *_rest, role, index, chair in DEMO_PEOPLE:
        f.give_role(
            people[email],
            role,
            authority=authority,
            school=schools[index] if index is not None else None,
            is_chair=chair,
        )
    return {"authority": authority, "schools": schools, "people": people, "set_passwords": False}


@freeze_time("2026-11-24")
def test_demo_seed_builds_boards_checklists_and_an_escalation_and_is_idempotent(client_for):
    context = _context()
    demo.seed(context)
    counts = (
        Board.objects.count(),
        Governor.objects.count(),
        Conversation.objects.count(),
        EscalationStep.objects.count(),
    )
    demo.seed(context)
    assert (
        Board.objects.count(),
        Governor.objects.count(),
        Conversation.objects.count(),
        EscalationStep.objects.count(),
    ) == counts
    first = context["schools"][0]
    people = context["people"]
    linked = set(Governor.objects.filter(board__school=first).values_list("user__email", flat=True))
    assert linked == {"chair@demo.example", "governor@demo.example", None}  # None: governors without a sign-in
    assert Conversation.objects.get(school=first, academic_year=2026).status == Conversation.Status.DRAFT
    assert Conversation.objects.filter(status=Conversation.Status.SUBMITTED, academic_year=2026).count() == 1
    vacancies = IndicatorValue.objects.filter(indicator__code="governor_vacancies_pct", period="2026/27")
    above = list(vacancies.filter(value__gt=25).values_list("school__name", "value"))
    assert above == [("Castleton Primary School", Decimal("33.30"))]  # one board above the 25% threshold
    assert WarningNotice.objects.count() == 1
    assert all(board.school.is_maintained for board in Board.objects.select_related("school"))
    home = client_for(people["chair@demo.example"]).get("/home/governor/").content.decode()
    assert "Complete the checklist" in home
    director = client_for(people["director@demo.example"]).get("/home/director/").content.decode()
    assert "Annual conversations not agreed by their due date" in director
    assert "2025/26" in director
