"""Reads for the audit log and for a person's personal data, always within the authority the page is about."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import F, IntegerField, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from qa_portal.accounts.models import RoleAssignment, User
from schools.models import School

from .audited import AUDITED, BY_KEY

PAGE_SIZE = 50
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Bookkeeping columns every audited model has; a change to them alone is not worth naming.
NOT_NAMED = ("updated_at", "updated_by", "created_at", "created_by", "edit_version")
REASON_FIELDS = ("reason", "rationale")


@dataclass(frozen=True)
class AuditFilters:
    school_id: int | None = None
    person_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    when: object
    person: str
    what: str
    change_type: str
    why: str


def _person(entry):
    """Who made a change: the signed-in person the request recorded, or else the writer the row itself names
    (AuditedModel.updated_by, stamped by every service; changes made outside a request have no history user)."""
    fields = {field.name for field in entry.history_model._meta.get_fields()}
    if "updated_by" in fields:
        return Coalesce(F("history_user"), F("updated_by"))
    return F("history_user")


def history_rows(authority, filters, entries=AUDITED):
    """One union query over the historical tables: (history_date, history_id, key, school id, person id) rows."""
    queries = []
    for entry in entries:
        if filters.school_id is not None and not entry.school:
            continue
        history = entry.history_model.objects.filter(**{entry.authority: authority}).annotate(person_ref=_person(entry))
        if filters.school_id is not None:
            history = history.filter(**{entry.school: filters.school_id})
        if filters.person_id is not None:
            history = history.filter(person_ref=filters.person_id)
        if filters.date_from is not None:
            history = history.filter(history_date__date__gte=filters.date_from)
        if filters.date_to is not None:
            history = history.filter(history_date__date__lte=filters.date_to)
        school = F(entry.school) if entry.school else Value(None, IntegerField())
        queries.append(
            history.annotate(audited=Value(entry.key), school_ref=school)
            .order_by()
            .values_list("history_date", "history_id", "audited", "school_ref", "person_ref")
        )
    if not queries:
        return RoleAssignment.history.none().values_list("history_date")
    first, *rest = queries
    # Rows of different tables saved in the same instant come in a fixed order (by table, then id), whatever ids
    # the tables' sequences have reached.
    order = ("-history_date", "-audited", "-history_id")
    return first.union(*rest, all=True).order_by(*order) if rest else first.order_by(*order)


def person_name(user):
    return user.get_full_name() or user.email


def _changed_fields(record):
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=NOT_NAMED)
    fields = record.instance_type._meta.concrete_fields
    changed = set(delta.changed_fields)
    return [str(field.verbose_name) for field in fields if field.name in changed]


def _what(entry, record, school):
    if entry.describe is not None:
        what = entry.describe(record) + (f" at {school.name}" if school is not None else "")
    elif school is not None:
        what = f"{entry.label} of {school.name}"
    elif entry.name:
        what = f"{entry.label} {getattr(record, entry.name)}"
    else:
        what = entry.label
    if record.history_type == "~":
        changed = _changed_fields(record)
        if changed:
            what += " — changed: " + ", ".join(changed)
    return what


def change_reason(record):
    if record.history_change_reason:
        return record.history_change_reason
    for field in REASON_FIELDS:
        value = getattr(record, field, "")
        if value:
            return value
    return ""


def audit_log_page(authority, filters, page_number):
    """A page (PAGE_SIZE rows, newest first) of the authority's audit log; each row an AuditRow."""
    page = Paginator(history_rows(authority, filters), PAGE_SIZE).get_page(page_number)
    keys = list(page.object_list)
    ids_by_model = {}
    for _when, history_id, key, _school, _user in keys:
        ids_by_model.setdefault(key, []).append(history_id)
    records = {}
    for key, ids in ids_by_model.items():
        for record in BY_KEY[key].history_model.objects.filter(history_id__in=ids):
            records[key, record.history_id] = record
    schools = School.objects.in_bulk({school for *_rest, school, _user in keys if school})
    people = User.objects.in_bulk({user for *_rest, user in keys if user})
    rows = []
    for when, history_id, key, school_id, user_id in keys:
        record = records[key, history_id]
        rows.append(
            AuditRow(
                when=when,
                person=person_name(people[user_id]) if user_id else "The service",
                what=_what(BY_KEY[key], record, schools.get(school_id)),
                change_type=CHANGE_TYPES[record.history_type],
                why=change_reason(record),
            )
        )
    page.object_list = rows
    return page


def audit_people(authority):
    """Everyone who has held a role in the authority (current or past), for the person filter."""
    ids = RoleAssignment.history.filter(authority=authority).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


def audit_schools(authority):
    return School.objects.filter(authority=authority).order_by("name")


def get_person_in_authority(authority, person_id):
    """A person holding a role in the authority now; anyone else is 404."""
    person = User.objects.filter(pk=person_id, roles__authority=authority).distinct().first()
    if person is None:
        raise Http404("No such person in this authority")
    return person


def roles_held(person):
    return list(RoleAssignment.objects.filter(user=person).select_related("authority", "school").order_by("pk"))
