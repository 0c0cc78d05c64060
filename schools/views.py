from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from qa_portal.page_cache import page_content
from qa_portal.permissions import authority_with_perm

from . import register as register_columns
from .exports import register_csv, register_xlsx
from .filters import SORT_FIELDS, SchoolFilter
from .forms import ImportUploadForm, SchoolContactsForm
from .jobs import import_upload_start
from .panels import panels_for
from .selectors import get_school_for_user, recent_imports, register_page, register_queryset, school_page_data
from .services import school_update_contacts

PAGE_SIZE = 50

# Column key -> heading, in table order; sortable ones have a SORT_FIELDS parameter.
_SORTABLE = {param for _field, param in SORT_FIELDS}


def _filtered(request, authority):
    schools = register_queryset(request.user, authority)
    filterset = SchoolFilter(request.GET or None, authority=authority, schools=schools)
    return filterset, filterset.rows()


def _query(request, **changes):
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _sort_links(request):
    current = request.GET.get("sort", "")
    links = {}
    for param in _SORTABLE:
        if current == param:
            direction, next_value = "ascending", f"-{param}"
        elif current == f"-{param}":
            direction, next_value = "descending", param
        else:
            direction, next_value = "none", param
        links[param] = {"url": _query(request, sort=next_value, page=None), "aria_sort": direction}
    if not current:
        links["name"]["aria_sort"] = "ascending"
        links["name"]["url"] = _query(request, sort="-name", page=None)
    return links


def register(request):
    authority = authority_with_perm(request, "schools.view_register")
    key, html = page_content(request, "register")
    if html is not None:
        return render(request, "schools/register.html", {"cached_content": html})
    filterset, schools = _filtered(request, authority)
    page = register_page(schools, request.GET.get("page"), PAGE_SIZE)
    downloads = _query(request, page=None)
    return render(
        request,
        "schools/register.html",
        {
            "filter": filterset,
            "page": page,
            "sort_links": _sort_links(request),
            "csv_url": reverse("schools:register-csv") + downloads,
            "xlsx_url": reverse("schools:register-xlsx") + downloads,
            "page_query": _query(request, page=None).lstrip("?"),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
            "columns": register_columns.columns(),
            "can_import": request.user.has_perm("schools.run_imports", authority),
            # A page with errors is not kept: its title must say "Error:" and the next request may be corrected.
            "content_key": None if filterset.errors else key,
        },
    )


def register_download(request, extension):
    _filterset, schools = _filtered(request, authority_with_perm(request, "schools.view_register"))
    if extension == "xlsx":
        return register_xlsx(schools)
    return register_csv(schools)


def school_detail(request, urn):
    school = get_school_for_user(request.user, request.authority, urn)
    key, html = page_content(request, "school")
    if html is not None:
        return render(request, "schools/school_detail.html", {"school": school, "cached_content": html})
    can_edit = request.user.has_perm("schools.edit_school_contacts", school)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "can_edit": can_edit,
            "panels": panels_for(request, school),
            "content_key": key,
            **school_page_data(school),
        },
    )


@require_http_methods(["GET", "POST"])
def school_contacts_edit(request, urn):
    school = get_school_for_user(request.user, request.authority, urn, perm="schools.edit_school_contacts")
    form = SchoolContactsForm(request.POST if request.method == "POST" else None, instance=school)
    if request.method == "POST" and form.is_valid():
        school_update_contacts(school=school, user=request.user, **form.cleaned_data)
        messages.success(request, "Contact details saved.")
        return redirect("schools:detail", urn=school.urn)
    return render(request, "schools/school_contacts_form.html", {"school": school, "form": form})


@require_http_methods(["GET", "POST"])
def imports(request):
    """Authority admins upload a GIAS, Ofsted or indicators file; the import runs as a background job."""
    authority = authority_with_perm(request, "schools.run_imports")
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None, authority=authority)
    if request.method == "POST" and form.is_valid():
        job = import_upload_start(
            kind=form.cleaned_data["kind"],
            authority=authority,
            filename=form.cleaned_data["file"].name,
            content=form.content,
            dry_run=form.cleaned_data["dry_run"],
            user=request.user,
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(
        request, "schools/imports.html", {"authority": authority, "form": form, "jobs": recent_imports(authority)}
    )
