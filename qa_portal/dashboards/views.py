from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from qa_portal.charts import Bar, horizontal_bar_chart
from qa_portal.jobs.services import job_enqueue
from qa_portal.page_cache import page_content

from .forms import DashboardFilterForm, TermlyReportForm
from .models import TermlyReport
from .reports import report_terms
from .selectors import (
    Filters,
    cached_dashboard,
    dashboard_table,
    get_dashboard_authority_for_user,
)


def _filters_for(request, authority):
    """(form, filters, movement from, movement to) from the page's query string."""
    form = DashboardFilterForm(request.GET or None, authority=authority)
    filters, moved_from, moved_to = Filters(), None, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            phase=data["phase"],
            type_group=data["type_group"],
            qa_lead_id=data["qa_lead"].pk if data["qa_lead"] else None,
        )
        moved_from, moved_to = data["moved_from"], data["moved_to"]
    return form, filters, moved_from, moved_to


def _band_chart(board):
    return horizontal_bar_chart([Bar(row.label, row.now, row.colour or "blue") for row in board.band_rows])


def dashboard(request):
    authority = get_dashboard_authority_for_user(request.user, request.GET.get("authority"))
    key, html = page_content(request, "dashboard", authority_ids=[authority.pk])
    if html is not None:
        return render(request, "dashboards/dashboard.html", {"authority": authority, "cached_content": html})
    form, filters, moved_from, moved_to = _filters_for(request, authority)
    board = cached_dashboard(authority, filters, timezone.localdate(), moved_from, moved_to)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "authority": authority,
            "form": form,
            "dashboard": board,
            "band_chart": horizontal_bar_chart(
                [Bar(row.label, row.now, row.colour or "blue") for row in board.band_rows]
            ),
            "query": request.GET.urlencode(),
            "content_key": key,
        },
    )


def table_download(request, slug, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format")
    authority = get_dashboard_authority_for_user(request.user, request.GET.get("authority"))
    _form, filters, moved_from, moved_to = _filters_for(request, authority)
    table = dashboard_table(authority, filters, timezone.localdate(), slug, moved_from, moved_to)
    if table is None:
        raise Http404("No such table")
    return table.as_response(file_format)


@require_http_methods(["GET", "POST"])
def termly_reports(request):
    authority = get_dashboard_authority_for_user(
        request.user, request.GET.get("authority"), perm="dashboards.make_termly_report"
    )
    terms = report_terms(authority, timezone.localdate())
    form = TermlyReportForm(request.POST if request.method == "POST" else None, terms=terms)
    if request.method == "POST" and form.is_valid():
        job = job_enqueue(
            kind="termly_report",
            user=request.user,
            authority=authority,
            params={"authority_id": authority.pk, "term": form.cleaned_data["term"]},
        )
        return redirect("jobs:detail", job_id=job.pk)
    reports = TermlyReport.objects.filter(authority=authority).select_related("created_by")[:50]
    return render(request, "dashboards/termly_reports.html", {"authority": authority, "form": form, "reports": reports})


def termly_report_download(request, report_id):
    authority = get_dashboard_authority_for_user(request.user, request.GET.get("authority"))
    report = TermlyReport.objects.filter(pk=report_id, authority=authority).first()
    if report is None:
        raise Http404("No such report")
    return FileResponse(report.pdf.open("rb"), as_attachment=True, filename=report.pdf.name.rsplit("/", 1)[-1])
