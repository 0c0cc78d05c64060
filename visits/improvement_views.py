"""Pages of a school's improvement plan and review body (thin: selectors find, services write)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from classification.selectors import published_band_for_school
from qa_portal.form_errors import apply_service_errors
from qa_portal.uploads import file_response

from . import improvement as services
from .improvement_forms import BodyForm, CloseForm, MemberForm, PlanForm, ReviewForm
from .improvement_selectors import (
    get_body_for_user,
    get_member_for_user,
    get_plan_for_user,
    get_school_for_improvement,
    held_visits_of,
    member_choices,
    officers_of,
)

PLAN_PERM = "visits.manage_improvement_plan"
BODY_PERM = "visits.manage_review_body"


def _school_page(school):
    return redirect(reverse("schools:detail", kwargs={"urn": school.urn}) + "#improvement")


def _form_page(request, form, template, context, save, success):
    """Show `form`; on a valid POST call save(cleaned_data) and go back to the school page."""
    if request.method == "POST" and form.is_valid():
        try:
            school = save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, success)
            return _school_page(school)
    return render(request, template, {"form": form, **context})


@require_http_methods(["GET", "POST"])
def plan_add(request, urn):
    school = get_school_for_improvement(request.user, request.authority, urn, PLAN_PERM)
    band = published_band_for_school(school)
    if band is None or not band.improvement_plan:
        raise Http404("The school's band does not ask for an improvement plan")
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        initial={"title": band.improvement_plan, "written_jointly": True, "agreed_on": timezone.localdate()},
    )

    def save(data):
        services.improvement_plan_record(
            school=school,
            user=request.user,
            title=data["title"],
            agreed_on=data["agreed_on"],
            written_jointly=data["written_jointly"],
            success_criteria=data["success_criteria"],
            upload=data["file"],
        )
        return school

    context = {"school": school, "heading": f"Record the {band.improvement_plan}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, "Plan recorded.")


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, request.authority, pk, PLAN_PERM)
    initial = {
        "title": plan.title,
        "agreed_on": plan.agreed_on,
        "written_jointly": plan.written_jointly,
        "success_criteria": plan.success_criteria,
    }
    form = PlanForm(request.POST or None, request.FILES or None, initial=initial)

    def save(data):
        services.improvement_plan_update(
            plan=plan,
            user=request.user,
            title=data["title"],
            agreed_on=data["agreed_on"],
            written_jointly=data["written_jointly"],
            success_criteria=data["success_criteria"],
            upload=data["file"],
        )
        return plan.school

    context = {"school": plan.school, "heading": f"Change the {plan.title}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, "Plan saved.")


@require_http_methods(["GET", "POST"])
def plan_close(request, pk):
    plan = get_plan_for_user(request.user, request.authority, pk, PLAN_PERM)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()}, button="Close the plan")

    def save(data):
        services.improvement_plan_close(plan=plan, user=request.user, closed_on=data["closed_on"])
        return plan.school

    context = {"school": plan.school, "heading": f"Close the {plan.title}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, "Plan closed.")


@require_http_methods(["GET", "POST"])
def plan_review_add(request, pk):
    plan = get_plan_for_user(request.user, request.authority, pk, PLAN_PERM)
    form = ReviewForm(
        request.POST or None, initial={"reviewed_on": timezone.localdate()}, visits=held_visits_of(plan.school)
    )

    def save(data):
        services.plan_review_record(
            plan=plan,
            user=request.user,
            reviewed_on=data["reviewed_on"],
            progress=data["progress"],
            next_steps=data["next_steps"],
            visit=data["visit"],
        )
        return plan.school

    context = {"school": plan.school, "heading": f"Review the {plan.title}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, "Review recorded.")


def plan_file(request, pk):
    """The plan's file for the people who may see the plan: served as the type the upload checker found."""
    plan = get_plan_for_user(request.user, request.authority, pk)
    if not plan.file:
        raise Http404("No file stored")
    name = plan.file.name.rsplit("/", 1)[-1]
    response = file_response(plan.file, filename=name, content_type=plan.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# --- review bodies ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def body_add(request, urn):
    school = get_school_for_improvement(request.user, request.authority, urn, BODY_PERM)
    band = published_band_for_school(school)
    if band is None or not band.review_body:
        raise Http404("The school's band does not have a review body")
    form = BodyForm(
        request.POST or None,
        officers=officers_of(school.authority),
        initial={
            "name": band.review_body,
            "formed_on": timezone.localdate(),
            "minutes_to": services.DEFAULT_MINUTES_TO,
        },
    )

    def save(data):
        services.review_body_form(
            school=school,
            user=request.user,
            name=data["name"],
            chair=data["chair"],
            formed_on=data["formed_on"],
            minutes_to=data["minutes_to"],
        )
        return school

    context = {"school": school, "heading": f"Form the {band.review_body}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, f"{band.review_body} formed.")


@require_http_methods(["GET", "POST"])
def body_edit(request, pk):
    body = get_body_for_user(request.user, request.authority, pk, BODY_PERM)
    form = BodyForm(
        request.POST or None,
        officers=officers_of(body.school.authority),
        editing=True,
        initial={
            "name": body.name,
            "chair": body.chair_id,
            "minutes_to": body.minutes_to,
            "exit_strategy": body.exit_strategy,
        },
    )

    def save(data):
        services.review_body_update(
            body=body,
            user=request.user,
            name=data["name"],
            chair=data["chair"],
            minutes_to=data["minutes_to"],
            exit_strategy=data["exit_strategy"],
        )
        return body.school

    context = {"school": body.school, "heading": f"Change the {body.name}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, "Saved.")


@require_http_methods(["GET", "POST"])
def body_close(request, pk):
    body = get_body_for_user(request.user, request.authority, pk, BODY_PERM)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()}, button=f"Close the {body.name}")

    def save(data):
        services.review_body_close(body=body, user=request.user, closed_on=data["closed_on"])
        return body.school

    context = {"school": body.school, "heading": f"Close the {body.name}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, f"{body.name} closed.")


@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    body = get_body_for_user(request.user, request.authority, pk, BODY_PERM)
    form = MemberForm(request.POST or None, people=member_choices(body.school))

    def save(data):
        services.review_body_member_add(
            body=body, user=request.user, name=data["name"], role=data["role"], member_user=data["user"]
        )
        return body.school

    context = {"school": body.school, "heading": f"Add a member to the {body.name}"}
    return _form_page(request, form, "visits/improvement/form.html", context, save, "Member added.")


@require_POST
def member_remove(request, pk):
    member = get_member_for_user(request.user, request.authority, pk)
    school = member.body.school
    try:
        services.review_body_member_remove(member=member, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.name} removed.")
    return _school_page(school)
