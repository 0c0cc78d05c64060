"""Reads of visits that serve a person. Scope starts from schools.selectors.school_list_for_user."""

from collections import defaultdict
from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from classification.selectors import current_framework_for_authority, published_bands_for_schools
from qa_portal.accounts.roles import Role
from qa_portal.permissions import require_perm
from schools.selectors import school_list_for_user

from . import calendar as cal
from .deadlines import deadline_state
from .models import Visit, VisitNote
from .planner import required_slots

VISIT_RELATED = ("school", "school__authority", "visit_type", "qa_lead")


def visit_list_for_user(user):
    return Visit.objects.filter(school__in=school_list_for_user(user)).select_related(*VISIT_RELATED)


def get_visit_for_user(user, pk, perm="visits.view_visit"):
    visit = visit_list_for_user(user).filter(pk=pk).select_related("note").first()
    if visit is None:
        raise Http404("No such visit in your schools")
    require_perm(user, perm, visit)
    return visit


def get_note_for_user(user, visit_pk, perm="visits.view_note"):
    """The note of a visit the person may see. A school reader sees nothing (404) before it is sent to them."""
    visit = get_visit_for_user(user, visit_pk)
    note = VisitNote.objects.filter(visit=visit).prefetch_related("sections").first()
    if note is None or not user.has_perm("visits.view_note", note):
        raise Http404("No note of this visit for you to see")
    note.visit = visit
    require_perm(user, perm, note)
    return note


def deadlines_of(visit, today, note=None, agenda=None):
    """Readable deadline rows for a visit: (label, due date, state, state label)."""
    if not visit.visit_type.is_meeting:
        return []
    minutes_done = None
    if note is not None and note.sent_at:
        minutes_done = timezone.localtime(note.sent_at).date()
    agenda_done = timezone.localtime(agenda.circulated_at).date() if agenda and agenda.circulated_at else None
    rows = []
    for label, due, done in (
        ("Agenda to the attendees", visit.agenda_due, agenda_done),
        ("Papers from the school", visit.papers_due, visit.papers_received_on),
        ("Minutes to the headteacher", visit.minutes_due, minutes_done),
    ):
        if due is None:
            continue
        state, state_label = deadline_state(due, done, today)
        if state == "overdue" and label.startswith("Minutes") and visit.status != Visit.Status.HELD:
            state, state_label = "upcoming", "Not yet due"
        if state == "overdue" and not label.startswith("Minutes") and visit.planned_date <= today:
            state, state_label = "missed", "Not recorded"  # the meeting has happened: no longer chased
        rows.append({"label": label, "due": due, "state": state, "state_label": state_label, "done_on": done})
    return rows


def plan_schools_for_user(user):
    """The schools on a person's visit plan: those of the authorities they are an officer of, by name."""
    return (
        school_list_for_user(user)
        .filter(authority_id__in=user.authority_ids_for(Role.QA_LEAD, Role.DIRECTOR, Role.AUTHORITY_ADMIN))
        .select_related("authority", "qa_lead")
        .order_by("name", "pk")
    )


def plan_for_user(user, *, start_year, schools=None):
    """Rows per school and term: entitlement, planned and held counts, and the visits themselves (bounded queries).

    `schools` (a list or queryset, e.g. one page of `plan_schools_for_user`) defaults to all of the person's."""
    schools = list(plan_schools_for_user(user) if schools is None else schools)
    bands = published_bands_for_schools([s.pk for s in schools])
    band_ids = {band.pk for band in bands.values()}
    from classification.models import Band

    band_objs = {b.pk: b for b in Band.objects.filter(pk__in=band_ids).prefetch_related("entitlements")}
    frameworks, terms_by_authority = {}, {}
    for school in schools:
        if school.authority_id not in frameworks:
            frameworks[school.authority_id] = current_framework_for_authority(school.authority_id)
            try:
                terms_by_authority[school.authority_id] = cal.terms_for(
                    authority=school.authority, start_year=start_year
                )
            except ValueError:
                terms_by_authority[school.authority_id] = []
    visits = defaultdict(list)
    for visit in (
        Visit.objects.filter(school__in=[s.pk for s in schools], academic_year=start_year)
        .select_related("visit_type", "qa_lead")
        .order_by("planned_date")
    ):
        visits[visit.school_id].append(visit)
    rows = []
    for school in schools:
        terms = terms_by_authority[school.authority_id]
        band = bands.get(school.pk)
        band = band_objs.get(band.pk) if band else None
        framework = frameworks[school.authority_id]
        slots = (
            required_slots(school=school, framework=framework, band=band, terms=terms) if framework and terms else []
        )
        per_term = []
        for term in terms:
            term_visits = [v for v in visits[school.pk] if v.term == term.code]
            per_term.append(
                {
                    "term": term,
                    "entitled": sum(1 for s in slots if s.term == term.code),
                    "planned": sum(1 for v in term_visits if v.status != Visit.Status.CANCELLED),
                    "held": sum(1 for v in term_visits if v.status == Visit.Status.HELD),
                    "visits": term_visits,
                }
            )
        rows.append({"school": school, "band": band, "framework": framework, "terms": per_term})
    return rows


CSV_COLUMNS = [
    "urn",
    "school",
    "framework",
    "band",
    "academic_year",
    "term",
    "visit_type",
    "planned_date",
    "agenda_due",
    "papers_due",
    "minutes_due",
    "qa_lead",
    "status",
]


def plan_csv_rows(visits):
    """One row per visit with exactly CSV_COLUMNS (dates ISO, empty where not a meeting)."""

    def iso(value):
        return value.isoformat() if value else ""

    for visit in visits:
        yield [
            visit.school.urn,
            visit.school.name,
            visit.framework_name,
            visit.band_label,
            visit.academic_year_label,
            visit.get_term_display(),
            visit.visit_type.name,
            iso(visit.planned_date),
            iso(visit.agenda_due),
            iso(visit.papers_due),
            iso(visit.minutes_due),
            str(visit.qa_lead) if visit.qa_lead else "",
            visit.get_status_display(),
        ]


def plan_visits_for_export(*, start_year, authority=None, user=None):
    visits = Visit.objects.filter(academic_year=start_year)
    if user is not None:
        visits = visits.filter(school__in=school_list_for_user(user))
    if authority is not None:
        visits = visits.filter(school__authority=authority)
    return visits.select_related("school", "visit_type", "qa_lead").order_by("school__name", "planned_date", "pk")


def _with_related(qs):
    return qs.select_related(*VISIT_RELATED, "agenda", "note")


def _safe_one_to_one(visit, name):
    try:
        return getattr(visit, name)
    except Exception:
        return None


def qa_lead_dashboard(user, *, today=None):
    """This week's visits, meeting deadlines due or overdue, and notes awaiting the head (fixed queries)."""
    today = today or timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    mine = _with_related(Visit.objects.filter(qa_lead=user))
    week = list(
        mine.filter(planned_date__range=(week_start, week_end))
        .exclude(status=Visit.Status.CANCELLED)
        .order_by("planned_date")
    )
    open_meetings = list(
        mine.filter(visit_type__is_meeting=True)
        .exclude(status=Visit.Status.CANCELLED)
        .filter(planned_date__gte=today - timedelta(days=60), planned_date__lte=today + timedelta(days=28))
    )
    due = []
    for visit in open_meetings:
        note, agenda = _safe_one_to_one(visit, "note"), _safe_one_to_one(visit, "agenda")
        for row in deadlines_of(visit, today, note=note, agenda=agenda):
            if row["state"] in ("overdue", "due_soon"):
                due.append(
                    {"label": row["label"], "due": row["due"], "overdue": row["state"] == "overdue", "visit": visit}
                )
    due.sort(key=lambda item: item["due"])
    awaiting = list(
        VisitNote.objects.filter(visit__qa_lead=user, status=VisitNote.Status.SENT)
        .select_related("visit", "visit__school", "visit__visit_type")
        .order_by("sent_at")
    )
    return {
        "today": today,
        "week_start": week_start,
        "week_end": week_end,
        "week": week,
        "due": due,
        "awaiting_head": awaiting,
    }


def headteacher_dashboard(user, *, today=None):
    """Upcoming visits, what to send by when, and notes to check, for the head's schools."""
    today = today or timezone.localdate()
    school_ids = user.school_ids_for(Role.HEADTEACHER)
    upcoming = list(
        _with_related(Visit.objects.filter(school_id__in=school_ids, planned_date__gte=today))
        .select_related("contribution")
        .filter(status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED])
        .order_by("planned_date")[:10]
    )
    to_send = [
        {"what": "Papers", "visit": v, "due": v.papers_due, "overdue": v.papers_due < today}
        for v in upcoming
        if v.papers_due and not v.papers_received_on
    ]
    for v in upcoming:
        if _safe_one_to_one(v, "contribution") is None and v.planned_date <= today + timedelta(days=28):
            due = v.planned_date - timedelta(days=7)
            to_send.append(
                {"what": "Lines of enquiry and self-evaluation", "visit": v, "due": due, "overdue": due < today}
            )
    to_send.sort(key=lambda item: item["due"])
    to_check = list(
        VisitNote.objects.filter(visit__school_id__in=school_ids, status=VisitNote.Status.SENT)
        .select_related("visit", "visit__school", "visit__visit_type")
        .order_by("sent_at")
    )
    return {"today": today, "upcoming": upcoming, "to_send": to_send, "to_check": to_check}


def school_visits_panel(user, school, *, today=None):
    """Upcoming visits and deadlines for one school's page."""
    today = today or timezone.localdate()
    visits = list(
        _with_related(Visit.objects.filter(school=school, planned_date__gte=today - timedelta(days=30)))
        .exclude(status=Visit.Status.CANCELLED)
        .order_by("planned_date")[:12]
    )
    rows = []
    for visit in visits:
        note, agenda = _safe_one_to_one(visit, "note"), _safe_one_to_one(visit, "agenda")
        rows.append({"visit": visit, "deadlines": deadlines_of(visit, today, note=note, agenda=agenda)})
    return {"rows": rows, "today": today}


def ical_visits_for_user(user):
    """Visits for a person's calendar: the ones they lead and those of their own schools."""
    from django.db.models import Q

    school_ids = user.school_ids_for(Role.HEADTEACHER, Role.GOVERNOR)
    return (
        Visit.objects.filter(Q(qa_lead=user) | Q(school_id__in=school_ids))
        .exclude(status=Visit.Status.CANCELLED)
        .select_related("school", "visit_type")
        .order_by("planned_date")
    )


def calendar_authority_for_user(user):
    """The authority whose calendar this person may edit (authority admins only), else 404."""
    from schools.models import Authority

    authority = Authority.objects.filter(pk__in=user.authority_ids_for(Role.AUTHORITY_ADMIN)).first()
    if authority is None:
        raise Http404("Only an authority admin can change the calendar")
    return authority


def recent_plan_changes_for_user(user, *, start_year, limit=20):
    from .models import PlanChange

    return list(
        PlanChange.objects.filter(school__in=school_list_for_user(user), academic_year=start_year)
        .exclude(action="kept")
        .select_related("school")
        .order_by("-created_at", "-pk")[:limit]
    )
