"""Reads of the register. Every query that serves a person starts from school_list_for_user (the schools the
person may see in the authority the page is about)."""

from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as date_format

from qa_portal.accounts.models import User
from qa_portal.accounts.roles import OFFICER_ROLES, SCHOOL_ROLES
from qa_portal.jobs.models import Job
from qa_portal.permissions import require_perm

from . import register
from .display import (
    CATEGORY_LABELS,
    GRADE_TAGS,
    NO_OVERALL_GRADE_FROM,
    evidence_area_label,
    format_value,
    graded_rows,
    inspection_outcome,
    report_card_rows,
    safeguarding_label,
    sparkline,
    trend_word,
)
from .jobs import JOB_KINDS
from .models import Authority, OfstedInspection, School
from .ofsted import FULL_FRAMEWORKS, REPORT_CARD_AREAS, REPORT_CARD_SCALE, OfstedPosition
from .people import qa_lead_choices  # noqa: F401 (the QA lead form's choices)


def school_list_for_user(user, authority):
    """Schools this person may see in `authority`: all of them for its officers, their own for heads and governors."""
    if authority is None or not user.is_authenticated:
        return School.objects.none()
    schools = School.objects.filter(authority=authority).select_related("authority", "qa_lead")
    if authority.pk in user.authority_ids_for(*OFFICER_ROLES):
        return schools
    return schools.filter(pk__in=user.school_ids_for(*SCHOOL_ROLES, authority_id=authority.pk))


def get_school_for_user(user, authority, urn, perm="schools.view_school_page"):
    """The school with this URN if the person may see it here (else 404) and may take `perm` on it (else 403)."""
    school = school_list_for_user(user, authority).filter(urn=urn).first()
    if school is None:
        raise Http404("No school with that URN in your schools")
    require_perm(user, perm, school)
    return school


def schools_led_by(user, authority):
    return school_list_for_user(user, authority).filter(qa_lead=user)


def school_counts_for_authority(authority):
    """How many schools, how many without a QA lead, and the counts by phase and type group (three queries)."""
    schools = School.objects.filter(authority=authority)
    by_phase = schools.values("phase").annotate(count=Count("pk")).order_by("phase")
    by_group = schools.values("type_group").annotate(count=Count("pk")).order_by("type_group")
    phase_labels, group_labels = dict(School.Phase.choices), dict(School.TypeGroup.choices)
    counts = schools.aggregate(total=Count("pk"), without=Count("pk", filter=Q(qa_lead__isnull=True)))
    return {
        "school_count": counts["total"],
        "without_qa_lead": counts["without"],
        "by_phase": [(phase_labels[row["phase"]], row["count"]) for row in by_phase],
        "by_group": [(group_labels[row["type_group"]], row["count"]) for row in by_group],
    }


# --- QA lead assignment -------------------------------------------------------------------------------------


def schools_without_qa_lead(user, authority):
    """The schools of `authority` this person may see that are open (or about to open) and have no QA lead, by name."""
    return (
        school_list_for_user(user, authority)
        .filter(qa_lead__isnull=True)
        .exclude(status=School.Status.CLOSED)
        .order_by("name", "urn")
    )


def qa_lead_history(school):
    """Who led the school and when, from its history (django-simple-history): [(when, lead or None, by whom)],
    oldest first, one row per change of QA lead (two queries, whatever the history's length)."""
    rows = list(
        school.history.order_by("history_date", "history_id").values("history_date", "qa_lead_id", "history_user_id")
    )
    changes, previous = [], None
    for index, row in enumerate(rows):
        if row["qa_lead_id"] != previous and (index > 0 or row["qa_lead_id"] is not None):
            changes.append(row)
        previous = row["qa_lead_id"]
    people_ids = {row["qa_lead_id"] for row in changes} | {row["history_user_id"] for row in changes}
    people = User.objects.in_bulk([pk for pk in people_ids if pk is not None]) if changes else {}
    return [(row["history_date"], people.get(row["qa_lead_id"]), people.get(row["history_user_id"])) for row in changes]


# --- The register -------------------------------------------------------------------------------------------


def _latest_outcome_inspections():
    """Inspections that give an outcome (graded or report card), newest first, for one school (OuterRef): the
    latest of them is what Ofsted currently says, its category the current one (monitoring inspections keep it)."""
    return OfstedInspection.objects.filter(school=OuterRef("pk"), framework__in=FULL_FRAMEWORKS).order_by(
        "-start_date", "-pk"
    )


def register_queryset(user, authority):
    """The register rows this person may see in `authority`, each with its latest Ofsted outcome and the columns
    other apps register (schools.register): one query, whatever the data. `latest_ofsted_report_card` is the
    latest inspection's report-card grades (its lowest grade is read in Python for the rows shown)."""
    latest = _latest_outcome_inspections()
    schools = school_list_for_user(user, authority).annotate(
        latest_ofsted_date=Subquery(latest.values("start_date")[:1]),
        latest_ofsted_framework=Subquery(latest.values("framework")[:1]),
        latest_ofsted_overall=Subquery(latest.values("overall_effectiveness")[:1]),
        latest_ofsted_category=Subquery(latest.values("category_of_concern")[:1]),
        latest_ofsted_report_card=Subquery(latest.values("report_card_grades")[:1]),
    )
    return register.annotate(schools)


def _any_area_graded(grade):
    condition = Q()
    for key in REPORT_CARD_AREAS:
        condition |= Q(**{f"report_card_grades__{key}": grade})
    return condition


def with_lowest_report_card_grade(schools):
    """Register rows with `latest_ofsted_lowest`: the lowest grade (a ReportCardGrade value) of the school's latest
    inspection when it is a report card, else None. One more subquery, added only by the filter that needs it."""
    lowest = Case(
        *[When(_any_area_graded(grade), then=Value(str(grade))) for grade in reversed(REPORT_CARD_SCALE)],
        default=Value(None),
        output_field=CharField(),
    )
    latest = _latest_outcome_inspections().annotate(
        lowest=Case(
            When(framework=OfstedInspection.Framework.REPORT_CARD, then=lowest),
            default=Value(None),
            output_field=CharField(),
        )
    )
    return schools.annotate(latest_ofsted_lowest=Subquery(latest.values("lowest")[:1]))


def register_page(schools, number, per_page):
    """One page of the register. The page is chosen on the school ids alone, so the per-school columns (latest
    Ofsted outcome, current band) are worked out for the rows shown, not for every row before a late page."""
    page = Paginator(schools.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = {school.pk: school for school in schools.filter(pk__in=ids).order_by()}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def qa_leads_of_schools(schools):
    """QA leads assigned to these schools (for the register filter)."""
    return User.objects.filter(qa_schools__in=schools.values("pk")).distinct().order_by("last_name", "first_name")


def trusts_of_schools(schools):
    return list(schools.exclude(trust_name="").order_by("trust_name").values_list("trust_name", flat=True).distinct())


# --- One school's page ----------------------------------------------------------------------------------------

TREND_YEARS = 3


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def ofsted_summary(inspections):
    """What the school page says of a school's Ofsted history (inspections: the school's, any order): the current
    category of concern and the monitoring since, whether the school is "stuck", the latest report card, the latest
    graded inspection, the latest ungraded one, and the history with each inspection's kind and outcome."""
    position = OfstedPosition.of(inspections)
    history = list(position.inspections)
    for inspection in history:
        inspection.outcome = inspection_outcome(inspection)
        inspection.report_card = report_card_rows(inspection) if inspection.report_card_grades else []
        inspection.safeguarding = safeguarding_label(inspection)
    category = None
    placed = position.category_inspection
    if placed is not None:
        code = position.current_category
        monitoring = position.monitoring_since_category
        label = OfstedInspection.CategoryOfConcern(code).label
        remains = {
            OfstedInspection.CategoryOfConcern.SPECIAL_MEASURES: "Remains in special measures",
            OfstedInspection.CategoryOfConcern.SERIOUS_WEAKNESSES: "Still judged to have serious weaknesses",
        }[code]
        category = {
            "code": code,
            "label": label,
            "placed_by": placed,
            "monitoring": monitoring,
            "monitoring_text": (
                f"{remains} after {_plural(len(monitoring), 'monitoring inspection')}, latest on "
                f"{date_format(monitoring[0].start_date, 'j F Y')}"
                if monitoring
                else ""
            ),
        }
    report_card = position.latest_report_card
    graded = position.latest_graded
    graded_summary = None
    if graded is not None:
        overall = graded.overall_effectiveness
        graded_summary = {
            "inspection": graded,
            # A report card since: this graded inspection is of the framework Ofsted no longer uses.
            "previous_framework": report_card is not None and report_card.start_date > graded.start_date,
            "overall": OfstedInspection.Grade(overall).label if overall else "Not judged",
            "overall_tag": GRADE_TAGS.get(overall, "govuk-tag--grey"),
            "not_judged_reason": (
                "Ofsted stopped giving an overall grade in September 2024."
                if overall is None and graded.start_date >= NO_OVERALL_GRADE_FROM
                else ""
            ),
            "rows": graded_rows(graded),
            "category": CATEGORY_LABELS.get(graded.category_of_concern, ""),
        }
    return {
        "position": position,
        "category": category,
        "stuck": position.stuck,
        "report_card": report_card,
        "graded": graded_summary,
        "ungraded": position.latest_ungraded,
        "history": history,
    }


def school_page_data(school):
    """Everything the school page shows beyond the school row: a fixed number of queries."""
    head_events = list(school.headteacher_events.all())
    ofsted = ofsted_summary(list(school.inspections.all()))
    inspections = ofsted["history"]
    values = list(
        school.indicator_values.select_related("indicator").order_by(
            "indicator__evidence_area", "indicator__name", "period"
        )
    )
    by_indicator = {}
    for value in values:
        by_indicator.setdefault(value.indicator, {})[value.period] = value
    # Each indicator shows its own last TREND_YEARS periods; an evidence area's table has a column for every
    # period any of its rows shows, so a new current-year figure does not hide the earlier years of the others.
    areas = {}
    for indicator, per_period in by_indicator.items():
        recent = sorted(per_period)[-TREND_YEARS:]
        areas.setdefault(indicator.evidence_area, []).append((indicator, {p: per_period[p] for p in recent}))
    indicator_groups = []
    for key in sorted(areas):
        periods = sorted({p for _indicator, recent in areas[key] for p in recent})
        rows = []
        for indicator, recent in areas[key]:
            numbers = [recent[p].value if p in recent else None for p in periods]
            cells = [format_value(indicator.unit, n) if n is not None else "–" for n in numbers]
            latest = recent[max(recent)]
            national = latest.national if latest.national is not None else indicator.national_value
            shown = [(p, c) for p, c, n in zip(periods, cells, numbers, strict=True) if n is not None]
            rows.append(
                {
                    "indicator": indicator,
                    "cells": cells,
                    "latest": format_value(indicator.unit, latest.value),
                    "latest_period": latest.period,
                    "national": format_value(indicator.unit, national) if national is not None else "Not available",
                    "trend": trend_word(indicator, [n for n in numbers if n is not None]),
                    "chart": sparkline(numbers),
                    "chart_label": f"{indicator.name}: " + ", ".join(f"{p} {c}" for p, c in shown),
                }
            )
        indicator_groups.append({"key": key, "label": evidence_area_label(key), "periods": periods, "rows": rows})
    timeline = []
    if school.open_date:
        timeline.append((school.open_date, "Opened", school.establishment_type or "School opened"))
    for event in head_events:
        text = f"{event.name} became {event.job_title or 'headteacher'}"
        if event.previous_name:
            text += f", after {event.previous_name}"
        timeline.append((event.started_on, "New headteacher", text))
    for inspection in inspections:
        detail = inspection.outcome
        if inspection.framework == OfstedInspection.Framework.UNGRADED and inspection.ungraded_outcome:
            detail = f"Ungraded or monitoring inspection: {detail}"  # Ofsted's words alone do not say the kind
        timeline.append((inspection.start_date, "Ofsted inspection", detail))
    for when, lead, by in qa_lead_history(school):
        if lead is None:
            text = "No QA lead"
        else:
            text = f"{lead.get_full_name() or lead.email} became the QA lead"
            if by is not None:
                text += f" (assigned by {by.get_full_name() or by.email})"
        timeline.append((timezone.localdate(when), "QA lead", text))
    if school.close_date:
        timeline.append((school.close_date, "Closed", ""))
    timeline.sort(key=lambda item: item[0], reverse=True)
    address_lines = [
        line for line in (school.street, school.locality, school.town, school.county, school.postcode) if line
    ]
    return {
        "address_lines": address_lines,
        "head_events": head_events,
        "inspections": inspections,
        "ofsted": ofsted,
        "indicator_groups": indicator_groups,
        "timeline": timeline,
    }


def recent_imports(authority, limit=20):
    """The authority's latest import jobs, newest first."""
    return Job.objects.filter(authority=authority, kind__in=JOB_KINDS.values()).select_related("created_by")[:limit]


class UnknownAuthority(LookupError):
    pass


def authority_by_code(code):
    """The authority a command names by its code: `990` (an LA code or trust id), or `la/990` / `trust/TR9903`
    when an LA and a trust share the code. Raises UnknownAuthority with a message saying what to write."""
    kind, _, bare = code.strip().rpartition("/")
    matches = Authority.objects.filter(code=bare)
    if kind:
        matches = matches.filter(kind=kind)
    found = list(matches[:2])
    if not found:
        raise UnknownAuthority(f"No authority with code {code!r}")
    if len(found) > 1:
        raise UnknownAuthority(
            f"Both a local authority and a trust have code {bare!r}: write la/{bare} or trust/{bare}"
        )
    return found[0]


def authority_with_logo(authority_id):
    """The authority whose logo this is (its logo is public to anyone signed in), or 404 when it has none."""
    authority = Authority.objects.filter(pk=authority_id).first()
    if authority is None or not authority.logo:
        raise Http404("This authority has no logo")
    return authority
