"""Writes of improvement plans (`Band.improvement_plan`, reviewed at `Band.plan_review_every`) and review bodies
(`Band.review_body`: chair, members, where the minutes go, the exit strategy). Each validates before it saves and
raises ValidationError with a field dict. Also `review_minutes_published`, which note publishing calls: a review
body's minutes go to the authority's directors (its senior officers) as well as to the school."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from classification.selectors import published_band_for_school
from qa_portal.dates import long_date
from qa_portal.links import urls_for
from qa_portal.notifications.services import notify
from qa_portal.uploads import check_upload, delete_file_after_commit
from schools.people import directors_of_authorities, headteachers_of_schools

from . import notifications as kinds
from .improvement_selectors import REVIEW_BODY_MEETING, is_officer_in, open_body_of, open_plan_of
from .models import (
    MAX_UPLOAD_BYTES,
    SCHOOL_PAPER_TYPES,
    ImprovementPlan,
    PlanReview,
    ReviewBody,
    ReviewBodyMember,
    Visit,
)

DEFAULT_MINUTES_TO = "Senior officers of the authority"


def _school_path(school):
    with urls_for(None):
        return reverse("schools:detail", kwargs={"urn": school.urn}) + "#improvement"


def _text(problems, field, value, *, required=False, label=""):
    """The text trimmed; a NUL byte, or nothing where something is required, is a problem on `field`."""
    value = (value or "").strip()
    if "\x00" in value:
        problems[field] = "Remove the null character from the text"
    elif required and not value:
        problems[field] = f"Enter {label}"
    return value


def _day(problems, field, day, today, *, label, not_before=None, not_before_label=""):
    if day is None:
        problems[field] = f"Enter {label}"
    elif day > today:
        problems[field] = f"{label[0].upper()}{label[1:]} cannot be in the future"
    elif not_before is not None and day < not_before:
        problems[field] = f"{label[0].upper()}{label[1:]} cannot be before {not_before_label}"
    return day


def _check(problems):
    if problems:
        raise ValidationError(problems)


def _checked_file(problems, upload):
    if upload is None:
        return None
    try:
        return check_upload(upload, allowed=SCHOOL_PAPER_TYPES, max_bytes=MAX_UPLOAD_BYTES)
    except ValidationError as error:
        problems["file"] = error.messages
        return None


def _tell_heads(*, school, actor, kind, text, key):
    heads = headteachers_of_schools([school.pk]).get(school.pk, [])
    return notify(
        recipients=[person for person in heads if person != actor],
        kind=kind,
        text=text,
        url=_school_path(school),
        key=key,
        authority=school.authority,
    )


# --- improvement plans -----------------------------------------------------------------------------------------


def _plan_fields(problems, *, title, success_criteria, agreed_on, today):
    title = _text(problems, "title", title, required=True, label="the plan's title")
    criteria = _text(problems, "success_criteria", success_criteria)
    _day(problems, "agreed_on", agreed_on, today, label="the day the plan was agreed")
    return title, criteria


def _store_file(plan, checked):
    replaced = plan.file if plan.pk and plan.file else None
    plan.file, plan.content_type = checked.file, checked.content_type
    if replaced:
        delete_file_after_commit(replaced)


@transaction.atomic
def improvement_plan_record(
    *, school, user, agreed_on, title="", written_jointly=True, success_criteria="", upload=None, today=None
):
    """Record the school's plan (its band must ask for one; one open plan at a time). Its title defaults to the
    band's name for the plan. The school's headteachers are told."""
    today = today or timezone.localdate()
    band = published_band_for_school(school)
    if band is None or not band.improvement_plan:
        raise ValidationError({"title": "The school's band does not ask for an improvement plan"})
    problems = {}
    if open_plan_of(school) is not None:
        problems["title"] = f"{school.name} already has an open plan: change it or close it first"
    title, criteria = _plan_fields(
        problems,
        title=title or band.improvement_plan,
        success_criteria=success_criteria,
        agreed_on=agreed_on,
        today=today,
    )
    checked = _checked_file(problems, upload)
    _check(problems)
    plan = ImprovementPlan(
        school=school, title=title, agreed_on=agreed_on, written_jointly=written_jointly, success_criteria=criteria
    )
    if checked is not None:
        _store_file(plan, checked)
    plan.stamp(user)
    plan.full_clean()
    plan.save()
    _tell_heads(
        school=school,
        actor=user,
        kind=kinds.PLAN_RECORDED,
        text=f"The {plan.title} for {school.name}, agreed on {long_date(agreed_on)}, is recorded",
        key=f"visits:plan-recorded:{plan.pk}",
    )
    return plan


@transaction.atomic
def improvement_plan_update(
    *, plan, user, title, agreed_on, written_jointly, success_criteria, upload=None, today=None
):
    """Change an open plan; a new file replaces the old one (removed from storage after commit)."""
    today = today or timezone.localdate()
    problems = {}
    if plan.closed_on is not None:
        problems["title"] = "A closed plan cannot be changed"
    title, criteria = _plan_fields(
        problems, title=title, success_criteria=success_criteria, agreed_on=agreed_on, today=today
    )
    checked = _checked_file(problems, upload)
    _check(problems)
    plan.title, plan.agreed_on, plan.written_jointly, plan.success_criteria = (
        title,
        agreed_on,
        written_jointly,
        criteria,
    )
    if checked is not None:
        _store_file(plan, checked)
    plan.stamp(user)
    plan.full_clean()
    plan.save()
    return plan


def improvement_plan_close(*, plan, user, closed_on, today=None):
    today = today or timezone.localdate()
    problems = {}
    if plan.closed_on is not None:
        problems["closed_on"] = "The plan is already closed"
    _day(
        problems,
        "closed_on",
        closed_on,
        today,
        label="the day the plan closed",
        not_before=plan.agreed_on,
        not_before_label="the day it was agreed",
    )
    _check(problems)
    plan.closed_on = closed_on
    plan.stamp(user)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_review_record(*, plan, user, reviewed_on, progress, next_steps="", visit=None, today=None):
    """Record a review of an open plan against its success criteria, optionally at a held visit of the school.
    The school's headteachers are told."""
    today = today or timezone.localdate()
    problems = {}
    if plan.closed_on is not None:
        problems["reviewed_on"] = "A closed plan cannot be reviewed"
    _day(
        problems,
        "reviewed_on",
        reviewed_on,
        today,
        label="the day of the review",
        not_before=plan.agreed_on,
        not_before_label="the day the plan was agreed",
    )
    progress = _text(problems, "progress", progress, required=True, label="the progress against the success criteria")
    next_steps = _text(problems, "next_steps", next_steps)
    if visit is not None and (visit.school_id != plan.school_id or visit.status != Visit.Status.HELD):
        problems["visit"] = "Choose a visit to the school that has been held"
    _check(problems)
    review = PlanReview(plan=plan, reviewed_on=reviewed_on, progress=progress, next_steps=next_steps, visit=visit)
    review.stamp(user)
    review.full_clean()
    review.save()
    _tell_heads(
        school=plan.school,
        actor=user,
        kind=kinds.PLAN_REVIEWED,
        text=f"A review of the {plan.title} for {plan.school.name} on {long_date(reviewed_on)} is recorded",
        key=f"visits:plan-reviewed:{review.pk}",
    )
    return review


# --- review bodies ---------------------------------------------------------------------------------------------


def _chair_problem(problems, school, chair):
    if chair is None:
        problems["chair"] = "Choose who chairs it"
    elif not is_officer_in(chair, school.authority):
        problems["chair"] = "The chair must be an officer of the authority"


@transaction.atomic
def review_body_form(*, school, user, chair, formed_on, name="", minutes_to=DEFAULT_MINUTES_TO, today=None):
    """Form the school's review body (its band must have one; one open at a time), chaired by an officer of the
    authority. Its name defaults to the band's."""
    today = today or timezone.localdate()
    band = published_band_for_school(school)
    if band is None or not band.review_body:
        raise ValidationError({"name": "The school's band does not have a review body"})
    problems = {}
    if open_body_of(school) is not None:
        problems["name"] = f"{school.name} already has an open {band.review_body}: close it first"
    name = _text(problems, "name", name or band.review_body, required=True, label="its name")
    minutes_to = _text(problems, "minutes_to", minutes_to)
    _chair_problem(problems, school, chair)
    _day(problems, "formed_on", formed_on, today, label="the day it was formed")
    _check(problems)
    body = ReviewBody(school=school, name=name, chair=chair, formed_on=formed_on, minutes_to=minutes_to)
    body.stamp(user)
    body.full_clean()
    body.save()
    return body


def review_body_update(*, body, user, name, chair, minutes_to, exit_strategy):
    """Change an open review body's name, chair, where its minutes go and its exit strategy."""
    problems = {}
    if body.closed_on is not None:
        problems["name"] = "A closed review body cannot be changed"
    name = _text(problems, "name", name, required=True, label="its name")
    minutes_to = _text(problems, "minutes_to", minutes_to)
    exit_strategy = _text(problems, "exit_strategy", exit_strategy)
    _chair_problem(problems, body.school, chair)
    _check(problems)
    body.name, body.chair, body.minutes_to, body.exit_strategy = name, chair, minutes_to, exit_strategy
    body.stamp(user)
    body.full_clean()
    body.save()
    return body


def review_body_close(*, body, user, closed_on, today=None):
    today = today or timezone.localdate()
    problems = {}
    if body.closed_on is not None:
        problems["closed_on"] = "It is already closed"
    _day(
        problems,
        "closed_on",
        closed_on,
        today,
        label="the day it closed",
        not_before=body.formed_on,
        not_before_label="the day it was formed",
    )
    _check(problems)
    body.closed_on = closed_on
    body.stamp(user)
    body.full_clean()
    body.save()
    return body


def review_body_member_add(*, body, user, name, role, member_user=None):
    problems = {}
    if body.closed_on is not None:
        problems["name"] = "A closed review body takes no new members"
    name = _text(
        problems,
        "name",
        name or (member_user.get_full_name() if member_user else ""),
        required=True,
        label="the member's name",
    )
    role = _text(problems, "role", role, required=True, label="the member's role")
    _check(problems)
    member = ReviewBodyMember(body=body, name=name, role=role, user=member_user)
    member.stamp(user)
    member.full_clean()
    member.save()
    return member


def review_body_member_remove(*, member, user):
    if member.body.closed_on is not None:
        raise ValidationError({"name": "A closed review body's members cannot be changed"})
    member.delete()


# --- a review body's minutes -----------------------------------------------------------------------------------


def review_minutes_published(*, note, user):
    """Called when a note is published: the minutes of a review body meeting (of a school that has a review body
    or whose band has one) go to the authority's directors, its senior officers, as well as to the school. Each
    director is told once per publication."""
    visit = note.visit
    if visit.visit_type.code != REVIEW_BODY_MEETING:
        return 0
    school = visit.school
    body = open_body_of(school)
    if body is None:
        band = published_band_for_school(school)
        if band is None or not band.review_body:
            return 0
    name = body.name if body else "review body"
    directors = directors_of_authorities([school.authority_id]).get(school.authority_id, [])
    with urls_for(None):
        url = reverse("visits:note", kwargs={"pk": visit.pk})
    return notify(
        recipients=[person for person in directors if person != user],
        kind=kinds.REVIEW_MINUTES_PUBLISHED,
        text=f"The minutes of the {name} meeting at {school.name} on {long_date(visit.planned_date)} are published",
        url=url,
        key=f"visits:review-minutes:{note.pk}:{note.published_at.isoformat()}",
        authority=school.authority,
    )
