"""The termly report for scrutiny: the dashboard for one term, as a PDF, kept for the record."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from qa_portal.charts import Bar, document_bar_chart, document_grouped_bar_chart
from qa_portal.pdf import render_pdf
from schools.models import Authority
from visits.calendar import academic_year_for, terms_of, year_label

from .models import TermlyReport
from .selectors import Filters, build_dashboard


@dataclass(frozen=True)
class TermChoice:
    start_year: int
    code: str
    label: str
    starts_on: date
    ends_on: date

    @property
    def key(self):
        return f"{self.start_year}-{self.code}"


def report_terms(authority, today):
    """Terms a report can cover: those of this academic year and last year that have started, newest first (by
    when each term starts, so Summer, Spring, Autumn within a year)."""
    current = academic_year_for(today)
    choices = []
    for start_year in (current, current - 1):
        for term in terms_of(authority=authority, start_year=start_year):
            if term.starts_on <= today:
                label = f"{term.get_code_display()} term {year_label(start_year)}"
                choices.append(TermChoice(start_year, term.code, label, term.starts_on, term.ends_on))
    return sorted(choices, key=lambda choice: choice.starts_on, reverse=True)


def report_title(authority, term):
    return f"Termly report for {authority.name} – {term.label}"


def _movement_pairs(table):
    """[(from band, to band, schools)] of the schools that moved band, from the movements matrix."""
    to_labels = table.headers[1:]
    return [
        (row[0], to_label, count)
        for row in table.rows
        for to_label, count in zip(to_labels, row[1:], strict=True)
        if count and to_label != row[0]
    ]


def report_charts(dashboard):
    """The report's charts, each with its title, its alternative text, the SVG and the same figures as a table."""
    bands = dashboard.band_rows
    band_total = sum(row.now for row in bands)
    moves = _movement_pairs(dashboard.tables["band_movements"])
    visit_rows = dashboard.tables["visits_per_term"].rows
    charts = [
        {
            "slug": "chart-bands",
            "title": "Schools in each band now",
            "description": f"Bar chart of the {band_total} schools in scope by their band now: "
            + "; ".join(f"{row.label} {row.now}" for row in bands)
            + ".",
            "svg": "",
            "headers": ["Band", "Schools now"],
            "rows": [[row.label, row.now] for row in bands],
        },
        {
            "slug": "chart-movements",
            "title": "Schools that moved band in the term",
            "description": (
                "Bar chart of the schools that moved band in the term, by the band moved from and to: "
                + "; ".join(f"{start} to {end} {count}" for start, end, count in moves)
                + "."
                if moves
                else "No school moved band in the term."
            ),
            "svg": "",
            "headers": ["From band", "To band", "Schools"],
            "rows": [list(move) for move in moves],
        },
        {
            "slug": "chart-visits",
            "title": "Visits owed and held per term",
            "description": "Bar chart of the visits owed (due by the report's date) and held, per term: "
            + "; ".join(f"{row[0]} {row[2]} owed, {row[3]} held" for row in visit_rows)
            + ".",
            "svg": "",
            "headers": ["Term", "Visits owed", "Visits held"],
            "rows": [[row[0], row[2], row[3]] for row in visit_rows],
        },
    ]
    charts[0]["svg"] = document_bar_chart(
        [Bar(row.label, row.now, row.colour or "blue") for row in bands],
        title=charts[0]["title"],
        description=charts[0]["description"],
    )
    charts[1]["svg"] = document_bar_chart(
        [Bar(f"{start} to {end}", count) for start, end, count in moves],
        title=charts[1]["title"],
        description=charts[1]["description"],
    )
    charts[2]["svg"] = document_grouped_bar_chart(
        [(row[0], [row[2], row[3]]) for row in visit_rows],
        series=[("Owed", "grey"), ("Held", "blue")],
        title=charts[2]["title"],
        description=charts[2]["description"],
    )
    return charts


def termly_report_make(*, authority, term, filters, user, commentary="", today=None):
    """Make and keep the report: the authority's letterhead and marking, the director's commentary, the charts and
    the dashboard's tables for the term."""
    today = today or timezone.localdate()
    as_at = min(term.ends_on, today)
    commentary = (commentary or "").strip()
    if "\x00" in commentary:
        raise ValidationError({"commentary": "Remove the null character from the text"})
    dashboard = build_dashboard(authority, filters, as_at, movement_from=term.starts_on, movement_to=as_at)
    title = report_title(authority, term)
    pdf = render_pdf(
        "dashboards/termly_report.html",
        {
            "authority": authority,
            "dashboard": dashboard,
            "charts": report_charts(dashboard),
            "commentary": commentary,
            "title": title,
            "term": term,
            "as_at": as_at,
            "made_at": timezone.now(),
            "made_by": user,
        },
        authority=authority,
    )
    report = TermlyReport(
        authority=authority,
        academic_year=term.start_year,
        term=term.code,
        title=title,
        period_start=term.starts_on,
        period_end=as_at,
        filters=filters.as_dict(),
        commentary=commentary,
        created_by=user,
    )
    report.pdf.save(f"{authority.code}-{term.key}-termly-report.pdf", ContentFile(pdf), save=False)
    report.full_clean()
    report.save()
    return report


def termly_report_job(job, progress):
    params = job.params
    authority = Authority.objects.get(pk=params["authority_id"])
    progress(0, 2)
    term = next(t for t in report_terms(authority, timezone.localdate()) if t.key == params["term"])
    filters = Filters(
        phase=params.get("phase", ""), type_group=params.get("type_group", ""), qa_lead_id=params.get("qa_lead")
    )
    progress(1, 2)
    report = termly_report_make(
        authority=authority,
        term=term,
        filters=filters,
        user=job.created_by,
        commentary=params.get("commentary", ""),
    )
    return {"report_id": report.pk, "title": report.title}
