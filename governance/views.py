from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from qa_portal.academic_year import academic_year_for, year_label
from qa_portal.concurrency import EditConflict, conflict_shown
from qa_portal.form_errors import apply_service_errors
from qa_portal.pdf import render_pdf
from qa_portal.permissions import authority_with_perm
from qa_portal.uploads import file_response

from . import ladder, selectors, services
from .forms import (
    BoardForm,
    ChecklistForm,
    DeclarationForm,
    EscalationStepForm,
    GovernorForm,
    InviteHelperForm,
    ReviewForm,
    StatutoryPowerForm,
    TrainingForm,
    WarningNoticeForm,
    WarningNoticeOutcomeForm,
)
from .models import ChecklistResponse


def board_detail(request, urn):
    school = selectors.get_board_school_for_user(request.user, request.authority, urn)
    board = selectors.board_for_school(school)
    year = academic_year_for(timezone.localdate())
    conversations = selectors.conversations_for_school(school)
    return render(
        request,
        "governance/board_detail.html",
        {
            "school": school,
            "summary": selectors.board_summary(board) if board else None,
            "can_manage": request.user.has_perm("governance.manage_board", school),
            "conversations": conversations,
            "can_open": school.is_maintained
            and request.user.has_perm("governance.open_conversation", school)
            and not any(c.academic_year == year for c in conversations),
            "year": year,
            "year_label": year_label(year),
            "can_view_escalation": request.user.has_perm("governance.view_escalation", school),
        },
    )


@require_http_methods(["GET", "POST"])
def board_edit(request, urn):
    school = selectors.get_board_school_for_user(request.user, request.authority, urn, perm="governance.manage_board")
    board = selectors.board_of(school)
    form = BoardForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        services.board_save(school=school, user=request.user, **form.cleaned_data)
        messages.success(request, "Board saved.")
        return redirect("governance:board", urn=school.urn)
    return render(request, "governance/form_page.html", {"school": school, "form": form, "title": "Board details"})


@require_http_methods(["GET", "POST"])
def governor_edit(request, urn, governor_id=None):
    school = selectors.get_board_school_for_user(request.user, request.authority, urn, perm="governance.manage_board")
    board = selectors.board_of(school)
    if board is None:
        messages.error(request, "Record the board’s size before adding governors.")
        return redirect("governance:board-edit", urn=school.urn)
    governor = selectors.get_governor_of_board(school, governor_id) if governor_id is not None else None
    form = GovernorForm(request.POST or None, instance=governor, accounts=selectors.governor_accounts_of(school))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["board_role"] = data.get("board_role") or ""
        linked = data.pop("user")
        try:
            if governor is None:
                services.governor_add(board=board, user=request.user, linked_user=linked, **data)
            else:
                services.governor_update(
                    governor=governor, user=request.user, user_id=linked.pk if linked else None, **data
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Governor saved.")
            return redirect("governance:board", urn=school.urn)
    title = "Change governor" if governor else "Add a governor"
    return render(request, "governance/form_page.html", {"school": school, "form": form, "title": title})


@require_POST
def conversation_open(request, urn):
    school = selectors.get_board_school_for_user(
        request.user, request.authority, urn, perm="governance.open_conversation"
    )
    year = academic_year_for(timezone.localdate())
    try:
        services.conversation_open(school=school, academic_year=year, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The annual conversation checklist is open for the board.")
    return redirect("governance:board", urn=school.urn)


@require_http_methods(["GET", "POST"])
def checklist_edit(request, urn, year):
    conversation = selectors.get_conversation_for_user(
        request.user, request.authority, urn, year, perm="governance.edit_checklist"
    )
    rows = selectors.checklist_rows(conversation)
    submitting = request.method == "POST" and "submit" in request.POST
    form = ChecklistForm(
        request.POST or None,
        request.FILES or None,
        rows=rows,
        submitting=submitting,
        initial={"edit_version": conversation.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_save(
                conversation=conversation,
                user=request.user,
                answers=form.answers(),
                files=form.files_by_item(),
                submit=submitting,
                expected_version=form.cleaned_data["edit_version"],
            )
        except EditConflict as error:
            conflict = conflict_shown(form, error, _checklist_changes(error.record, form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if submitting:
                messages.success(request, "Checklist submitted to the authority.")
                return redirect("governance:record", urn=conversation.school.urn, year=year)
            messages.success(request, "Draft saved. You can come back and finish it later.")
            return redirect("governance:checklist", urn=conversation.school.urn, year=year)
    return render(
        request,
        "governance/checklist_form.html",
        {
            "conversation": conversation,
            "school": conversation.school,
            "form": form,
            "conflict": conflict,
            "rows": rows,
            "can_invite": request.user.has_perm("governance.invite_helpers", conversation),
        },
    )


def _checklist_changes(stored, form):
    """(label, stored answer, the person's answer) for every item's rating and comment."""
    ratings = dict(ChecklistResponse.Rating.choices)
    answers = form.answers()
    changes = []
    for _area, items, _review in selectors.checklist_rows(stored):
        for item, response in items:
            rating, comment = answers.get(item.pk, ("", ""))
            changes += [
                (f"{item.text}: rating", response.get_rating_display() if response else "", ratings.get(rating, "")),
                (f"{item.text}: comment", response.comment if response else "", comment),
            ]
    return changes


@require_http_methods(["GET", "POST"])
def checklist_invite(request, urn, year):
    conversation = selectors.get_conversation_for_user(
        request.user, request.authority, urn, year, perm="governance.invite_helpers"
    )
    governors = selectors.governor_accounts_of(conversation.school, but=request.user)
    form = InviteHelperForm(request.POST or None, governors=governors)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_invite_helper(
                conversation=conversation, user=request.user, helper=form.cleaned_data["helper_user"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['helper_user']} can now help complete the checklist.")
            return redirect("governance:checklist", urn=conversation.school.urn, year=year)
    return render(
        request,
        "governance/form_page.html",
        {"school": conversation.school, "form": form, "title": "Invite a governor to help"},
    )


def record_detail(request, urn, year):
    conversation = selectors.get_conversation_for_user(request.user, request.authority, urn, year)
    return render(request, "governance/record.html", _record_context(request, conversation))


def _record_context(request, conversation):
    return {
        "conversation": conversation,
        "school": conversation.school,
        "rows": selectors.checklist_rows(conversation),
        "actions": selectors.agreed_actions(conversation),
        "can_edit": request.user.has_perm("governance.edit_checklist", conversation),
        "can_review": request.user.has_perm("governance.review_conversation", conversation),
    }


def record_pdf(request, urn, year):
    conversation = selectors.get_conversation_for_user(request.user, request.authority, urn, year)
    pdf = render_pdf(
        "governance/record_pdf.html",
        _record_context(request, conversation),
        request=request,
        authority=conversation.school.authority,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"governance-conversation-{conversation.school.urn}-{conversation.academic_year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def review_edit(request, urn, year):
    conversation = selectors.get_conversation_for_user(
        request.user, request.authority, urn, year, perm="governance.review_conversation"
    )
    rows = selectors.checklist_rows(conversation)
    actions = selectors.agreed_actions(conversation)
    initial = {"held_on": conversation.held_on, "outcome_summary": conversation.outcome_summary}
    form = ReviewForm(request.POST or None, rows=rows, actions=actions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_review(
                conversation=conversation,
                user=request.user,
                held_on=form.cleaned_data.get("held_on"),
                area_views=form.area_views(),
                actions=form.actions(),
                outcome_summary=form.cleaned_data.get("outcome_summary") or "",
                agree="agree" in request.POST,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Review saved." if "agree" not in request.POST else "Record agreed.")
            return redirect("governance:record", urn=conversation.school.urn, year=year)
    return render(
        request,
        "governance/review_form.html",
        {"conversation": conversation, "school": conversation.school, "form": form, "rows": rows},
    )


def overdue_list(request):
    authority = authority_with_perm(request, "governance.view_overdue")
    return render(
        request,
        "governance/overdue.html",
        {
            "conversations": list(selectors.overdue_conversations_for_user(request.user, authority)),
            "unopened": list(selectors.unopened_planned_conversations_for_user(request.user, authority)),
        },
    )


def escalation_detail(request, urn):
    school = selectors.get_board_school_for_user(
        request.user, request.authority, urn, perm="governance.view_escalation"
    )
    return render(
        request,
        "governance/escalation.html",
        {
            "school": school,
            **selectors.escalation_for_school(school),
            "can_record": request.user.has_perm("governance.record_escalation", school),
        },
    )


@require_http_methods(["GET", "POST"])
def escalation_step_add(request, urn):
    school = selectors.get_board_school_for_user(
        request.user, request.authority, urn, perm="governance.record_escalation"
    )
    form = EscalationStepForm(request.POST or None, request.FILES or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_step_record(school=school, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Escalation step recorded.")
            return redirect("governance:escalation", urn=school.urn)
    return render(
        request,
        "governance/form_page.html",
        {"school": school, "form": form, "title": "Record an escalation step", "multipart": True},
    )


@require_http_methods(["GET", "POST"])
def warning_notice_add(request, urn):
    school = selectors.get_board_school_for_user(
        request.user, request.authority, urn, perm="governance.record_escalation"
    )
    form = WarningNoticeForm(request.POST or None, school_ladder=ladder.ladder_of(school))
    if request.method == "POST" and form.is_valid():
        grounds = set(form.cleaned_data["grounds"])
        try:
            services.warning_notice_issue(
                school=school,
                user=request.user,
                issued_by=form.cleaned_data.get("issued_by") or "",
                issued_on=form.cleaned_data["issued_on"],
                compliance_days=form.cleaned_data["compliance_days"],
                low_standards="low_standards" in grounds,
                management_breakdown="management_breakdown" in grounds,
                safety_threatened="safety_threatened" in grounds,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Warning notice recorded.")
            return redirect("governance:escalation", urn=school.urn)
    return render(
        request, "governance/form_page.html", {"school": school, "form": form, "title": "Record a warning notice"}
    )


@require_http_methods(["GET", "POST"])
def statutory_power_add(request, urn):
    school = selectors.get_board_school_for_user(
        request.user, request.authority, urn, perm="governance.record_escalation"
    )
    school_ladder = ladder.ladder_of(school)
    form = StatutoryPowerForm(request.POST or None, school_ladder=school_ladder)
    if request.method == "POST" and form.is_valid():
        try:
            services.statutory_power_take(school=school, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Power recorded.")
            return redirect("governance:escalation", urn=school.urn)
    return render(
        request, "governance/form_page.html", {"school": school, "form": form, "title": school_ladder.powers_title}
    )


def escalation_letter(request, urn, step_id):
    step = selectors.get_letter_for_user(request.user, request.authority, urn, step_id)
    return file_response(
        step.letter, filename=step.letter.name.rsplit("/", 1)[-1], content_type=step.letter_content_type
    )


@require_http_methods(["GET", "POST"])
def governor_record_add(request, urn, governor_id, kind):
    """Add a training record or a declaration of interests to a governor."""
    school = selectors.get_board_school_for_user(request.user, request.authority, urn, perm="governance.manage_board")
    governor = selectors.get_governor_of_board(school, governor_id)
    form_class, title = {
        "training": (TrainingForm, f"Add training for {governor.name}"),
        "declaration": (DeclarationForm, f"Add a declaration of interests for {governor.name}"),
    }[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if kind == "training":
            services.governor_training_add(governor=governor, **form.cleaned_data)
        else:
            services.governor_declaration_add(governor=governor, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("governance:board", urn=school.urn)
    return render(request, "governance/form_page.html", {"school": school, "form": form, "title": title})


def evidence_download(request, urn, year, evidence_id):
    conversation = selectors.get_conversation_for_user(request.user, request.authority, urn, year)
    evidence = selectors.get_evidence_of_conversation(conversation, evidence_id)
    return file_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


@require_http_methods(["GET", "POST"])
def warning_notice_outcome(request, urn, notice_id):
    school = selectors.get_board_school_for_user(
        request.user, request.authority, urn, perm="governance.record_escalation"
    )
    notice = selectors.get_warning_notice_of_school(school, notice_id)
    form = WarningNoticeOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_notice_record_outcome(notice=notice, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect("governance:escalation", urn=school.urn)
    title = f"Outcome of the warning notice of {notice.issued_on:%-d %B %Y}"
    return render(request, "governance/form_page.html", {"school": school, "form": form, "title": title})
