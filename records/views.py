from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from qa_portal.form_errors import apply_service_errors
from qa_portal.permissions import authority_with_perm

from . import selectors, services
from .forms import AuditFilterForm, ErasureForm


def audit_log(request):
    authority = authority_with_perm(request, "records.view_audit_log")
    form = AuditFilterForm(request.GET or None, authority=authority)
    filters = selectors.AuditFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.AuditFilters(
            school_id=data["school"].pk if data["school"] else None,
            person_id=data["person"].pk if data["person"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    page = selectors.audit_log_page(authority, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/audit_log.html",
        {"authority": authority, "form": form, "page": page, "page_query": query.urlencode()},
    )


def person(request, person_id):
    authority = authority_with_perm(request, "records.manage_personal_data")
    person = selectors.get_person_in_authority(authority, person_id)
    return render(
        request,
        "records/person.html",
        {"authority": authority, "person": person, "roles": selectors.roles_held(person)},
    )


@require_POST
def person_export(request, person_id):
    authority = authority_with_perm(request, "records.manage_personal_data")
    person = selectors.get_person_in_authority(authority, person_id)
    export, content = services.subject_access_export_make(authority=authority, person=person, user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}-{export.made_at:%Y-%m-%d}.zip"'
    return response


@require_http_methods(["GET", "POST"])
def person_erase(request, person_id):
    authority = authority_with_perm(request, "records.manage_personal_data")
    person = selectors.get_person_in_authority(authority, person_id)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(
                authority=authority, person=person, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Their personal data has been erased. Their records now name {services.erased_name(person.pk)}.",
            )
            return redirect("accounts:people")
    return render(
        request,
        "records/person_erase.html",
        {"authority": authority, "person": person, "form": form},
    )
