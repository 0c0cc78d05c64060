"""Reads of visits that serve a person. Scope starts from schools.selectors.school_list_for_user: the schools the
person may see in the authority the page is about."""

from collections import defaultdict, namedtuple
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from classification.models import Band, Entitlement
from classification.selectors import (
    current_framework_for_authority,
    published_band_for_school,
    published_bands_for_schools,
)
from qa_portal.accounts.roles import OFFICER_ROLES, Role
from qa_portal.dates import long_date
from qa_portal.notifications.models import Notification
from qa_portal.permissions import require_perm
from schools.selectors import school_list_for_user

from . import calendar as cal
from .deadlines import deadline_state
from .models import Agenda, CalendarToken, ClosureDay, Contribution, PlanChange, SchoolPaper, Visit, VisitNote
from .papers import paper_slots
from .planner import required_slots

VISIT_RELATED = ("school", "school__authority", "visit_type", "qa_lead")


def visit_list_for_user(user, authority):
    return Visit.objects.filter(school__in=school_list_for_user(user, authority)).select_related(*VISIT_RELATED)


def get_visit_for_user(user, authority, pk, perm="visits.view_visit"):
    visit = visit_list_for_user(user, authority).filter(pk=pk).select_related("note").first()
    if visit is None:
        raise Http404("No such visit in your schools")
    require_perm(user, perm, visit)
    return visit


def get_note_for_user(user, authority, visit_pk, perm="visits.view_note"):
    """The note of a visit the person may see. A school reader sees nothing (404) before it is sent to them."""
    visit = get_visit_for_user(user, authority, visit_pk)
    note = VisitNote.objects.filter(visit=visit).prefetch_related("sections").first()
    if note is None or not user.has_perm("visits.view_note", note):
        raise Http404("No note of this visit for you to see")
    note.visit = visit
    require_perm(user, perm, note)
    return note


def deadlines_of(visit, today, note=None, agenda=None):
    """Readable deadline rows for a visit: (label, due date, state, state label, short notice)."""
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
        done_label = ""
        if state == "done" and label.startswith("Papers"):
            done_label = f"Sent on {long_date(done)}"  # the school's papers: sent by the head (or recorded as received)
        if state == "overdue" and label.startswith("Minutes") and visit.status != Visit.Status.HELD:
            state, state_label = "upcoming", "Not yet due"
        if state == "overdue" and not label.startswith("Minutes") and visit.planned_date <= today:
            state, state_label = "missed", "Not recorded"  # the meeting has happened: no longer chased
        rows.append(
            {
                "label": label,
                "due": due,
                "state": state,
                "state_label": done_label or state_label,
                "done_on": done,
                "done_label": done_label,
                # Planned inside its lead time: the agenda and papers deadlines were shortened (never minutes).
                "short_notice": visit.short_notice and not label.startswith("Minutes"),
            }
        )
    return rows


def plan_schools_for_user(user, authority):
    """The schools on the authority's visit plan, for its officers, by name."""
    if authority is None or authority.pk not in user.authority_ids_for(*OFFICER_ROLES):
        return school_list_for_user(user, None)
    return school_list_for_user(user, authority).order_by("name", "pk")


def plan_for_user(user, authority, *, start_year, schools=None):
    """Rows per school and term: entitlement, planned and held counts, and the visits themselves (bounded queries).

    `schools` (a list or queryset, e.g. one page of `plan_schools_for_user`) defaults to all of the person's."""
    schools = list(plan_schools_for_user(user, authority) if schools is None else schools)
    bands = published_bands_for_schools([s.pk for s in schools])
    band_ids = {band.pk for band in bands.values()}
    band_objs = {b.pk: b for b in Band.objects.filter(pk__in=band_ids).prefetch_related("entitlements")}
    frameworks, terms_by_authority = {}, {}
    for school in schools:
        if school.authority_id not in frameworks:
            frameworks[school.authority_id] = current_framework_for_authority(school.authority_id)
            try:
                terms_by_authority[school.authority_id] = cal.terms_of(
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
    """Visits of one academic year: the authority's (every authority's for None, as the management command may
    ask), and only of the schools `user` may see there when a person asks."""
    visits = Visit.objects.filter(academic_year=start_year)
    if authority is not None:
        visits = visits.filter(school__authority=authority)
    if user is not None:
        visits = visits.filter(school__in=plan_schools_for_user(user, authority))
    return visits.select_related("school", "visit_type", "qa_lead").order_by("school__name", "planned_date", "pk")


def _with_related(qs):
    return qs.select_related(*VISIT_RELATED, "agenda", "note")


def _safe_one_to_one(visit, name):
    try:
        return getattr(visit, name)
    except ObjectDoesNotExist:
        return None


def qa_lead_dashboard(user, authority=None, *, today=None):
    """This week's visits, meeting deadlines due or overdue, and notes awaiting the head (fixed queries), in one
    authority (the home page) or, with authority=None, in every authority the person leads visits in (the weekly
    digest)."""
    today = today or timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    mine = _with_related(Visit.objects.filter(qa_lead=user))
    notes = VisitNote.objects.filter(visit__qa_lead=user, status=VisitNote.Status.SENT)
    if authority is not None:
        mine = mine.filter(school__authority=authority)
        notes = notes.filter(visit__school__authority=authority)
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
    awaiting = list(notes.select_related("visit", "visit__school", "visit__visit_type").order_by("sent_at"))
    return {
        "today": today,
        "week_start": week_start,
        "week_end": week_end,
        "week": week,
        "due": due,
        "awaiting_head": awaiting,
    }


def headteacher_dashboard(user, authority, *, today=None):
    """Upcoming visits, what to send by when, and notes to check, for the head's schools in the authority."""
    today = today or timezone.localdate()
    school_ids = user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
    upcoming = list(
        _with_related(Visit.objects.filter(school_id__in=school_ids, planned_date__gte=today))
        .filter(status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED])
        .order_by("planned_date")[:10]
    )
    # A meeting's papers are due by its papers deadline; once sent they read "Sent on …" until the meeting.
    to_send = [
        {
            "what": "Papers",
            "visit": v,
            "due": v.papers_due,
            "overdue": not v.papers_received_on and v.papers_due < today,
            "sent_on": v.papers_received_on,
        }
        for v in upcoming
        if v.papers_due
    ]
    for v in upcoming:
        if v.papers_due or v.planned_date > today + timedelta(days=28):
            continue
        sent_on = v.papers_received_on
        # A week before the visit, but never before the day it was planned (a visit added at short notice).
        due = max(v.planned_date - timedelta(days=7), timezone.localdate(v.created_at))
        to_send.append(
            {
                "what": "Lines of enquiry and self-evaluation",
                "visit": v,
                "due": due,
                "overdue": not sent_on and due < today,
                "sent_on": sent_on,
            }
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
    titles = visit_titles(visits)
    for row in rows:
        row["title"] = titles[row["visit"].pk]
    return {"rows": rows, "today": today, "written_reports": written_reports_of(school, today=today)}


def visit_titles(visits):
    """{visit pk: what the visit is called}: its type's name, and for a visit an entitlement plans once per trust
    (`scope = "trust"` in its authority's framework in force) at an academy of a trust, the trust's name too:
    "Conversation with the CEO of Oak Trust". One query, whatever the number of visits."""
    visits = list(visits)
    trust_visits = set()
    if any(not visit.school.is_maintained and visit.school.trust_name for visit in visits):
        trust_visits = set(
            Entitlement.objects.filter(
                scope="trust",
                band__framework__is_current=True,
                band__framework__authority_id__in={visit.school.authority_id for visit in visits},
            ).values_list("band__framework__authority_id", "visit_type")
        )
    titles = {}
    for visit in visits:
        name, school = visit.visit_type.name, visit.school
        by_trust = (school.authority_id, visit.visit_type.code) in trust_visits
        if by_trust and not school.is_maintained and school.trust_name:
            name = f"{name} of {school.trust_name}"
        titles[visit.pk] = name
    return titles


def visit_title(visit):
    return visit_titles([visit])[visit.pk]


WrittenReports = namedtuple("WrittenReports", "written owed start_year")


def written_reports_of(school, *, today=None):
    """The written reports the school is owed this academic year (the sum of its published band's entitlements'
    `written_reports`, e.g. Barnsley's "six written reports") against those written: the published notes of its
    visits of the year. None when its band owes none."""
    today = today or timezone.localdate()
    band = published_band_for_school(school)
    if band is None:
        return None
    owed = [e.written_reports for e in band.entitlements.all() if e.written_reports is not None]
    if not owed:
        return None
    start_year = cal.academic_year_for(today)
    written = VisitNote.objects.filter(
        visit__school=school, visit__academic_year=start_year, status=VisitNote.Status.PUBLISHED
    ).count()
    return WrittenReports(written=written, owed=sum(owed), start_year=start_year)


FeedDeadline = namedtuple("FeedDeadline", "kind label due")
FEED_PAST_DAYS = 365  # how far back a person's calendar feed goes


def calendar_feed_for_user(user, *, today=None):
    """[(visit, [FeedDeadline still to meet])] for a person's calendar feed, in every authority: the visits they
    lead and those of their own schools, from a year ago on (fixed queries). A cancelled visit stays while its day
    is still to come (the feed shows it cancelled) and has no deadlines; a deadline leaves once met, as the visit
    page says (deadlines_of: "done"), or once the meeting went past it unrecorded ("missed")."""
    today = today or timezone.localdate()
    school_ids = user.school_ids_for(Role.HEADTEACHER, Role.GOVERNOR)
    visits = (
        _with_related(Visit.objects.filter(Q(qa_lead=user) | Q(school_id__in=school_ids)))
        .filter(planned_date__gte=today - timedelta(days=FEED_PAST_DAYS))
        .exclude(status=Visit.Status.CANCELLED, planned_date__lt=today)
        .order_by("planned_date", "pk")
    )
    entries = []
    for visit in visits:
        deadlines = []
        if visit.status != Visit.Status.CANCELLED:
            note, agenda = _safe_one_to_one(visit, "note"), _safe_one_to_one(visit, "agenda")
            for row in deadlines_of(visit, today, note=note, agenda=agenda):
                if row["state"] not in ("done", "missed"):
                    # The rows are the agenda's, the papers' and the minutes' ("Agenda to the attendees", …).
                    deadlines.append(FeedDeadline(row["label"].split()[0].lower(), row["label"], row["due"]))
        entries.append((visit, deadlines))
    return entries


def calendar_token_of(user):
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_owner(token):
    """The active person whose feed this (secret) address is, else 404."""
    row = CalendarToken.objects.filter(token=token, revoked_at__isnull=True).select_related("user").first()
    if row is None or not row.user.is_active:
        raise Http404("No such calendar")
    return row.user


def recent_plan_changes_for_user(user, authority, *, start_year, limit=20):
    return list(
        PlanChange.objects.filter(school__in=plan_schools_for_user(user, authority), academic_year=start_year)
        .exclude(action="kept")
        .select_related("school")
        .order_by("-created_at", "-pk")[:limit]
    )


def agenda_of(visit):
    return Agenda.objects.filter(visit=visit).first()


def note_of(visit):
    return VisitNote.objects.filter(visit=visit).first()


def contribution_of(visit):
    return Contribution.objects.filter(visit=visit).first()


def band_code_of_visit(visit, framework):
    """The code of the band the school is in for this visit: the band the visit was planned under (its band
    snapshot, matched by label in `framework`), else the school's published band; "" when neither is known."""
    if framework is not None and visit.band_label:
        code = framework.bands.filter(label=visit.band_label).values_list("code", flat=True).first()
        if code:
            return code
    band = published_band_for_school(visit.school)
    return band.code if band is not None else ""


def paper_slots_for_visit(visit):
    """The papers the school is asked to send for this visit (its authority's current framework's
    `meeting_papers` for the school's band, or the default ones), each with the paper sent for it."""
    framework = current_framework_for_authority(visit.school.authority_id)
    band = band_code_of_visit(visit, framework)
    return paper_slots(framework, SchoolPaper.objects.filter(visit=visit), band=band)


def school_paper_of(visit, kind):
    return SchoolPaper.objects.filter(visit=visit, kind=kind).first()


def papers_sent_of(visit, contribution, slots):
    """(sent on, updated on): the day the school's papers were sent (the papers deadline met), and the last day
    they were changed after it (None when not changed since)."""
    sent_on = visit.papers_received_on
    if sent_on is None:
        return None, None
    changes = [slot.paper.updated_at for slot in slots if slot.paper is not None]
    if contribution is not None:
        changes.append(contribution.updated_at)
    last = max((timezone.localtime(when).date() for when in changes), default=None)
    return sent_on, last if last is not None and last > sent_on else None


def closure_days_of(authority):
    return list(ClosureDay.objects.filter(authority=authority).order_by("date"))


def get_term_of_authority(authority, start_year, code):
    """The authority's term as it stands (its own dates or the default ones, unsaved), else 404."""
    term = cal.term_of(authority=authority, start_year=start_year, code=code)
    if term is None:
        raise Http404("No such term")
    return term


def _upcoming(today):
    return Visit.objects.filter(
        planned_date__gte=today, status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED]
    ).order_by("planned_date", "pk")


def next_visit_annotations(today):
    """Annotations for schools: the date and the type of each school's next planned or confirmed visit."""
    upcoming = _upcoming(today).filter(school=OuterRef("pk"))
    return {
        "next_visit_on": Subquery(upcoming.values("planned_date")[:1]),
        "next_visit_type": Subquery(upcoming.values("visit_type__name")[:1]),
    }


def next_visits_of_type(school_ids, visit_type_code, today):
    """{school_id: the school's next planned or confirmed visit of this type} (one query)."""
    found = {}
    for visit in _upcoming(today).filter(school_id__in=school_ids, visit_type__code=visit_type_code):
        found.setdefault(visit.school_id, visit)
    return found


def published_notes_for_schools(school_ids):
    """{school_id: [published notes, newest first]} (one query)."""
    notes = {}
    for note in (
        VisitNote.objects.filter(visit__school_id__in=school_ids, status=VisitNote.Status.PUBLISHED)
        .select_related("visit", "visit__visit_type")
        .order_by("-published_at")
    ):
        notes.setdefault(note.visit.school_id, []).append(note)
    return notes


def _previous_meeting(visit):
    return (
        Visit.objects.filter(
            school=visit.school,
            status=Visit.Status.HELD,
            visit_type__is_meeting=True,
            planned_date__lt=visit.planned_date,
        )
        .order_by("-planned_date", "-pk")
        .first()
    )


def _areas_of_concern(visit):
    """The school's current areas of concern: its band and the next steps of its latest published note."""
    concerns = []
    band = published_band_for_school(visit.school)
    if band is not None:
        concerns.append(f"Current classification: {band.label}")
    note = (
        VisitNote.objects.filter(visit__school=visit.school, status=VisitNote.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if note is not None:
        concerns += [line.strip() for line in note.next_steps.splitlines() if line.strip()]
    return concerns


def agenda_proposal(visit):
    """(items, attendees) a meeting's agenda starts from: the framework's standing items, the previous meeting's
    open actions, the school's areas of concern; the QA lead, the headteacher and the visit type's attendees."""
    framework = current_framework_for_authority(visit.school.authority_id)
    items = []
    if framework is not None:
        for standing in framework.standing_agenda_items.order_by("order", "pk"):
            if standing.visit_type in ("", visit.visit_type.code):
                items.append(standing.title)
    previous = _previous_meeting(visit)
    if previous is not None:
        for action in previous.actions.filter(is_open=True):
            items.append(f"Action from {previous.planned_date:%-d %B %Y}: {action.text}")
    items += [f"Area of concern: {concern}" for concern in _areas_of_concern(visit)]
    attendees = [line for line in visit.visit_type.default_attendees.splitlines() if line.strip()]
    if visit.school.head_name:
        attendees.insert(0, f"{visit.school.head_name}, headteacher")
    if visit.qa_lead:
        attendees.insert(0, f"{visit.qa_lead}, QA lead")
    return items, attendees


def actions_of(visit):
    return list(visit.actions.all())


def plan_changes_of(visit, limit=10):
    return list(visit.plan_changes.all()[:limit])


def sections_of(note):
    return list(note.sections.all())


def school_contacts(school, *, chair=True):
    """The people a note of the school is sent to (the accounts behind accounts.selectors.school_contact_emails):
    its active headteachers and, unless chair=False, its chair of governors; heads first, then by name."""
    rows = school.role_assignments.filter(user__is_active=True).filter(
        Q(role=Role.HEADTEACHER) | Q(role=Role.GOVERNOR, is_chair=True) if chair else Q(role=Role.HEADTEACHER)
    )
    rows = sorted(
        rows.select_related("user").order_by("user__last_name", "user__first_name", "user__pk"),
        key=lambda row: row.role != Role.HEADTEACHER,
    )
    people = {}
    for row in rows:
        people.setdefault(row.user.pk, row.user)
    return list(people.values())


def note_sent_key(note):
    """The key of the notifications that told the school a note was sent for factual accuracy (one per sending)."""
    return f"note-sent:{note.pk}:{note.sent_at.isoformat()}"


def note_sent_to(note):
    """The people the note's last sending for factual accuracy told (none when it told nobody)."""
    if note.sent_at is None:
        return []
    return [n.recipient for n in Notification.objects.filter(key=note_sent_key(note)).select_related("recipient")]
