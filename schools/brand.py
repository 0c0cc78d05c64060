"""The authority's brand page (its admins change the logo, colour, letterhead, signatory, footer and marking) and
the logo itself, served to anyone signed in (a logo is not secret) with long cache headers: its address changes
with the file (Authority.logo_url)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from qa_portal.form_errors import apply_service_errors
from qa_portal.permissions import authority_with_perm
from qa_portal.uploads import file_response

from .forms import AuthorityBrandForm
from .models import Authority
from .selectors import authority_with_logo
from .services import authority_brand_update

LOGO_MAX_AGE = 7 * 24 * 60 * 60


@require_http_methods(["GET", "POST"])
def brand_edit(request):
    authority = authority_with_perm(request, "schools.change_brand")
    # The form works on a copy: a refused colour must not reach the page header, which shows request.authority.
    draft = Authority.objects.get(pk=authority.pk)
    posted = request.method == "POST"
    form = AuthorityBrandForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=draft,
        has_logo=bool(authority.logo),
    )
    if posted and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "logo"}
        try:
            authority_brand_update(authority=authority, user=request.user, data=data, logo=form.cleaned_data["logo"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{authority.name}’s brand is saved.")
            return redirect("schools:brand")
    return render(request, "schools/brand.html", {"authority": authority, "form": form})


@require_safe
def brand_logo(request, authority_id):
    authority = authority_with_logo(authority_id)
    extension = "png" if authority.logo_content_type == "image/png" else "jpg"
    response = file_response(
        authority.logo, filename=f"logo-{authority.code}.{extension}", content_type=authority.logo_content_type
    )
    # An image is shown, not downloaded.
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    patch_cache_control(response, public=True, max_age=LOGO_MAX_AGE)
    return response
