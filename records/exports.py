"""The files of a subject-access export: everything held about one person in one authority, and nothing about
anyone else (no other person's name, email or answers: records are described by their school, never by the
people in them)."""

import csv
import io
import json

from django.db.models import Q
from django.utils import timezone

from classification.models import Classification, DiscussionRequest, ReviewRequest
from governance.models import ChecklistResponse, Governor
from qa_portal.accounts.models import RoleAssignment
from qa_portal.notifications.models import Notification
from qa_portal.pdf import render_pdf
from schools.models import School
from visits.models import VisitNote

from .audited import BY_KEY
from .selectors import CHANGE_TYPES, AuditFilters, change_reason, history_rows


def _iso(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _account(person):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "job_title": person.job_title,
        "account_created": _iso(person.date_joined),
        "last_signed_in": _iso(person.last_login),
        "active": person.is_active,
    }
    return json.dumps(data, indent=2).encode()


def _roles(person, authority):
    rows = RoleAssignment.objects.filter(user=person, authority=authority).select_related("school").order_by("pk")
    return _csv(
        ["role", "school", "chair of governors", "since"],
        [
            (row.get_role_display(), row.school.name if row.school_id else "", row.is_chair, _iso(row.created_at))
            for row in rows
        ],
    )


def _role_history(person, authority):
    rows = RoleAssignment.history.filter(user=person, authority=authority).order_by("history_date", "history_id")
    schools = School.objects.in_bulk({row.school_id for row in rows if row.school_id})
    return _csv(
        ["date", "change", "role", "school", "chair of governors"],
        [
            (
                _iso(row.history_date),
                CHANGE_TYPES[row.history_type],
                row.get_role_display(),
                schools[row.school_id].name if row.school_id in schools else "",
                row.is_chair,
            )
            for row in rows
        ],
    )


def _notifications(person, authority):
    rows = Notification.objects.filter(recipient=person).filter(Q(authority=authority) | Q(authority__isnull=True))
    return _csv(
        ["date", "text", "link", "read"],
        [(_iso(row.created_at), row.text, row.link, _iso(row.read_at)) for row in rows.order_by("created_at", "pk")],
    )


def _governor_records(person, authority):
    rows = Governor.objects.filter(user=person, board__school__authority=authority).select_related("board__school")
    return _csv(
        ["school", "name", "category", "role on the board", "term starts", "term ends"],
        [
            (
                row.board.school.name,
                row.name,
                row.get_category_display(),
                row.get_board_role_display(),
                _iso(row.term_start),
                _iso(row.term_end),
            )
            for row in rows.order_by("term_start", "pk")
        ],
    )


def _own_answers(person, authority):
    """The latest version of each checklist answer the person wrote (their own history rows, not anyone else's
    later edit), with its school and year."""
    rows = (
        ChecklistResponse.history.filter(conversation__school__authority=authority)
        .filter(Q(history_user=person) | Q(history_user__isnull=True, updated_by=person))
        .select_related("conversation__school", "item__area")
        .order_by("id", "-history_date", "-history_id")
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.id, row)
    return sorted(latest.values(), key=lambda row: (row.conversation.school.name, row.conversation.academic_year))


def _answers_csv(answers):
    return _csv(
        ["school", "academic year", "area", "question", "rating", "comment", "answered"],
        [
            (
                row.conversation.school.name,
                row.conversation.year_label,
                row.item.area.title,
                row.item.text,
                row.get_rating_display(),
                row.comment,
                _iso(row.history_date),
            )
            for row in answers
        ],
    )


def _notes(person, authority):
    return list(
        VisitNote.objects.filter(drafted_by=person, visit__school__authority=authority)
        .select_related("visit__school", "visit__visit_type")
        .prefetch_related("sections")
        .order_by("visit__planned_date", "pk")
    )


def _notes_csv(notes):
    return _csv(
        ["school", "visit", "visit date", "status", "aspect looked at", "what is going well", "next steps"],
        [
            (
                note.visit.school.name,
                note.visit.visit_type.name,
                _iso(note.visit.planned_date),
                note.get_status_display(),
                note.aspect,
                note.going_well,
                note.next_steps,
            )
            for note in notes
        ],
    )


def _decisions(person, authority):
    rows = (
        Classification.objects.filter(school__authority=authority)
        .filter(Q(proposed_by=person) | Q(decided_by=person) | Q(published_by=person))
        .select_related("school", "band")
        .order_by("proposed_at", "pk")
    )
    out = []
    for row in rows:
        if row.proposed_by_id == person.pk:
            out.append((row.school.name, row.band.label, "Proposed", _iso(row.proposed_at), row.rationale))
        if row.decided_by_id == person.pk:
            out.append((row.school.name, row.band.label, "Decided", _iso(row.decided_at), row.decision_comment))
        if row.published_by_id == person.pk:
            out.append((row.school.name, row.band.label, "Published", _iso(row.published_at), ""))
    return _csv(["school", "band", "part taken", "date", "what they wrote"], out)


def _requests(person, authority):
    rows = [
        (row.school.name, "Discussion request", _iso(row.created_at), row.message, row.get_status_display())
        for row in DiscussionRequest.objects.filter(requested_by=person, school__authority=authority)
        .select_related("school")
        .order_by("created_at", "pk")
    ]
    rows += [
        (row.school.name, "Review request", _iso(row.created_at), row.reason, row.get_status_display())
        for row in ReviewRequest.objects.filter(requested_by=person, school__authority=authority)
        .select_related("school")
        .order_by("created_at", "pk")
    ]
    return _csv(["school", "request", "date", "what they wrote", "status"], rows)


def _history(person, authority):
    """The person's own changes in the authority: what (by school, never by another person's name), when, why."""
    keys = list(history_rows(authority, AuditFilters(person_id=person.pk)))
    schools = School.objects.in_bulk({school for *_rest, school, _user in keys if school})
    rows = []
    for when, history_id, key, school_id, _user in reversed(keys):
        entry = BY_KEY[key]
        record = entry.history_model.objects.get(history_id=history_id)
        what = f"{entry.label} of {schools[school_id].name}" if school_id in schools else entry.label
        rows.append((_iso(when), what, CHANGE_TYPES[record.history_type], change_reason(record)))
    return _csv(["date", "what", "change", "why"], rows)


def subject_access_files(person, authority):
    """{file name: bytes} of the export, in a fixed order: the CSV/JSON files always, a PDF per checklist the
    person answered and per note of visit they wrote."""
    answers = _own_answers(person, authority)
    notes = _notes(person, authority)
    files = {
        "account.json": _account(person),
        "roles.csv": _roles(person, authority),
        "role-history.csv": _role_history(person, authority),
        "notifications.csv": _notifications(person, authority),
        "governor-records.csv": _governor_records(person, authority),
        "checklist-answers.csv": _answers_csv(answers),
        "notes-of-visit.csv": _notes_csv(notes),
        "decisions.csv": _decisions(person, authority),
        "requests.csv": _requests(person, authority),
        "history.csv": _history(person, authority),
    }
    by_conversation = {}
    for answer in answers:
        by_conversation.setdefault(answer.conversation, []).append(answer)
    for conversation, rows in by_conversation.items():
        name = f"checklist-answers-{conversation.school.urn}-{conversation.academic_year}.pdf"
        files[name] = render_pdf(
            "records/pdf/answers.html",
            {"person": person, "conversation": conversation, "school": conversation.school, "answers": rows},
            authority=authority,
        )
    for note in notes:
        name = f"note-of-visit-{note.visit.school.urn}-{note.visit.planned_date:%Y-%m-%d}.pdf"
        files[name] = render_pdf(
            "records/pdf/note.html",
            {"person": person, "note": note, "visit": note.visit, "sections": list(note.sections.all())},
            authority=authority,
        )
    return files
