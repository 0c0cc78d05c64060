"""The API tests' world: tests.base's world with classifications (published, past and current, and a proposal
still internal), visits, notes (published and not) and governance records in both authorities, and tokens."""

import datetime as dt
from dataclasses import dataclass

from django.test import Client

from api import services
from governance.models import Board, Conversation
from tests import factories as f
from tests.base import build_world
from visits.models import Visit, VisitNote

SECRET = "SECRET"  # in every internal or unpublished text: never in an API response


@dataclass
class ApiWorld:
    world: object
    past: object
    current: object
    proposed: object
    other_current: object
    outside_current: object
    visit: object
    other_visit: object
    outside_visit: object
    note: object
    draft_note: object
    sent_note: object
    agreed: object
    draft_conversation: object


def build_api_world():
    w = build_world()
    _framework, bands = f.framework_with_bands(w.authority)
    _outside_framework, outside_bands = f.framework_with_bands(w.other_authority)
    past = f.published_classification(w.school, bands["yellow"], by=w.director, since=dt.date(2025, 9, 8))
    past.reasons = ["Attendance fell last year"]
    past.save()
    current = f.published_classification(
        w.school, bands["amber"], by=w.director, since=dt.date(2026, 9, 7), rationale=f"{SECRET} rationale"
    )
    current.reasons = ["Attendance is below 90%"]
    current.decision_comment = f"{SECRET} decision comment"
    current.save()
    proposed = f.proposed_classification(w.school, bands["red"], by=w.qa_lead, rationale=f"{SECRET} proposal")
    proposed.reasons = [f"{SECRET} proposed reason"]
    proposed.save()
    other_current = f.published_classification(w.other_school, bands["green"], by=w.director)
    outside_current = f.published_classification(w.outside_school, outside_bands["green"], by=w.outside_director)
    visit = f.visit(
        w.school,
        code="monitoring_support_meeting",
        on=dt.date(2026, 10, 6),
        status=Visit.Status.HELD,
        agenda_due=dt.date(2026, 9, 22),
        papers_due=dt.date(2026, 9, 29),
        minutes_due=dt.date(2026, 10, 15),
    )
    sent_visit = f.visit(w.school, on=dt.date(2026, 11, 3), status=Visit.Status.HELD, sequence=2)
    other_visit = f.visit(w.other_school, on=dt.date(2026, 12, 1))
    outside_visit = f.visit(w.outside_school, on=dt.date(2026, 12, 2))
    note = f.visit_note(
        visit,
        status=VisitNote.Status.PUBLISHED,
        next_steps="Keep reading at the heart of the curriculum",
        internal_comments=f"{SECRET} internal comment",
        sent_at=dt.datetime(2026, 10, 9, 12, tzinfo=dt.UTC),
        published_at=dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC),
    )
    sent_note = f.visit_note(sent_visit, status=VisitNote.Status.SENT, next_steps=f"{SECRET} not yet published")
    draft_note = f.visit_note(other_visit, status=VisitNote.Status.DRAFT, next_steps=f"{SECRET} draft note")
    f.visit_note(outside_visit, status=VisitNote.Status.PUBLISHED, next_steps="Elsewhere's note")
    Board.objects.create(school=w.school, size=10)
    Board.objects.create(school=w.outside_school, size=8)
    template = f.checklist_template(w.authority)
    agreed = f.conversation(w.school, template, due_by=dt.date(2026, 12, 18), status=Conversation.Status.AGREED)
    agreed.outcome_summary = "The board knows its school well"
    agreed.save()
    draft_conversation = f.conversation(w.other_school, template, due_by=dt.date(2026, 12, 18))
    return ApiWorld(
        world=w,
        past=past,
        current=current,
        proposed=proposed,
        other_current=other_current,
        outside_current=outside_current,
        visit=visit,
        other_visit=other_visit,
        outside_visit=outside_visit,
        note=note,
        draft_note=draft_note,
        sent_note=sent_note,
        agreed=agreed,
        draft_conversation=draft_conversation,
    )


def key_for(user, authority, *, lifetime_days=90, name="Test script"):
    """A new token of `user` in `authority`: its key."""
    _token, key = services.api_token_create(user=user, authority=authority, name=name, lifetime_days=lifetime_days)
    return key


def api_get(url, key=None, **params):
    """GET `url` with the token `key` (none: anonymous), on a fresh client with no session."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client().get(url, params, headers=headers)


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]
