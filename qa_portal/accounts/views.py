from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from qa_portal.dashboards import homes
from qa_portal.page_cache import page_content

from . import forms, home_panels
from .roles import HOME_ORDER, HOME_SLUGS, Role
from .selectors import get_admin_authority_for_user, people_in_authority
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


def home(request):
    """Send a person to the home page of their first role."""
    for role in HOME_ORDER:
        if request.user.has_role(role):
            return redirect("home-for-role", role=HOME_SLUGS[role])
    return render(request, "home/no_role.html")


_ROLE_BY_SLUG = {slug: role for role, slug in HOME_SLUGS.items()}
# Homes made only from schools, classification, visits and governance rows (qa_portal.page_cache); the
# authority admin's home shows jobs and people, which change without touching those.
CACHED_HOMES = {Role.QA_LEAD, Role.DIRECTOR, Role.HEADTEACHER, Role.GOVERNOR}


def home_for_role(request, role):
    role = _ROLE_BY_SLUG.get(role)
    if role is None:
        return render(request, "404.html", status=404)
    if not request.user.has_role(role):
        raise PermissionDenied("You do not hold that role")
    builder = homes.BUILDERS[role]
    cacheable = role in CACHED_HOMES
    if cacheable:
        key, html = page_content(request, f"home-{role}")
        if html is not None:
            return render(request, homes.TEMPLATES[role], {"cached_content": html})
    template, context = builder(request.user)
    context["panels"] = home_panels.panels_for(role, request.user)
    context["content_key"] = key if cacheable else None
    return render(request, template, context)


def people(request):
    authority = get_admin_authority_for_user(request.user, request.GET.get("authority"))
    return render(
        request,
        "accounts/people.html",
        {"authority": authority, "people": people_in_authority(authority)},
    )


@require_http_methods(["GET", "POST"])
def person_add(request):
    authority = get_admin_authority_for_user(request.user, request.GET.get("authority"))
    form = forms.InvitePersonForm(request.POST if request.method == "POST" else None, authority=authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_invite(
                authority=authority,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                school=data["school"],
                is_chair=data["is_chair"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            name = f"{data['first_name']} {data['last_name']}"
            messages.success(request, f"{name} has been added as {Role(data['role']).label}.")
            return redirect(reverse("accounts:people"))
    return render(request, "accounts/person_add.html", {"authority": authority, "form": form})
