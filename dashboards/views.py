from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from qa_portal.accounts import home_panels, todos
from qa_portal.charts import Bar, horizontal_bar_chart
from qa_portal.jobs.services import job_enqueue
from qa_portal.page_cache import page_content
from qa_portal.permissions import authority_with_perm

from . import homes
from .forms import DashboardFilterForm, TermlyReportForm
from .homes import first_home_slug, home_role, overseen_authorities
from .regional import regional_table, regional_view
from .reports import report_terms
from .rules import HOME_PERMS, VIEW_REGIONAL
from .selectors import Filters, cached_dashboard, dashboard_table, get_termly_report, termly_reports_of


def home(request):
    """The home page of the person's first role in the authority they work in."""
    slug = first_home_slug(request.user, request.authority) if request.authority is not None else None
    if slug is None:
        return render(request, "home/no_role.html")
    return redirect("home-for-role", role=slug)


def home_for_role(request, role):
    role = home_role(role)
    if role is None:
        raise Http404("No such home page")
    authority = authority_with_perm(request, HOME_PERMS[role])
    cacheable = role in homes.CACHED
    key = None
    if cacheable:
        key, html = page_content(request, f"home-{role}")
        if html is not None:
            return render(request, homes.TEMPLATES[role], {"cached_content": html})
    template, context = homes.BUILDERS[role](request.user, authority)
    context["panels"] = home_panels.panels_for(role, request.user, authority)
    context["todos"] = todos.todos_for(role, request.user, authority, timezone.localdate())
    context["content_key"] = key
    return render(request, template, context)


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


def dashboard(request):
    authority = authority_with_perm(request, "dashboards.view_dashboard")
    key, html = page_content(request, "dashboard")
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
    authority = authority_with_perm(request, "dashboards.view_dashboard")
    _form, filters, moved_from, moved_to = _filters_for(request, authority)
    table = dashboard_table(authority, filters, timezone.localdate(), slug, moved_from, moved_to)
    if table is None:
        raise Http404("No such table")
    return table.as_response(file_format, authority=authority)


def regional_download(request, file_format):
    """The regional overview (every authority the person oversees) as CSV or Excel."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format")
    authority = authority_with_perm(request, VIEW_REGIONAL)
    view = regional_view(overseen_authorities(request.user), timezone.localdate())
    return regional_table(view).as_response(file_format, authority=authority)


@require_http_methods(["GET", "POST"])
def termly_reports(request):
    authority = authority_with_perm(request, "dashboards.make_termly_report")
    terms = report_terms(authority, timezone.localdate())
    form = TermlyReportForm(request.POST if request.method == "POST" else None, terms=terms)
    if request.method == "POST" and form.is_valid():
        job = job_enqueue(
            kind="termly_report",
            user=request.user,
            authority=authority,
            params={
                "authority_id": authority.pk,
                "term": form.cleaned_data["term"],
                "commentary": form.cleaned_data["commentary"],
            },
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(
        request,
        "dashboards/termly_reports.html",
        {"authority": authority, "form": form, "reports": termly_reports_of(authority)},
    )


def termly_report_download(request, report_id):
    authority = authority_with_perm(request, "dashboards.view_dashboard")
    report = get_termly_report(authority, report_id)
    return FileResponse(report.pdf.open("rb"), as_attachment=True, filename=report.pdf.name.rsplit("/", 1)[-1])
