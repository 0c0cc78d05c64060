from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from qa_portal.form_errors import apply_service_errors
from qa_portal.page_cache import page_content
from qa_portal.permissions import authority_with_perm

from . import exports
from . import register as register_columns
from .filters import SORT_FIELDS, SchoolFilter
from .forms import BulkQaLeadForm, ImportUploadForm, QaLeadForm, SchoolContactsForm
from .jobs import import_upload_start
from .panels import panels_for
from .selectors import (
    get_school_for_user,
    qa_lead_choices,
    recent_imports,
    register_page,
    register_queryset,
    school_list_for_user,
    school_page_data,
)
from .services import school_qa_lead_assign, school_update_contacts

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


def _assignment_message(request, assignment):
    """What the person is told after assigning a QA lead: which schools changed, and what moved with them."""
    lead = assignment.qa_lead.get_full_name() or assignment.qa_lead.email
    names = [change.school.name for change in assignment.changed]
    if len(names) == 1:
        messages.success(request, f"{lead} is now the QA lead for {names[0]}.")
    elif names:
        messages.success(request, f"{lead} is now the QA lead for {len(names)} schools: {', '.join(names)}.")
    if assignment.unchanged:
        already = ", ".join(school.name for school in assignment.unchanged)
        messages.info(request, f"{lead} was already the QA lead for {already}.")
    for text in assignment.messages():
        messages.info(request, text)


def _assign_from_register(request, authority):
    """The register's bulk form: (form, redirect or None)."""
    authority = authority_with_perm(request, "schools.assign_qa_leads")
    form = BulkQaLeadForm(
        request.POST, schools=school_list_for_user(request.user, authority), qa_leads=qa_lead_choices(authority)
    )
    if form.is_valid():
        try:
            assignment = school_qa_lead_assign(
                schools=form.cleaned_data["schools"],
                qa_lead=form.cleaned_data["qa_lead"],
                user=request.user,
                authority=authority,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _assignment_message(request, assignment)
            return form, redirect(request.get_full_path())
    return form, None


@require_http_methods(["GET", "POST"])
def register(request):
    authority = authority_with_perm(request, "schools.view_register")
    # Authority admins see a form in the table (choose schools, choose a QA lead): their page is not kept.
    can_assign = request.user.has_perm("schools.assign_qa_leads", authority)
    assign_form = None
    if request.method == "POST":
        assign_form, done = _assign_from_register(request, authority)
        if done is not None:
            return done
    elif can_assign:
        assign_form = BulkQaLeadForm(
            schools=school_list_for_user(request.user, authority), qa_leads=qa_lead_choices(authority)
        )
    key = None
    if not can_assign:
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
            "assign_form": assign_form,
            "checked_schools": set(request.POST.getlist("schools")),
            # A page with errors is not kept: its title must say "Error:" and the next request may be corrected.
            "content_key": None if filterset.errors else key,
        },
    )


def register_download(request, extension):
    authority = authority_with_perm(request, "schools.view_register")
    _filterset, schools = _filtered(request, authority)
    return exports.register_download(schools, extension, authority=authority)


def school_detail(request, urn):
    school = get_school_for_user(request.user, request.authority, urn)
    key, html = page_content(request, "school")
    if html is not None:
        return render(request, "schools/school_detail.html", {"school": school, "cached_content": html})
    can_edit = request.user.has_perm("schools.edit_school_contacts", school)
    can_assign = request.user.has_perm("schools.assign_qa_lead", school)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "can_edit": can_edit,
            "can_assign_qa_lead": can_assign,
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
def school_qa_lead_edit(request, urn):
    """Assign (or change) one school's QA lead."""
    school = get_school_for_user(request.user, request.authority, urn, perm="schools.assign_qa_lead")
    form = QaLeadForm(
        request.POST if request.method == "POST" else None,
        initial={"qa_lead": school.qa_lead_id},
        qa_leads=qa_lead_choices(school.authority),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = school_qa_lead_assign(
                schools=[school], qa_lead=form.cleaned_data["qa_lead"], user=request.user, authority=school.authority
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _assignment_message(request, assignment)
            return redirect("schools:detail", urn=school.urn)
    return render(request, "schools/school_qa_lead_form.html", {"school": school, "form": form})


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
