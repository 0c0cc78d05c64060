"""The authority's sign-in page: its admins choose whether its people may sign in with a password, or only
through single sign-on (qa_portal.accounts.sso)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from qa_portal.accounts.sso import providers
from qa_portal.form_errors import apply_service_errors
from qa_portal.permissions import authority_with_perm

from .forms import AuthoritySignInForm
from .services import authority_sign_in_update


@require_http_methods(["GET", "POST"])
def sign_in_settings_edit(request):
    authority = authority_with_perm(request, "schools.change_sign_in")
    posted = request.method == "POST"
    initial = {"password_sign_in": "yes" if authority.password_sign_in else "no"}
    form = AuthoritySignInForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            authority_sign_in_update(
                authority=authority, user=request.user, password_sign_in=form.cleaned_data["password_sign_in"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if authority.password_sign_in:
                messages.success(request, f"People in {authority.name} can sign in with a password again.")
            else:
                messages.success(request, f"People in {authority.name} now sign in with single sign-on only.")
            return redirect("schools:sign-in-settings")
    context = {"authority": authority, "form": form, "providers": providers()}
    return render(request, "schools/sign_in_settings.html", context)
