"""The numbers on the director's dashboard. Each section is a fixed number of aggregate queries, whatever the
number of schools, visits or years (tests assert the bound at two data sizes)."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from classification.models import Assessment, Band, Cadence, Classification
from classification.selectors import assessment_due_since
from governance.models import Conversation, EscalationStep, WarningNotice
from qa_portal.data_versions import authority_data_version
from qa_portal.page_cache import page_cache_enabled
from qa_portal.tables import Table
from schools.models import IndicatorValue, OfstedInspection, School
from schools.ofsted import FULL_FRAMEWORKS
from visits.calendar import academic_year_for, year_label
from visits.models import Visit, VisitNote

from .models import TermlyReport

VACANCY_THRESHOLD = 25
CACHE_SECONDS = 15 * 60  # a safety net: changes already recalculate it (qa_portal.data_versions)
OFSTED_COLUMNS = [
    (1, "Outstanding"),
    (2, "Good"),
    (3, "Requires improvement"),
    (4, "Inadequate"),
    ("ungraded", "No overall grade (report card or not judged)"),
    (None, "No inspection on record"),
]


@dataclass(frozen=True)
class Filters:
    phase: str = ""
    type_group: str = ""
    qa_lead_id: int | None = None

    def rows_of_schools_in_scope(self, authority, prefix="school__"):
        """Q for rows (visits, conversations, indicator values) of the open schools in scope, joined directly on
        the school's columns: PostgreSQL then reads the authority's schools by index rather than hashing every
        school in the country against an IN (...) list."""
        q = Q(**{f"{prefix}authority": authority}) & ~Q(**{f"{prefix}status": School.Status.CLOSED})
        chosen = {"phase": self.phase, "type_group": self.type_group, "qa_lead_id": self.qa_lead_id}
        for name, value in chosen.items():
            if value:
                q &= Q(**{f"{prefix}{name}": value})
        return q

    def as_dict(self):
        return {
            k: v
            for k, v in {"phase": self.phase, "type_group": self.type_group, "qa_lead": self.qa_lead_id}.items()
            if v
        }


def schools_in_scope(authority, filters):
    return School.objects.filter(filters.rows_of_schools_in_scope(authority, prefix=""))


def _end_of(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def band_at(on_date):
    """Subquery: the band id of the school's latest classification published on or before `on_date`."""
    return Subquery(
        Classification.objects.filter(
            school=OuterRef("pk"), published_at__isnull=False, published_at__lte=_end_of(on_date)
        )
        .order_by("-published_at", "-pk")
        .values("band_id")[:1]
    )


def _latest_inspection(field_name):
    """Subquery: `field_name` of the school's latest graded or report-card inspection, what Ofsted currently says
    of it. Ungraded and monitoring inspections are left out: they never remove a category of concern."""
    return Subquery(
        OfstedInspection.objects.filter(school=OuterRef("pk"), framework__in=FULL_FRAMEWORKS)
        .order_by("-start_date", "-pk")
        .values(field_name)[:1]
    )


def _bands_of(authority):
    """Every band of every framework version the authority has used, by id (one query)."""
    return {band.pk: band for band in Band.objects.filter(framework__authority=authority).select_related("framework")}


def _band_key(band):
    # Bands are compared by framework and code, so a new version of a framework keeps its history.
    return (band.framework.slug, band.code)


@dataclass
class BandRow:
    framework: str
    label: str
    colour: str
    severity: int
    now: int = 0
    year_ago: int = 0


def band_counts(authority, filters, today):
    bands = _bands_of(authority)
    schools = schools_in_scope(authority, filters)
    year_ago = today - timedelta(days=365)
    now_counts = schools.annotate(b=band_at(today)).values("b").annotate(n=Count("pk")).order_by()
    then_counts = schools.annotate(b=band_at(year_ago)).values("b").annotate(n=Count("pk")).order_by()
    rows = {}
    current = {}
    for band in sorted(bands.values(), key=lambda b: (b.framework.slug, -b.framework.version)):
        key = _band_key(band)
        current.setdefault(key, band)
    for key, band in current.items():
        rows[key] = BandRow(band.framework.name, band.label, band.colour, band.severity)
    unclassified = BandRow("", "Not yet classified", "grey", -1)
    for counts, attr in ((now_counts, "now"), (then_counts, "year_ago")):
        for row in counts:
            target = rows[_band_key(bands[row["b"]])] if row["b"] in bands else unclassified
            setattr(target, attr, getattr(target, attr) + row["n"])
    ordered = sorted(rows.values(), key=lambda r: (r.framework, r.severity))
    in_use = [row for row in ordered if row.now or row.year_ago]
    if unclassified.now or unclassified.year_ago:
        in_use.append(unclassified)
    return in_use, year_ago


def band_counts_table(rows, year_ago):
    return Table(
        slug="schools-per-band",
        caption="Schools per band",
        headers=["Framework", "Band", "Schools now", f"Schools on {year_ago:%-d %B %Y}"],
        rows=[[r.framework, r.label, r.now, r.year_ago] for r in rows],
        row_header_index=1,
        numeric_from=2,
    )


def band_movements(authority, filters, from_date, to_date):
    """A from/to matrix of bands between two dates (schools classified at either date)."""
    bands = _bands_of(authority)
    schools = schools_in_scope(authority, filters)
    pairs = (
        schools.annotate(f=band_at(from_date), t=band_at(to_date)).values("f", "t").annotate(n=Count("pk")).order_by()
    )
    labels = {}
    for band in bands.values():
        labels.setdefault(_band_key(band), (band.framework.slug, band.severity, band.label))
    none_key = ("", "")
    keys_in_use = set()
    cells = {}
    for row in pairs:
        from_key = _band_key(bands[row["f"]]) if row["f"] in bands else none_key
        to_key = _band_key(bands[row["t"]]) if row["t"] in bands else none_key
        if from_key == none_key and to_key == none_key:
            continue
        keys_in_use.update({from_key, to_key})
        cells[(from_key, to_key)] = cells.get((from_key, to_key), 0) + row["n"]
    ordered = sorted((k for k in keys_in_use if k != none_key), key=lambda k: labels[k][:2])
    if none_key in keys_in_use:
        ordered.append(none_key)

    def label(key):
        return labels[key][2] if key in labels else "Not classified"

    headers = [f"From ({from_date:%-d %b %Y}) / to ({to_date:%-d %b %Y})", *[label(k) for k in ordered]]
    table_rows = [[label(f), *[cells.get((f, t), 0) for t in ordered]] for f in ordered]
    moved = sum(n for (f, t), n in cells.items() if f != t)
    return Table(slug="band-movements", caption="Band movements", headers=headers, rows=table_rows), moved


def _severe_band_ids(bands):
    """The two most severe bands of each framework (not the academy track)."""
    by_framework = {}
    for band in bands.values():
        if not band.is_academy_track:
            by_framework.setdefault(band.framework_id, []).append(band)
    severe = set()
    for framework_bands in by_framework.values():
        severities = sorted({b.severity for b in framework_bands}, reverse=True)[:2]
        severe.update(b.pk for b in framework_bands if b.severity in severities)
    return severe


def causing_concern(schools, bands, today):
    """The schools of `schools` causing concern today, each annotated with why: in one of the two most severe bands
    of its framework (`bands`: every band of their authorities' frameworks, by id), in an Ofsted category of
    concern, with a warning notice not complied with (or not yet answered), or on the escalation ladder."""
    active_notice = WarningNotice.objects.filter(school=OuterRef("pk")).filter(
        Q(outcome="") | Q(outcome=WarningNotice.Outcome.NOT_COMPLIED)
    )
    return schools.annotate(
        band_id_now=band_at(today),
        category=_latest_inspection("category_of_concern"),
        warning_notice=Exists(active_notice),
        escalated=Exists(EscalationStep.objects.filter(school=OuterRef("pk"))),
    ).filter(
        Q(band_id_now__in=_severe_band_ids(bands))
        | Q(category__in=["SM", "SWK"])
        | Q(warning_notice=True)
        | Q(escalated=True)
    )


def schools_causing_concern(authority, filters, today):
    bands = _bands_of(authority)
    severe = _severe_band_ids(bands)
    schools = (
        causing_concern(schools_in_scope(authority, filters), bands, today).select_related("qa_lead").order_by("name")
    )
    category_labels = dict(OfstedInspection.CategoryOfConcern.choices)
    rows = []
    for school in schools:
        band = bands.get(school.band_id_now)
        reasons = []
        if school.band_id_now in severe:
            reasons.append(f"Band: {band.label}")
        if school.category:
            reasons.append(f"Ofsted: {category_labels.get(school.category, school.category)}")
        if school.warning_notice:
            reasons.append("Warning notice")
        if school.escalated:
            reasons.append("On the escalation ladder")
        rows.append(
            [
                school.name,
                school.urn,
                band.label if band else "Not classified",
                "; ".join(reasons),
                str(school.qa_lead or ""),
            ]
        )
    return Table(
        slug="schools-causing-concern",
        caption="Schools causing concern",
        headers=["School", "URN", "Band", "Why", "QA lead"],
        rows=rows,
        numeric_from=99,
    )


def _ofsted_column(grade, framework):
    if grade in (1, 2, 3, 4):
        return grade
    if framework is None:
        return None
    return "ungraded"


def band_against_ofsted(authority, filters, today):
    """Cross-tab of the current band against the latest Ofsted outcome, and Spearman's rank correlation between
    band severity and Ofsted grade (1 = outstanding … 4 = inadequate) over schools that have both."""
    bands = _bands_of(authority)
    grouped = (
        schools_in_scope(authority, filters)
        .annotate(
            b=band_at(today), grade=_latest_inspection("overall_effectiveness"), fw=_latest_inspection("framework")
        )
        .values("b", "grade", "fw")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {}
    pairs = []
    band_keys = {}
    for row in grouped:
        band = bands.get(row["b"])
        if band is None:
            continue
        key = _band_key(band)
        band_keys.setdefault(key, band)
        column = _ofsted_column(row["grade"], row["fw"])
        cells[(key, column)] = cells.get((key, column), 0) + row["n"]
        if column in (1, 2, 3, 4):
            pairs.extend([(band.severity, column)] * row["n"])
    ordered = sorted(band_keys, key=lambda k: (k[0], band_keys[k].severity))
    table = Table(
        slug="band-against-ofsted",
        caption="Current band against the latest Ofsted outcome",
        headers=["Band", *[label for _code, label in OFSTED_COLUMNS]],
        rows=[[band_keys[k].label, *[cells.get((k, code), 0) for code, _label in OFSTED_COLUMNS]] for k in ordered],
    )
    return table, spearman(pairs), len(pairs)


def spearman(pairs):
    """Spearman's rho with average ranks for ties; None when it cannot be computed."""
    if len(pairs) < 3:
        return None
    xs = _ranks([p[0] for p in pairs])
    ys = _ranks([p[1] for p in pairs])
    n = len(pairs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = average
        i = j + 1
    return ranks


def _compliance(held, due):
    return None if not due else round(100 * held / due)


def _visits(authority, filters, start_year):
    return Visit.objects.filter(filters.rows_of_schools_in_scope(authority), academic_year=start_year)


def visit_compliance(authority, filters, today):
    """Visits owed (planned, not cancelled, due by today) against visits held, per term and per QA lead."""
    start_year = academic_year_for(today)
    visits = _visits(authority, filters, start_year)
    counts = {
        "planned": Count("pk", filter=~Q(status=Visit.Status.CANCELLED)),
        "due": Count("pk", filter=~Q(status=Visit.Status.CANCELLED) & Q(planned_date__lte=today)),
        "held": Count("pk", filter=Q(status=Visit.Status.HELD)),
    }
    by_term = {row["term"]: row for row in visits.values("term").annotate(**counts).order_by()}
    term_rows = []
    for code, label in Visit._meta.get_field("term").choices:
        row = by_term.get(code, {"planned": 0, "due": 0, "held": 0})
        term_rows.append([label, row["planned"], row["due"], row["held"], _percent(row["held"], row["due"])])
    by_lead = (
        visits.values("qa_lead_id", "qa_lead__first_name", "qa_lead__last_name")
        .annotate(**counts)
        .order_by("qa_lead__last_name", "qa_lead__first_name")
    )
    lead_rows = [
        [
            f"{row['qa_lead__first_name']} {row['qa_lead__last_name']}".strip() or "No QA lead",
            row["planned"],
            row["due"],
            row["held"],
            _percent(row["held"], row["due"]),
        ]
        for row in by_lead
    ]
    headers = ["Planned this year", "Due by today", "Held", "Compliance"]
    return (
        Table(
            slug="visits-per-term",
            caption=f"Visits owed and held per term, {year_label(start_year)}",
            headers=["Term", *headers],
            rows=term_rows,
        ),
        Table(
            slug="visits-per-qa-lead",
            caption=f"Visits owed and held per QA lead, {year_label(start_year)}",
            headers=["QA lead", *headers],
            rows=lead_rows,
        ),
    )


def _percent(held, due):
    value = _compliance(held, due)
    return "–" if value is None else f"{value}%"


def overdue_minutes_since(today):
    """Overdue minutes are chased for this academic year's meetings and last year's. Older ones stay on each
    visit's page; listing them here would make the list (and its query) grow with every year of history."""
    return date(academic_year_for(today) - 1, 9, 1)


def overdue_work(authority, filters, today):
    """Overdue agendas and minutes, and notes waiting for the headteacher's factual-accuracy check."""
    visits = Visit.objects.filter(filters.rows_of_schools_in_scope(authority)).select_related(
        "school", "visit_type", "qa_lead"
    )
    agendas = visits.filter(
        visit_type__is_meeting=True,
        status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
        agenda_due__lt=today,
    ).filter(Q(agenda__isnull=True) | Q(agenda__circulated_at__isnull=True))
    minutes_since = overdue_minutes_since(today)
    minutes = visits.filter(
        visit_type__is_meeting=True,
        status=Visit.Status.HELD,
        minutes_due__lt=today,
        minutes_due__gte=minutes_since,
    ).filter(Q(note__isnull=True) | Q(note__status=VisitNote.Status.DRAFT))
    awaiting = visits.filter(note__status=VisitNote.Status.SENT).select_related("note")

    def rows(queryset, due_field):
        return [
            [v.school.name, v.visit_type.name, v.planned_date, getattr(v, due_field), str(v.qa_lead or "")]
            for v in queryset.order_by(due_field, "school__name")
        ]

    return (
        Table(
            slug="overdue-agendas",
            caption="Overdue agendas",
            headers=["School", "Meeting", "Meeting date", "Agenda was due", "QA lead"],
            rows=rows(agendas, "agenda_due"),
            numeric_from=99,
        ),
        Table(
            slug="overdue-minutes",
            caption=f"Overdue minutes of meetings since {minutes_since:%-d %B %Y}",
            headers=["School", "Meeting", "Meeting date", "Minutes were due", "QA lead"],
            rows=rows(minutes, "minutes_due"),
            numeric_from=99,
        ),
        Table(
            slug="notes-awaiting-factual-accuracy",
            caption="Notes awaiting the headteacher's factual-accuracy check",
            headers=["School", "Visit", "Visit date", "Sent to the headteacher", "QA lead"],
            rows=[
                [
                    v.school.name,
                    v.visit_type.name,
                    v.planned_date,
                    timezone.localdate(v.note.sent_at) if v.note.sent_at else "",
                    str(v.qa_lead or ""),
                ]
                for v in awaiting.order_by("note__sent_at", "school__name")
            ],
            numeric_from=99,
        ),
    )


def written_reports(authority, filters, today):
    """Per school whose band owes written reports (its entitlements' `written_reports`, e.g. Barnsley's "six written
    reports"), those owed this academic year against those written: the published notes of its visits of the year.
    A band of an earlier framework version owes what the version in force's band of its code owes. Three queries."""
    start_year = academic_year_for(today)
    bands = {
        band.pk: band
        for band in Band.objects.filter(framework__authority=authority)
        .select_related("framework")
        .annotate(owed=Sum("entitlements__written_reports"))
    }
    in_force = {band.code: band for band in bands.values() if band.framework.is_current}
    schools = (
        schools_in_scope(authority, filters)
        .annotate(band_id=band_at(today))
        .filter(band_id__isnull=False)
        .order_by("name", "pk")
        .values_list("pk", "name", "band_id")
    )
    written = dict(
        VisitNote.objects.filter(
            filters.rows_of_schools_in_scope(authority, prefix="visit__school__"),
            visit__academic_year=start_year,
            status=VisitNote.Status.PUBLISHED,
        )
        .values("visit__school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("visit__school_id", "n")
    )
    rows = []
    for school_id, name, band_id in schools:
        band = bands.get(band_id)
        if band is None:
            continue
        band = in_force.get(band.code, band)
        if band.owed is None:
            continue
        rows.append([name, band.label, band.owed, written.get(school_id, 0)])
    return Table(
        slug="written-reports",
        caption=f"Written reports owed against written, {year_label(start_year)}",
        headers=["School", "Band", "Written reports owed this year", "Written"],
        rows=rows,
        numeric_from=2,
    )


def assessments_due(authority, filters, today):
    """Schools with no completed assessment since the start of the framework's reassessment period (its
    `reassess_every`: Barnsley's monthly risk register, West Somerset's termly risk assessment, otherwise yearly),
    with their last completed assessment. Two queries."""
    cadence, since = assessment_due_since(authority, today)
    last_complete = (
        Assessment.objects.filter(school_id=OuterRef("pk"), status=Assessment.Status.COMPLETE)
        .order_by("-assessed_on", "-pk")
        .values("assessed_on")[:1]
    )
    rows = [
        [
            name,
            f"{first} {last_name}".strip() or email or "No QA lead",
            last.strftime("%-d %B %Y") if last else "Never",
        ]
        for name, first, last_name, email, last in schools_in_scope(authority, filters)
        .annotate(last=Subquery(last_complete))
        .filter(Q(last__isnull=True) | Q(last__lt=since))
        .order_by("name", "pk")
        .values_list("name", "qa_lead__first_name", "qa_lead__last_name", "qa_lead__email", "last")
    ]
    return Table(
        slug="assessments-due",
        caption=(
            f"Assessments due: reassessed {Cadence(cadence).label}, none completed since {since.strftime('%-d %B %Y')}"
        ),
        headers=["School", "QA lead", "Last completed assessment"],
        rows=rows,
        numeric_from=3,
    )


def governance_summary(authority, filters, today):
    start_year = academic_year_for(today)
    schools = schools_in_scope(authority, filters)
    maintained = schools.filter(is_maintained=True)
    conversations = Conversation.objects.filter(
        filters.rows_of_schools_in_scope(authority), school__is_maintained=True, academic_year=start_year
    )
    status = conversations.aggregate(
        agreed=Count("pk", filter=Q(status=Conversation.Status.AGREED)),
        started=Count("pk"),
        overdue=Count("pk", filter=~Q(status=Conversation.Status.AGREED) & Q(due_by__lt=today)),
    )
    due = maintained.count()
    period = year_label(start_year)
    high_vacancy = (
        IndicatorValue.objects.filter(
            filters.rows_of_schools_in_scope(authority),
            indicator__code="governor_vacancies_pct",
            period=period,
            value__gt=VACANCY_THRESHOLD,
        )
        .select_related("school")
        .order_by("-value", "school__name")
    )
    vacancy_rows = [[v.school.name, v.school.urn, float(v.value)] for v in high_vacancy]
    summary = Table(
        slug="governance-conversations",
        caption=f"Annual governance conversations, {period}",
        headers=["Measure", "Schools"],
        rows=[
            ["Maintained schools owed a conversation", due],
            ["Conversations agreed (done)", status["agreed"]],
            ["Still to do", due - status["agreed"]],
            ["Overdue", status["overdue"]],
        ],
    )
    vacancies = Table(
        slug="boards-above-25-percent-vacancies",
        caption=f"Boards with more than {VACANCY_THRESHOLD}% governor vacancies",
        headers=["School", "URN", "Vacancies %"],
        rows=vacancy_rows,
        numeric_from=2,
    )
    return summary, vacancies


@dataclass
class Dashboard:
    authority: object
    filters: Filters
    today: date
    movement_dates: tuple
    band_rows: list = field(default_factory=list)
    # Keyed by slug with underscores so templates can name them (dashboard.tables.schools_per_band).
    tables: dict = field(default_factory=dict)
    movements_moved: int = 0
    correlation: float | None = None
    correlation_n: int = 0
    calculated_at: datetime | None = None


def _key(table):
    return table.slug.replace("-", "_")


def _section_bands(board):
    board.band_rows, year_ago = band_counts(board.authority, board.filters, board.today)
    return [band_counts_table(board.band_rows, year_ago)]


def _section_movements(board):
    table, board.movements_moved = band_movements(board.authority, board.filters, *board.movement_dates)
    return [table]


def _section_concern(board):
    return [schools_causing_concern(board.authority, board.filters, board.today)]


def _section_ofsted(board):
    table, board.correlation, board.correlation_n = band_against_ofsted(board.authority, board.filters, board.today)
    return [table]


def _section_visits(board):
    return list(visit_compliance(board.authority, board.filters, board.today))


def _section_overdue(board):
    return list(overdue_work(board.authority, board.filters, board.today))


def _section_written_reports(board):
    return [written_reports(board.authority, board.filters, board.today)]


def _section_assessments_due(board):
    return [assessments_due(board.authority, board.filters, board.today)]


def _section_governance(board):
    return list(governance_summary(board.authority, board.filters, board.today))


# Each section and the tables it makes, so that downloading one table runs only its own section.
SECTIONS = {
    _section_bands: ["schools_per_band"],
    _section_movements: ["band_movements"],
    _section_concern: ["schools_causing_concern"],
    _section_visits: ["visits_per_term", "visits_per_qa_lead"],
    _section_overdue: ["overdue_agendas", "overdue_minutes", "notes_awaiting_factual_accuracy"],
    _section_written_reports: ["written_reports"],
    _section_assessments_due: ["assessments_due"],
    _section_ofsted: ["band_against_ofsted"],
    _section_governance: ["governance_conversations", "boards_above_25_percent_vacancies"],
}


def _empty_dashboard(authority, filters, today, movement_from, movement_to):
    movement_to = movement_to or today
    movement_from = movement_from or (movement_to - timedelta(days=365))
    return Dashboard(authority=authority, filters=filters, today=today, movement_dates=(movement_from, movement_to))


def build_dashboard(authority, filters, today, movement_from=None, movement_to=None):
    board = _empty_dashboard(authority, filters, today, movement_from, movement_to)
    for section in SECTIONS:
        board.tables.update({_key(table): table for table in section(board)})
    board.calculated_at = timezone.now()
    return board


def dashboard_cache_key(authority, filters, today, movement_from, movement_to):
    version = authority_data_version(authority.pk)
    chosen = ",".join(f"{name}={value}" for name, value in sorted(filters.as_dict().items()))
    return f"dashboard:{authority.pk}:{version}:{chosen}:{today}:{movement_from}:{movement_to}"


def cached_dashboard(authority, filters, today, movement_from=None, movement_to=None):
    """The dashboard, calculated once per change of the authority's data (or per day, or per CACHE_SECONDS):
    every save in the authority's schools, classifications, visits and governance changes the cache key."""
    if not page_cache_enabled():
        return build_dashboard(authority, filters, today, movement_from, movement_to)
    key = dashboard_cache_key(authority, filters, today, movement_from, movement_to)
    board = cache.get(key)
    if board is None:
        board = build_dashboard(authority, filters, today, movement_from, movement_to)
        cache.set(key, board, CACHE_SECONDS)
    return board


def dashboard_table(authority, filters, today, slug, movement_from=None, movement_to=None):
    """One table of the dashboard (for its download): from the cached dashboard if there is one, otherwise
    computing only its own section; None for an unknown slug."""
    key = slug.replace("-", "_")
    section = next((section for section, keys in SECTIONS.items() if key in keys), None)
    if section is None:
        return None
    enabled = page_cache_enabled()
    cached = enabled and cache.get(dashboard_cache_key(authority, filters, today, movement_from, movement_to))
    if cached:
        return cached.tables[key]
    board = _empty_dashboard(authority, filters, today, movement_from, movement_to)
    return next(table for table in section(board) if _key(table) == key)


def termly_reports_of(authority, limit=50):
    return TermlyReport.objects.filter(authority=authority).select_related("created_by")[:limit]


def get_termly_report(authority, report_id):
    report = TermlyReport.objects.filter(pk=report_id, authority=authority).first()
    if report is None:
        raise Http404("No such report")
    return report
