"""Demo rows for the governance app, called by demo.seed.seed (idempotent)."""

from datetime import date, timedelta

from django.utils import timezone

from qa_portal.academic_year import academic_year_for

from .models import (
    Board,
    ChecklistItem,
    ChecklistResponse,
    ChecklistTemplate,
    Conversation,
    DeclarationOfInterest,
    EscalationStep,
    Governor,
    GovernorTraining,
    WarningNotice,
)
from .services import (
    CHECKLIST_DIR,
    board_vacancy_indicator_write,
    checklist_template_load,
    conversation_open,
)

_FIRST = ["Alice", "Ben", "Chloe", "David", "Esther", "Farid", "Gemma", "Hassan", "Imogen", "James", "Kiran", "Lucy"]
_LAST = ["Barker", "Cole", "Dixon", "Ellis", "Foster", "Gill", "Hughes", "Iqbal", "Jones", "Kaur", "Lowe", "Moss"]
_CATEGORIES = [
    Governor.Category.PARENT,
    Governor.Category.PARENT,
    Governor.Category.STAFF,
    Governor.Category.LA,
    Governor.Category.CO_OPTED,
    Governor.Category.CO_OPTED,
    Governor.Category.FOUNDATION,
    Governor.Category.PARTNERSHIP,
    Governor.Category.CO_OPTED,
    Governor.Category.PARENT,
]


def _template(authority):
    template = ChecklistTemplate.objects.filter(authority=authority).order_by("-version").first()
    return template or checklist_template_load(authority=authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")


def _board(school, *, size, filled, today, people=()):
    board, _ = Board.objects.update_or_create(
        school=school, defaults={"size": size, "kind": Board.Kind.GOVERNING_BOARD, "instrument_date": date(2023, 9, 1)}
    )
    for index in range(filled):
        name = f"{_FIRST[(school.urn + index) % 12]} {_LAST[(school.urn * 7 + index) % 12]}"
        user = None
        role = Governor.BoardRole.CHAIR if index == 0 else ""
        if index < len(people):
            user = people[index]
            name = user.get_full_name()
        start = date(2023 + index % 3, 9, 1)
        end = today + timedelta(days=45) if index == 3 else date(start.year + 4, 8, 31)
        governor, _ = Governor.objects.update_or_create(
            board=board,
            name=name,
            defaults={
                "category": _CATEGORIES[index % len(_CATEGORIES)],
                "board_role": role,
                "term_start": start,
                "term_end": end,
                "user": user,
            },
        )
        GovernorTraining.objects.get_or_create(
            governor=governor, title="Induction for new governors", completed_on=date(start.year, 11, 15)
        )
        DeclarationOfInterest.objects.get_or_create(governor=governor, declared_on=date(2026, 9, 20))
    Governor.objects.update_or_create(
        board=board,
        name="Pat Clerk",
        defaults={
            "category": Governor.Category.ASSOCIATE,
            "board_role": Governor.BoardRole.CLERK,
            "term_start": date(2022, 9, 1),
        },
    )
    board_vacancy_indicator_write(board=board, day=today)
    return board


def _answer_all(conversation, rating=ChecklistResponse.Rating.MET):
    for item in ChecklistItem.objects.filter(area__template=conversation.template):
        ChecklistResponse.objects.update_or_create(
            conversation=conversation,
            item=item,
            defaults={"rating": rating, "comment": f"Evidence discussed at the autumn board meeting: {item.text}."},
        )


def seed(context):
    """context: authority, schools (list), people (email -> User), set_passwords."""
    authority, schools, people = context["authority"], context["schools"], context["people"]
    today = timezone.localdate()
    year = academic_year_for(today)
    template = _template(authority)
    maintained = [s for s in schools if s.is_maintained][:10]
    chair, governor = people.get("chair@demo.example"), people.get("governor@demo.example")
    for position, school in enumerate(maintained):
        linked = [p for p in (chair, governor) if p] if school.pk == schools[0].pk else []
        # The third maintained board is short of governors: 4 of 12 places empty (33%).
        size, filled = (12, 8) if position == 2 else (10, 9 if position % 2 else 10)
        _board(school, size=size, filled=filled, today=today, people=linked)

    # The chair@ school: this year's checklist in draft, a few answers saved.
    first = schools[0]
    draft = conversation_open(school=first, academic_year=year, template=template)
    item = ChecklistItem.objects.filter(area__template=template).first()
    if item is not None and draft.status == Conversation.Status.DRAFT:
        ChecklistResponse.objects.update_or_create(
            conversation=draft, item=item, defaults={"rating": "partly_met", "comment": "Draft: to discuss with Aisha."}
        )
    others = [s for s in maintained if s.pk != first.pk]
    if others:
        # A submitted checklist waiting for the authority's review.
        submitted = conversation_open(school=others[0], academic_year=year, template=template)
        _answer_all(submitted)
        Conversation.objects.filter(pk=submitted.pk).update(
            status=Conversation.Status.SUBMITTED, submitted_at=timezone.now()
        )
    if len(others) > 1:
        # Last year's conversation never agreed: the director sees it as overdue.
        overdue = conversation_open(
            school=others[1], academic_year=year - 1, template=template, due_by=date(year, 7, 15)
        )
        _answer_all(overdue, rating=ChecklistResponse.Rating.PARTLY_MET)
        Conversation.objects.filter(pk=overdue.pk).update(status=Conversation.Status.SUBMITTED)
    if len(others) > 2:
        _escalate(others[2], context, today)


def _escalate(school, context, today):
    """One maintained school on the escalation ladder, with a warning notice."""
    officer = context["people"].get("qa.lead@demo.example")
    who = officer.get_full_name() if officer else "QA lead"
    steps = [
        ("informal_head", 120, "Concerns about falling standards raised with the headteacher."),
        ("informal_governors", 100, "Concerns shared with the chair and the standards committee."),
        ("letter_head", 80, "Formal letter to the headteacher asking for a rapid response."),
        ("letter_governors", 60, "Formal letter to the governing body with the next steps."),
        ("warning_notice", 30, "Warning notice issued: unacceptably low standards of performance."),
    ]
    for code, days_ago, summary in steps:
        EscalationStep.objects.update_or_create(
            school=school,
            step=code,
            defaults={"taken_on": today - timedelta(days=days_ago), "who": who, "summary": summary},
        )
    WarningNotice.objects.update_or_create(
        school=school,
        issued_on=today - timedelta(days=30),
        defaults={"low_standards": True, "compliance_days": 15, "outcome": ""},
    )
