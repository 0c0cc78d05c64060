from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from qa_portal.permissions import authority_with_perm

from . import forms, sso
from .selectors import authority_choices_for_user, people_in_authority, person_in_authority, second_factor_status
from .services import (
    person_invite,
    second_factor_enrol,
    second_factor_enrolment_start,
    second_factor_reset,
    second_factor_verify,
)
from .two_factor import HAS_DEVICE_SESSION_KEY, qr_code_svg, second_factor_due, secret_key_text

# The recovery codes of a new authenticator, between the set-up page and the page that shows them once.
RECOVERY_CODES_SESSION_KEY = "second_factor_new_recovery_codes"


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Single sign-on (sso_views): a button per provider, and why the last try failed (shown once).
        return super().get_context_data(
            **kwargs, providers=sso.providers(), sso_error=self.request.session.pop(sso.ERROR_SESSION_KEY, "")
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # A provider's button is a form whose answer redirects to the provider's sign-in page.
        origins = sorted({provider.origin for provider in context["providers"]})
        if origins:
            response._csp_update = {"form-action": origins}
        return response


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


def _next_url(request):
    """Where the person was going before the second factor was asked of them (a page of this service only)."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """After the password: the code from the authenticator app (or a recovery code)."""
    if not second_factor_due(request):
        return redirect(_next_url(request))
    if not second_factor_status(request.user)["has_device"]:
        return redirect(f"{reverse('accounts:two-factor-set-up')}?{request.GET.urlencode()}")
    form = forms.SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = second_factor_status(request.user)["recovery_codes_left"]
                messages.warning(request, f"You used a recovery code. You have {left} left.")
            return redirect(_next_url(request))
    return render(request, "registration/two_factor.html", {"form": form, "next": _next_url(request)})


@require_http_methods(["GET", "POST"])
def two_factor_set_up(request):
    """Set up an authenticator app: its QR code, the key to type in instead, and a field for its first code."""
    if second_factor_status(request.user)["has_device"]:
        return redirect(reverse("accounts:two-factor") if second_factor_due(request) else reverse("accounts:account"))
    device = second_factor_enrolment_start(user=request.user)
    form = forms.SecondFactorSetUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor_enrol(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            otp_login(request, device)
            request.session[HAS_DEVICE_SESSION_KEY] = True
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(f"{reverse('accounts:two-factor-recovery-codes')}?{request.GET.urlencode()}")
    context = {
        "form": form,
        "qr_code": qr_code_svg(device),
        "secret_key": secret_key_text(device),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_set_up.html", context)


def two_factor_recovery_codes(request):
    """The new recovery codes, shown once."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(reverse("accounts:account"))
    return render(request, "registration/two_factor_recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def account(request):
    """The person's own account: whether two-factor sign-in is on, and a way to turn it on."""
    return render(request, "accounts/account.html", {"status": second_factor_status(request.user)})


@require_http_methods(["GET", "POST"])
def person_second_factor_reset(request, pk):
    """An authority admin takes away a person's authenticator (a lost phone), after a confirmation."""
    authority = authority_with_perm(request, "accounts.reset_second_factor")
    person = person_in_authority(authority, pk)
    if request.method == "POST":
        second_factor_reset(user=person, reset_by=request.user, authority=authority)
        messages.success(
            request,
            f"Two-factor sign-in has been reset for {person}. They will set it up again the next time they sign in.",
        )
        return redirect(reverse("accounts:people"))
    return render(
        request,
        "accounts/person_second_factor_reset.html",
        {"authority": authority, "person": person, "status": second_factor_status(person)},
    )
