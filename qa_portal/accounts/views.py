from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from qa_portal.permissions import authority_with_perm

from . import forms
from .selectors import authority_choices_for_user, people_in_authority
from .services import person_invite


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = forms.GovukPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = forms.GovukSetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def authority_choice(request):
    """The authorities the person works in, to switch between (the header's "Change authority" link)."""
    return render(request, "accounts/authorities.html", {"choices": authority_choices_for_user(request.user)})


def people(request):
    authority = authority_with_perm(request, "accounts.manage_people")
    return render(
        request,
        "accounts/people.html",
        {"authority": authority, "people": people_in_authority(authority)},
    )


@require_http_methods(["GET", "POST"])
def person_add(request):
    authority = authority_with_perm(request, "accounts.manage_people")
    form = forms.InvitePersonForm(request.POST if request.method == "POST" else None, authority=authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = person_invite(
                authority=authority,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                school=data["school"],
                is_chair=data["is_chair"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            name = f"{data['first_name']} {data['last_name']}"
            messages.success(request, f"{name} has been added as {assignment.get_role_display()}.")
            return redirect(reverse("accounts:people"))
    return render(request, "accounts/person_add.html", {"authority": authority, "form": form})
