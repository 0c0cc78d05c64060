"""Every write of the governance app. Validate first, then write inside one transaction."""

import tomllib
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from classification.selectors import framework_for_school
from qa_portal.academic_year import academic_year_for, year_label
from qa_portal.accounts.models import RoleAssignment
from qa_portal.accounts.roles import Role
from qa_portal.concurrency import version_claim
from qa_portal.links import urls_for
from qa_portal.notifications.services import notify
from qa_portal.text_hygiene import data_problem
from qa_portal.uploads import DOCX, JPEG, ODT, PDF, PNG, TEXT, XLSX, check_upload, upload_problem
from qa_portal.wording import in_sentence
from schools.models import Indicator, IndicatorValue
from schools.services import indicator_ensure
from visits.models import Visit

from . import ladder
from .models import (
    CONVERSATION_VISIT_TYPE,
    AgreedAction,
    AreaReview,
    Board,
    ChecklistArea,
    ChecklistItem,
    ChecklistResponse,
    ChecklistTemplate,
    Conversation,
    DeclarationOfInterest,
    EscalationStep,
    EvidenceFile,
    Governor,
    GovernorTraining,
    StatutoryPower,
    WarningNotice,
)
from .notifications import CHECKLIST_SUBMITTED

CHECKLIST_DIR = Path(__file__).resolve().parent / "checklists"
VACANCY_CODE = "governor_vacancies_pct"
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Checked by content (qa_portal.uploads): a file is what its content is, whatever its name or the browser says.
EVIDENCE_TYPES = frozenset({PDF, DOCX, XLSX, ODT, TEXT, PNG, JPEG})
LETTER_TYPES = frozenset({PDF})
NO_WARNING_NOTICE_FOR_ACADEMY = (
    "A warning notice cannot be given to an academy: the local authority has no such power. "
    "Record a letter to the trust or a referral to the Regional Schools Commissioner, the Education and Skills "
    "Funding Agency or Ofsted instead."
)


# --- Boards and governors ---


def _vacancy_indicator():
    return indicator_ensure(
        code=VACANCY_CODE,
        name="Governor vacancies",
        unit=Indicator.Unit.PERCENT,
        evidence_area="leadership_and_management",
        higher_is_better=False,
        update=False,
    )


def board_vacancy_indicator_write(*, board, day=None):
    """Write the school's governor_vacancies_pct for the academic year of `day` (default today)."""
    day = day or timezone.localdate()
    board = Board.objects.prefetch_related("governors").get(pk=board.pk)
    _places, _filled, _vacancies, percent = board.vacancies_on(day)
    value, _ = IndicatorValue.objects.update_or_create(
        school_id=board.school_id,
        indicator=_vacancy_indicator(),
        period=year_label(academic_year_for(day)),
        defaults={"value": percent, "source": "governance"},
    )
    return value


@transaction.atomic
def board_save(*, school, user, size, kind=Board.Kind.GOVERNING_BOARD, instrument_date=None):
    board = Board.objects.filter(school=school).first() or Board(school=school)
    board.size = size
    board.kind = kind
    board.instrument_date = instrument_date
    board.stamp(user)
    board.full_clean()
    board.save()
    board_vacancy_indicator_write(board=board)
    return board


@transaction.atomic
def governor_add(*, board, user, name, category, term_start, term_end=None, board_role="", linked_user=None):
    governor = Governor(
        board=board,
        name=name,
        category=category,
        board_role=board_role,
        term_start=term_start,
        term_end=term_end,
        user=linked_user,
    )
    governor.stamp(user)
    governor.full_clean()
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": "The term must end after it starts"})
    governor.save()
    board_vacancy_indicator_write(board=board)
    return governor


@transaction.atomic
def governor_update(*, governor, user, **fields):
    for name, value in fields.items():
        setattr(governor, name, value)
    governor.stamp(user)
    governor.full_clean()
    if governor.term_end is not None and governor.term_end < governor.term_start:
        raise ValidationError({"term_end": "The term must end after it starts"})
    governor.save()
    board_vacancy_indicator_write(board=governor.board)
    return governor


@transaction.atomic
def governor_remove(*, governor, user):
    board = governor.board
    governor.delete()
    board_vacancy_indicator_write(board=board)


def governor_training_add(*, governor, title, completed_on):
    training = GovernorTraining(governor=governor, title=title, completed_on=completed_on)
    training.full_clean()
    training.save()
    return training


def governor_declaration_add(*, governor, declared_on, interests=""):
    declaration = DeclarationOfInterest(governor=governor, declared_on=declared_on, interests=interests)
    declaration.full_clean()
    declaration.save()
    return declaration


# --- Checklist templates (data files) ---


@transaction.atomic
def checklist_template_load(*, authority, path, framework=None):
    """Load a checklist TOML file for an authority (and framework). Idempotent: same slug+version updates."""
    with open(path, "rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError(f"The checklist file {Path(path).name} is not valid TOML: {exc}") from None
    if refused := data_problem(data):  # e.g. "\u0000", which TOML allows as an escape
        raise ValidationError(f"The checklist file {Path(path).name} has a value that {refused[1]}")
    try:
        slug, name, areas = data["slug"], data["name"], data["areas"]
    except KeyError as missing:
        raise ValidationError(f"The checklist file {Path(path).name} has no {missing.args[0]}") from None
    template, _ = ChecklistTemplate.objects.update_or_create(
        authority=authority, slug=slug, version=int(data.get("version", 1)), defaults={"name": name}
    )
    if framework is not None:
        template.framework = framework
        template.save(update_fields=["framework"])
    for area_order, area_data in enumerate(areas):
        area, _ = ChecklistArea.objects.update_or_create(
            template=template, key=area_data["key"], defaults={"title": area_data["title"], "order": area_order}
        )
        for item_order, item_data in enumerate(area_data.get("items", [])):
            ChecklistItem.objects.update_or_create(
                area=area,
                key=item_data["key"],
                defaults={
                    "text": item_data["text"],
                    "order": item_order,
                    "required": bool(item_data.get("required", True)),
                },
            )
    return template


def checklist_file_for_slug(slug):
    path = CHECKLIST_DIR / f"{slug}.toml"
    return path if path.is_file() else None


def on_framework_loaded(sender, framework, **kwargs):
    """classification.signals.framework_loaded: load the checklist file named after the framework, if any."""
    path = checklist_file_for_slug(framework.slug)
    if path is not None:
        checklist_template_load(authority=framework.authority, path=path, framework=framework)


# --- The annual conversation ---


def _template_for(school):
    templates = ChecklistTemplate.objects.filter(authority=school.authority).order_by("-version", "-pk")
    framework = framework_for_school(school)
    for_framework = templates.filter(framework=framework).first() if framework is not None else None
    return for_framework or templates.first()


def planned_conversation_visit(school, academic_year):
    """The visit planner's annual governance conversation for the school and year, if planned."""
    return (
        Visit.objects.filter(school=school, academic_year=academic_year, visit_type__code=CONVERSATION_VISIT_TYPE)
        .exclude(status=Visit.Status.CANCELLED)
        .order_by("planned_date")
        .first()
    )


@transaction.atomic
def conversation_open(*, school, academic_year, user=None, due_by=None, template=None):
    """Open (or return) the school's conversation for the year. Only maintained schools have one."""
    if not school.is_maintained:
        raise ValidationError("The annual governance conversation is for maintained schools only.")
    visit = planned_conversation_visit(school, academic_year)
    existing = Conversation.objects.filter(school=school, academic_year=academic_year).first()
    if existing is not None:
        if existing.visit_id is None and visit is not None:
            existing.visit = visit
            if existing.status != Conversation.Status.AGREED:
                existing.due_by = visit.planned_date
            existing.save(update_fields=["visit", "due_by"])
        return existing
    template = template or _template_for(school)
    if template is None:
        raise ValidationError("No annual conversation checklist is loaded for this school’s authority.")
    conversation = Conversation(
        school=school,
        academic_year=academic_year,
        template=template,
        visit=visit,
        due_by=due_by or (visit.planned_date if visit else date(academic_year + 1, 7, 15)),
    )
    conversation.stamp(user)
    conversation.full_clean()
    conversation.save()
    return conversation


def evidence_problem(upload):
    """A message if an evidence upload is not acceptable (by its content, size and name), else None."""
    return upload_problem(upload, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)


def letter_problem(letter):
    """A message if an escalation letter is not a PDF (by its content) smaller than 10MB, else None."""
    return upload_problem(letter, allowed=LETTER_TYPES, max_bytes=EVIDENCE_MAX_BYTES)


def checklist_missing(conversation, answers):
    """Field names of required items without a rating, given answers {item: (rating, comment)}."""
    return [item for item in conversation_items(conversation) if item.required and not answers.get(item.pk, ("",))[0]]


def conversation_items(conversation):
    return list(ChecklistItem.objects.filter(area__template=conversation.template).select_related("area"))


@transaction.atomic
def checklist_save(*, conversation, user, answers, files=None, submit=False, expected_version=None):
    """Save the board's self-assessment. answers: {item_id: (rating, comment)}; files: {item_id: [uploads]}.

    With submit=True every required item needs a rating; the conversation is then submitted. expected_version: the
    conversation's edit_version the form was opened at; a save from an older one is refused (EditConflict).
    """
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.status != Conversation.Status.DRAFT:
        raise ValidationError("This checklist has already been submitted.")
    version_claim(
        conversation,
        expected_version=expected_version,
        what="this checklist",
        outcome="Your changes have not been saved: choose any evidence files again.",
    )
    files = files or {}
    items = {item.pk: item for item in conversation_items(conversation)}
    errors = {}
    for item_id, uploads in files.items():
        for upload in uploads:
            problem = evidence_problem(upload)
            if problem:
                errors[f"item_{item_id}_evidence"] = problem
    for item_id, (rating, _comment) in answers.items():
        if item_id not in items:
            errors["__all__"] = "An answer does not belong to this checklist"
        elif rating and rating not in ChecklistResponse.Rating.values:
            errors[f"item_{item_id}_rating"] = "Choose met, partly met or not met"
    if submit:
        for item in checklist_missing(conversation, answers):
            errors.setdefault(f"item_{item.pk}_rating", f"Choose how well the board meets “{item.text}”")
    if errors:
        raise ValidationError(errors)
    existing = {r.item_id: r for r in conversation.responses.all()}
    for item_id, (rating, comment) in answers.items():
        response = existing.get(item_id) or ChecklistResponse(conversation=conversation, item_id=item_id)
        response.rating = rating or ""
        response.comment = comment or ""
        response.stamp(user)
        response.full_clean(exclude=["conversation", "item"])
        response.save()
        existing[item_id] = response
        for upload in files.get(item_id, []):
            checked = check_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)
            EvidenceFile.objects.create(
                response=response,
                file=upload,
                content_type=checked.content_type,
                original_name=Path(upload.name).name[:200],
                size=upload.size,
                uploaded_by=user,
            )
    if submit:
        conversation.status = Conversation.Status.SUBMITTED
        conversation.submitted_at = timezone.now()
        conversation.submitted_by = user
    conversation.stamp(user)
    conversation.save()
    if submit:
        _tell_checklist_submitted(conversation, user)
    return conversation


def _chairs_of(school):
    """The school's chair(s) of governors with an active account."""
    rows = RoleAssignment.objects.filter(school=school, role=Role.GOVERNOR, is_chair=True, user__is_active=True)
    return [row.user for row in rows.select_related("user").order_by("user__pk")]


def _tell_checklist_submitted(conversation, user):
    """The school's QA lead, and the chair when someone else (an invited governor) submitted it."""
    school = conversation.school
    recipients = [school.qa_lead, *_chairs_of(school)]
    with urls_for(None):  # notify gives the path its authority's prefix
        url = reverse("governance:record", kwargs={"urn": school.urn, "year": conversation.academic_year})
    notify(
        recipients=[person for person in recipients if person is not None and person != user],
        kind=CHECKLIST_SUBMITTED,
        text=f"{user.get_full_name() or user.email} has submitted the governance checklist "
        f"{conversation.year_label} of {school.name}.",
        url=url,
        key=f"checklist-submitted:{conversation.pk}:{conversation.submitted_at.isoformat()}",
        authority=school.authority,
    )


@transaction.atomic
def conversation_invite_helper(*, conversation, user, helper):
    """The chair invites another governor of the same board to help complete the checklist."""
    if conversation.school_id not in helper.school_ids_for(Role.GOVERNOR):
        raise ValidationError({"helper": "Choose a governor of this school’s board"})
    conversation.helpers.add(helper)
    return conversation


@transaction.atomic
def conversation_review(*, conversation, user, held_on, area_views, actions, outcome_summary, agree=False):
    """The authority officer's record of the conversation. area_views: {area_id: text};
    actions: [(description, owner, due_on)]. With agree=True every area needs a view and the summary is required."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.status == Conversation.Status.DRAFT:
        raise ValidationError("The board has not submitted its checklist yet.")
    areas = {area.pk: area for area in conversation.template.areas.all()}
    errors = {}
    if agree:
        for area_id, area in areas.items():
            if not (area_views.get(area_id) or "").strip():
                errors[f"area_{area_id}"] = f"Enter the authority’s view on {in_sentence(area.title)}"
        if not outcome_summary.strip():
            errors["outcome_summary"] = "Enter the outcome summary"
        if held_on is None:
            errors["held_on"] = "Enter the date the conversation was held"
    for index, (description, owner, due_on) in enumerate(actions):
        if not (description and owner and due_on):
            errors[f"action_{index}"] = "Enter each action’s description, owner and due date"
    if errors:
        raise ValidationError(errors)
    for area_id, text in area_views.items():
        if area_id in areas and text.strip():
            review = AreaReview.objects.filter(conversation=conversation, area_id=area_id).first() or AreaReview(
                conversation=conversation, area_id=area_id
            )
            review.authority_view = text
            review.stamp(user)
            review.save()
    conversation.actions.all().delete()
    for description, owner, due_on in actions:
        action = AgreedAction(conversation=conversation, description=description, owner=owner, due_on=due_on)
        action.stamp(user)
        action.full_clean()
        action.save()
    conversation.held_on = held_on
    conversation.outcome_summary = outcome_summary
    if agree:
        conversation.status = Conversation.Status.AGREED
        conversation.agreed_at = timezone.now()
    conversation.stamp(user)
    conversation.full_clean()
    conversation.save()
    return conversation


# --- Escalation ---


def _who(user):
    return (user.get_full_name() or user.email) if user else "The authority"


@transaction.atomic
def escalation_step_record(*, school, user, step, taken_on, who, summary, letter=None, letter_to_school=False):
    codes = {s.code for s in ladder.ladder_for(school)}
    if step not in codes:
        raise ValidationError({"step": "Choose a step on this school’s escalation ladder"})
    if step in ladder.SPECIAL_STEPS:
        raise ValidationError({"step": "Record a warning notice or statutory power with its own form"})
    problem = letter_problem(letter) if letter is not None else None
    if problem:
        raise ValidationError({"letter": problem})
    entry = EscalationStep(
        school=school,
        step=step,
        taken_on=taken_on,
        who=who,
        summary=summary,
        letter=letter or "",
        letter_content_type=PDF.content_type if letter is not None else "",
        letter_to_school=letter_to_school and letter is not None,
    )
    entry.stamp(user)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def warning_notice_issue(
    *,
    school,
    user,
    issued_on,
    compliance_days=15,
    low_standards=False,
    management_breakdown=False,
    safety_threatened=False,
    summary="",
    issued_by="",
):
    """Record a warning notice. Who issues it follows from the school's ladder (governance.ladder): the local
    authority's s60 EIA 2006 notice to a maintained school, the Regional Schools Commissioner's to an academy of a
    trust. Refused where the ladder has none (a local authority looking at an academy): nothing is saved."""
    school_ladder = ladder.ladder_of(school)
    if not school_ladder.warning_notice_by:
        raise ValidationError(NO_WARNING_NOTICE_FOR_ACADEMY)
    issued_by = issued_by or school_ladder.warning_notice_by
    if issued_by != school_ladder.warning_notice_by:
        issuer = WarningNotice.IssuedBy(school_ladder.warning_notice_by).label
        message = f"A warning notice to this school is issued by {issuer[:1].lower()}{issuer[1:]}"
        raise ValidationError({"issued_by": message})
    if not (low_standards or management_breakdown or safety_threatened):
        raise ValidationError({"grounds": "Choose at least one ground for the warning notice"})
    notice = WarningNotice(
        school=school,
        issued_by=issued_by,
        issued_on=issued_on,
        compliance_days=compliance_days,
        low_standards=low_standards,
        management_breakdown=management_breakdown,
        safety_threatened=safety_threatened,
    )
    notice.stamp(user)
    notice.full_clean()
    notice.save()
    step = EscalationStep(
        school=school,
        step="warning_notice",
        taken_on=issued_on,
        who=_who(user),
        summary=summary
        or (
            "Warning notice issued: "
            if issued_by == WarningNotice.IssuedBy.AUTHORITY
            else "Warning notice issued by the Regional Schools Commissioner: "
        )
        + "; ".join(notice.grounds),
    )
    step.stamp(user)
    step.full_clean()
    step.save()
    return notice


@transaction.atomic
def warning_notice_record_outcome(*, notice, user, outcome, outcome_on):
    if outcome_on < notice.issued_on:
        raise ValidationError({"outcome_on": "The outcome date must be after the notice was issued"})
    notice.outcome = outcome
    notice.outcome_on = outcome_on
    notice.stamp(user)
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def statutory_power_take(*, school, user, power, started_on, ended_on=None, notes=""):
    """Record a power taken: the local authority's statutory powers over a maintained school, or a trust's own
    powers over its academy (governance.ladder). A local authority has none over an academy."""
    school_ladder = ladder.ladder_of(school)
    if not school_ladder.powers:
        raise ValidationError(school_ladder.no_powers)
    if power not in school_ladder.powers:
        raise ValidationError({"power": school_ladder.wrong_power})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The date the power ended must be after the date it was taken"})
    taken = StatutoryPower(school=school, power=power, started_on=started_on, ended_on=ended_on, notes=notes)
    taken.stamp(user)
    taken.full_clean()
    taken.save()
    step = EscalationStep(
        school=school,
        step=school_ladder.powers_step,
        taken_on=started_on,
        who=_who(user),
        summary=notes or taken.get_power_display(),
    )
    step.stamp(user)
    step.full_clean()
    step.save()
    return taken
