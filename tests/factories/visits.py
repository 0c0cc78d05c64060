"""Visits and meetings of a school, their agendas and notes of visit, made directly (the planner and the
services are tested themselves)."""

import datetime as dt

from visits.models import Agenda, Visit, VisitNote, VisitType
from visits.visit_types import visit_types_ensure


def visit_type(code):
    """The visit type `code`. They are seeded by a data migration, which live-server tests flush: then the
    catalogue is loaded here."""
    found = VisitType.objects.filter(code=code).first()
    if found is None:
        visit_types_ensure()
        found = VisitType.objects.get(code=code)
    return found


def visit(
    school,
    *,
    code="qa_visit",
    on=dt.date(2026, 12, 1),
    status=Visit.Status.PLANNED,
    term="autumn",
    academic_year=2026,
    sequence=1,
    extra=False,
    **fields,
):
    """A visit of type `code` to `school` on `on`, led by the school's QA lead unless `qa_lead` is given. A planned
    one (extra=False) is unique by school, year, term, type and sequence; extra=True is one a person added.
    Deadlines (agenda_due, papers_due, minutes_due) are only what `fields` says."""
    fields.setdefault("qa_lead", school.qa_lead)
    return Visit.objects.create(
        school=school,
        visit_type=visit_type(code),
        planned_date=on,
        status=status,
        term=term,
        academic_year=academic_year,
        sequence=sequence,
        is_extra=extra,
        **fields,
    )


def visit_note(visit, *, status=VisitNote.Status.DRAFT, **fields):
    """The note of `visit` (minutes of a meeting) in `status`, without its sections."""
    return VisitNote.objects.create(visit=visit, status=status, **fields)


def agenda(visit, *, items="Standing item", circulated_at=None):
    """The agenda of meeting `visit`; circulated when `circulated_at` is given."""
    return Agenda.objects.create(visit=visit, items=items, circulated_at=circulated_at)
