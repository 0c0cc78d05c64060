"""The termly report for scrutiny: the dashboard for one term, as a PDF, kept for the record."""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

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
    """Terms a report can cover: those of this academic year and last year that have started."""
    current = academic_year_for(today)
    choices = []
    for start_year in (current, current - 1):
        for term in terms_of(authority=authority, start_year=start_year):
            if term.starts_on <= today:
                label = f"{term.get_code_display()} term {year_label(start_year)}"
                choices.append(TermChoice(start_year, term.code, label, term.starts_on, term.ends_on))
    return choices


def termly_report_make(*, authority, term, filters, user, today=None):
    today = today or timezone.localdate()
    as_at = min(term.ends_on, today)
    dashboard = build_dashboard(authority, filters, as_at, movement_from=term.starts_on, movement_to=as_at)
    title = f"{authority.name}: school quality assurance report, {term.label}"
    pdf = render_pdf(
        "dashboards/termly_report.html",
        {"dashboard": dashboard, "title": title, "term": term, "as_at": as_at, "made_at": timezone.now()},
    )
    report = TermlyReport(
        authority=authority,
        academic_year=term.start_year,
        term=term.code,
        title=title,
        period_start=term.starts_on,
        period_end=as_at,
        filters=filters.as_dict(),
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
    report = termly_report_make(authority=authority, term=term, filters=filters, user=job.created_by)
    return {"report_id": report.pk, "title": report.title}
