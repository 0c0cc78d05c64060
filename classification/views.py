from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qa_portal.concurrency import EditConflict, conflict_shown
from qa_portal.form_errors import apply_service_errors
from qa_portal.permissions import authority_with_perm, require_perm
from schools.selectors import get_school_for_user

from . import forms, selectors, services
from .annual_letters import annual_letters_start
from .letters import letter_pdf
from .models import Classification, Entitlement, ReviewRequest


def school_classification(request, urn):
    """Officers' view of a school's classification: current band, assessments and decisions (internal)."""
    school = get_school_for_user(request.user, request.authority, urn, perm="classification.view_internal")
    context = {
        "school": school,
        "framework": selectors.framework_for_school(school),
        "published": selectors.published_classification_for_school(school),
        "assessments": selectors.recent_assessments(school),
        "decisions": selectors.recent_decisions(school),
        "can_assess": request.user.has_perm("classification.assess_school", school),
        "timeline": selectors.band_timeline(school, timezone.localdate()),
    }
    return render(request, "classification/school_classification.html", context)


@require_POST
def assessment_start(request, urn):
    school = get_school_for_user(request.user, request.authority, urn, perm="classification.assess_school")
    try:
        assessment = services.assessment_start(school=school, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("classification:school", urn=school.urn)
    return redirect("classification:assessment", pk=assessment.pk)


def assessment_detail(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, request.authority, pk)
    can_edit = request.user.has_perm("classification.assess_school", assessment) and assessment.status == "draft"
    form = None
    if can_edit:
        form = forms.AssessmentForm(request.POST or None, assessment=assessment)
        if request.method == "POST" and form.is_valid():
            try:
                services.assessment_record(assessment=assessment, user=request.user, **form.cleaned_values())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Judgements saved and the suggestion updated")
                return redirect("classification:assessment", pk=assessment.pk)
    elif request.method == "POST":
        require_perm(request.user, "classification.assess_school", assessment)
        raise Http404("This assessment is complete")
    snapshot = assessment.evidence_snapshot or {}
    context = {
        "assessment": assessment,
        "school": assessment.school,
        "form": form,
        "can_edit": can_edit,
        "can_propose": request.user.has_perm("classification.propose_band", assessment)
        and not selectors.has_open_classification(assessment.school),
        "indicators": selectors.indicators_shown(snapshot),
        "snapshot": snapshot,
        "ofsted_start": selectors.snapshot_date((snapshot.get("ofsted") or {}).get("start_date")),
        "head_started": selectors.snapshot_date((snapshot.get("headteacher") or {}).get("started_on")),
        "rule_reasons": [reason for reason in assessment.reasons() if reason.kind == "rule"],
        "concern_reasons": [reason for reason in assessment.reasons() if reason.kind == "concern"],
        "note_reasons": [reason for reason in assessment.reasons() if reason.kind == "note"],
        "judgements": selectors.area_judgements_of(assessment),
        "grades": selectors.grades_of(assessment),
    }
    return render(request, "classification/assessment.html", context)


def propose(request, pk):
    assessment = selectors.get_assessment_for_user(
        request.user, request.authority, pk, perm="classification.propose_band"
    )
    form = forms.ProposeForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            classification = services.classification_propose(
                assessment=assessment,
                band=data["band"],
                rationale=data["rationale"],
                user=request.user,
                review_meeting_on=data.get("review_meeting_on"),
                entry_condition_on=data.get("entry_condition_on"),
                concerns=data.get("concerns", ""),
                trust_conversation=data.get("trust_conversation", ""),
                school_reason=data.get("school_reason", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Proposal sent to the director")
            return redirect("classification:decision", pk=classification.pk)
    return render(
        request,
        "classification/propose.html",
        {"assessment": assessment, "school": assessment.school, "form": form},
    )


def decision(request, pk):
    """A proposal and everything that happened to it; the director decides, the QA lead records the discussion
    and publishes."""
    classification = selectors.get_classification_for_user(request.user, request.authority, pk)
    user = request.user
    can_decide = classification.status == Classification.Status.PROPOSED and user.has_perm(
        "classification.decide_classification", classification
    )
    can_discuss = classification.status == Classification.Status.CONFIRMED and user.has_perm(
        "classification.record_discussion", classification
    )
    can_publish = classification.status == Classification.Status.DISCUSSED and user.has_perm(
        "classification.publish_classification", classification
    )
    decision_form = forms.DecisionForm(prefix="d") if can_decide else None
    discussion_form = forms.DiscussionForm(prefix="m") if can_discuss else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decide":
                require_perm(user, "classification.decide_classification", classification)
                decision_form = forms.DecisionForm(request.POST, prefix="d")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    if data["decision"] == "confirm":
                        services.classification_confirm(
                            classification=classification, user=user, comment=data["comment"]
                        )
                        messages.success(request, "Classification confirmed")
                    else:
                        services.classification_return(
                            classification=classification, user=user, comment=data["comment"]
                        )
                        messages.success(request, "Proposal returned to the QA lead")
                    return redirect("classification:decision", pk=classification.pk)
            elif action == "discussed":
                require_perm(user, "classification.record_discussion", classification)
                discussion_form = forms.DiscussionForm(request.POST, prefix="m")
                if discussion_form.is_valid():
                    services.classification_record_discussion(
                        classification=classification,
                        user=user,
                        discussed_on=discussion_form.cleaned_data["discussed_on"],
                        note=discussion_form.cleaned_data["note"],
                    )
                    messages.success(request, "Discussion with the headteacher recorded")
                    return redirect("classification:decision", pk=classification.pk)
            elif action == "publish":
                require_perm(user, "classification.publish_classification", classification)
                services.classification_publish(classification=classification, user=user)
                messages.success(request, "Published: the headteacher and chair have been sent the letter")
                return redirect("classification:decision", pk=classification.pk)
            else:
                raise Http404("Unknown action")
        except ValidationError as exc:
            target = decision_form or discussion_form
            if target is not None:
                apply_service_errors(target, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("classification:decision", pk=classification.pk)
    history = selectors.decision_history(classification)
    form = decision_form if decision_form is not None and decision_form.is_bound else None
    form = form or (discussion_form if discussion_form is not None and discussion_form.is_bound else None)
    context = {
        "classification": classification,
        "school": classification.school,
        "decision_form": decision_form,
        "discussion_form": discussion_form,
        "form": form,
        "can_publish": can_publish,
        "can_repropose": classification.status == Classification.Status.RETURNED
        and user.has_perm("classification.propose_band", classification)
        and not selectors.has_open_classification(classification.school),
        "history": history,
        "entitlements": selectors.entitlements_of(classification.band),
        "letters": selectors.letters_of(classification),
        "reviews": selectors.reviews_of(classification),
    }
    return render(request, "classification/decision.html", context)


def decisions_list(request):
    """Proposals on their way to publication in the authority."""
    authority = authority_with_perm(request, "classification.view_decisions")
    return render(
        request, "classification/decisions.html", {"rows": selectors.open_decisions_for_user(request.user, authority)}
    )


def request_discussion(request, urn):
    school = get_school_for_user(request.user, request.authority, urn, perm="classification.request_discussion")
    published = selectors.published_classification_for_school(school)
    if published is None:
        raise Http404("Your school has no published classification yet")
    form = forms.RequestDiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discussion_request(
                classification=published, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Your QA lead has been asked to arrange a discussion")
            return redirect("schools:detail", urn=school.urn)
    return render(
        request, "classification/request_discussion.html", {"school": school, "published": published, "form": form}
    )


def close_discussion(request, pk):
    discussion = selectors.get_discussion_for_user(request.user, request.authority, pk)
    form = forms.CloseDiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discussion_close(discussion=discussion, user=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Discussion request closed")
            return redirect("classification:school", urn=discussion.school.urn)
    return render(request, "classification/close_discussion.html", {"discussion": discussion, "form": form})


def request_review(request, urn):
    """The head asks for a review of the school's published classification."""
    school = get_school_for_user(request.user, request.authority, urn, perm="classification.request_review")
    published = selectors.published_classification_for_school(school)
    if published is None:
        raise Http404("Your school has no published classification yet")
    today = timezone.localdate()
    refusal = selectors.review_refusal(published, today)
    form = forms.RequestReviewForm(request.POST or None) if refusal is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            review = services.review_request(
                classification=published, user=request.user, reason=form.cleaned_data["reason"], today=today
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"You have asked for a review: a director will decide by {review.due_on:%-d %B %Y}"
            )
            return redirect(reverse("schools:detail", kwargs={"urn": school.urn}) + "#classification-reviews")
    context = {
        "school": school,
        "published": published,
        "form": form,
        "refusal": refusal,
        "deadline": selectors.review_request_deadline(published),
        "response_days": selectors.review_response_days(published.framework),
    }
    return render(request, "classification/request_review.html", context)


def review_detail(request, pk):
    """A review the school asked for: what is under review and why; a director who was not involved decides."""
    review = selectors.get_review_for_user(request.user, request.authority, pk)
    user = request.user
    can_decide = review.status == ReviewRequest.Status.OPEN and user.has_perm("classification.decide_review", review)
    form = forms.ReviewDecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        require_perm(user, "classification.decide_review", review)
        if form is None:
            messages.error(request, "This review has already been decided")
            return redirect("classification:review", pk=review.pk)
        if form.is_valid():
            try:
                services.review_decide(review=review, user=user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Decision recorded: the headteacher and the QA lead have been told")
                return redirect("classification:review", pk=review.pk)
    classification = review.classification
    context = {
        "review": review,
        "school": review.school,
        "classification": classification,
        "form": form,
        "overdue": review.status == ReviewRequest.Status.OPEN and review.due_on < timezone.localdate(),
        "proposer_cannot_decide": review.status == ReviewRequest.Status.OPEN
        and classification.proposed_by_id == user.pk,
        "can_reassess": review.outcome == ReviewRequest.Outcome.CHANGED
        and user.has_perm("classification.assess_school", review.school),
        "newer_proposal": selectors.proposal_since(review.school, review.decided_at),
    }
    return render(request, "classification/review.html", context)


def reviews_list(request):
    """Reviews schools asked for in the authority: open ones first, soonest due first, overdue flagged."""
    authority = authority_with_perm(request, "classification.view_reviews")
    open_reviews, decided = selectors.review_lists_for_user(request.user, authority)
    return render(
        request,
        "classification/reviews.html",
        {"open_reviews": open_reviews, "decided": decided, "today": timezone.localdate()},
    )


def letter_download(request, pk):
    letter = selectors.get_letter_for_user(request.user, request.authority, pk)
    school = letter.school
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="classification-{school.urn}-{letter.pk}.pdf"'
    return response


# --- Frameworks ----------------------------------------------------------------------------------------------------


def framework_list(request):
    authority = authority_with_perm(request, "classification.view_frameworks")
    return render(
        request,
        "classification/framework_list.html",
        {
            "frameworks": selectors.frameworks_for_user(request.user, authority),
            "can_send_letters": request.user.has_perm("classification.send_annual_letters", authority),
        },
    )


def framework_settings(request, pk):
    framework = selectors.framework_for_admin(request.user, request.authority, pk, perm="classification.view_framework")
    may_manage = request.user.has_perm("classification.manage_framework", framework)
    can_manage = may_manage and framework.is_draft  # only a draft is edited
    form = (
        forms.FrameworkSettingsForm(request.POST or None, instance=framework, initial=_opened_at(framework))
        if can_manage
        else None
    )
    conflict = None
    if request.method == "POST":
        require_perm(request.user, "classification.manage_framework", framework)
        if form is None:
            messages.error(request, services.IN_FORCE_REFUSAL)
            return redirect("classification:framework", pk=framework.pk)
        if form.is_valid():
            try:
                services.framework_update_settings(
                    framework=framework,
                    user=request.user,
                    fields={name: form.cleaned_data[name] for name in form.Meta.fields},
                    expected_version=form.cleaned_data["edit_version"],
                )
            except EditConflict as exc:
                framework.refresh_from_db()
                conflict = conflict_shown(form, exc, _draft_changes(form, exc.record))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Framework settings saved")
                return redirect("classification:framework", pk=framework.pk)
    context = {
        "framework": framework,
        "form": form,
        "conflict": conflict,
        "can_manage": can_manage,
        "bands": selectors.bands_for_framework(framework),
        "standing_items": selectors.standing_agenda_items_of(framework),
        "areas": selectors.areas_with_criteria(framework),
        "rules": selectors.rules_of(framework),
        "problems": services.framework_problems(framework),
        "can_send_letters": request.user.has_perm("classification.send_annual_letters", framework)
        and framework.is_current,
        "review_default_days": selectors.REVIEW_RESPONSE_DAYS_DEFAULT,
        "pending": selectors.pending_framework_for_authority(framework.authority_id),
        "can_draft": may_manage and framework.is_current,
        "may_manage": may_manage,
    }
    if can_manage:
        today = timezone.localdate()
        context["today"] = today
        context["draft_errors"] = list(services.framework_draft_errors(framework).values())
        context["impact"] = services.framework_draft_impact(framework=framework, effective_from=today)
    return render(request, "classification/framework_settings.html", context)


@require_POST
def framework_draft_new(request, pk):
    """ "Edit as a new version": a draft copy of the version in force."""
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    try:
        draft = services.framework_draft_create(framework=framework, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("classification:framework", pk=framework.pk)
    messages.success(request, f"Version {draft.version} started as a draft: change it, then publish it from a date")
    return redirect("classification:framework", pk=draft.pk)


def _draft_for_admin(request, pk):
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if not framework.is_draft:
        raise Http404("This version is not a draft")
    return framework


def framework_publish(request, pk):
    """Publish a draft from a date: the date, then what changes in plans, then the button (a confirmation)."""
    framework = _draft_for_admin(request, pk)
    data = request.POST if request.method == "POST" else (request.GET if "effective_from_0" in request.GET else None)
    form = forms.FrameworkPublishForm(data, framework=framework)
    impact = None
    effective_from = None
    errors = services.framework_draft_errors(framework)
    if form.is_bound and form.is_valid():
        effective_from = form.cleaned_data["effective_from"]
        if request.method == "POST":
            try:
                services.framework_draft_publish(framework=framework, user=request.user, effective_from=effective_from)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                framework.refresh_from_db()
                if framework.is_current:
                    messages.success(
                        request,
                        f"Version {framework.version} is in force: plans are re-planned for visits after "
                        f"{effective_from:%-d %B %Y} and the QA leads whose schools' plans change are told",
                    )
                else:
                    messages.success(
                        request,
                        f"Version {framework.version} comes into force on {effective_from:%-d %B %Y}: "
                        "plans change that morning",
                    )
                return redirect("classification:framework", pk=framework.pk)
        else:
            refusal = services.effective_from_refusal(framework, effective_from)
            if refusal:
                form.add_error("effective_from", refusal)
                effective_from = None
            else:
                impact = services.framework_draft_impact(framework=framework, effective_from=effective_from)
    context = {
        "framework": framework,
        "form": form,
        "impact": impact,
        "effective_from": effective_from,
        "draft_errors": list(errors.values()),
    }
    return render(request, "classification/framework_publish.html", context)


def framework_discard(request, pk):
    framework = _draft_for_admin(request, pk)
    if request.method == "POST":
        based_on = framework.based_on_id
        try:
            services.framework_draft_discard(framework=framework, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("classification:framework", pk=framework.pk)
        messages.success(request, f"Draft version {framework.version} discarded")
        if based_on:
            return redirect("classification:framework", pk=based_on)
        return redirect("classification:frameworks")
    return render(request, "classification/framework_discard.html", {"framework": framework})


def _opened_at(framework, **initial):
    """A draft form's initial values: the draft's version it is opened at, and `initial`."""
    return {"edit_version": framework.edit_version, **initial}


def _draft_changes(form, stored):
    """(label, stored value, the person's value) of each field of a draft's form, choices in words; `stored` is
    the record as it is now (None: removed meanwhile)."""
    changes = []
    for name, field in form.fields.items():
        if name == "edit_version" or name not in form.cleaned_data:
            continue
        words = {str(key): label for key, label in getattr(field, "choices", None) or []}
        theirs = getattr(stored, name, "") if stored is not None else ""
        yours = form.cleaned_data[name]
        changes.append((field.label or name, words.get(str(theirs), theirs), words.get(str(yours), yours)))
    return changes


def _posted_version(request):
    """The draft's version a confirmation page was opened at (None when not sent)."""
    value = request.POST.get("edit_version", "")
    return int(value) if value.isdigit() else None


def _draft_form_data(form):
    """The form's values for the service: (values, the draft's version the form was opened at)."""
    data = dict(form.cleaned_data)
    return data, data.pop("edit_version")


def _refuse_unless_draft(request, framework):
    """The edit pages change a draft only: the version in force sends the admin back to make a new version."""
    if framework.is_draft:
        return None
    messages.error(request, services.IN_FORCE_REFUSAL)
    return redirect("classification:framework", pk=framework.pk)


def band_edit(request, pk, band_pk):
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    band = selectors.get_band_of_framework(framework, band_pk)
    form = forms.BandForm(request.POST or None, instance=band, initial=_opened_at(framework))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data, expected_version = _draft_form_data(form)
        try:
            services.band_update(band=band, user=request.user, expected_version=expected_version, **data)
        except EditConflict as exc:
            stored = selectors.get_band_of_framework(framework, band_pk)
            conflict = conflict_shown(form, exc, _draft_changes(form, stored))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{band.label} saved")
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/band_form.html",
        {"framework": framework, "band": band, "form": form, "conflict": conflict},
    )


def entitlement_edit(request, pk, entitlement_pk):
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    entitlement = selectors.get_entitlement_of_framework(framework, entitlement_pk)
    form = forms.EntitlementForm(request.POST or None, instance=entitlement, initial=_opened_at(framework))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data, expected_version = _draft_form_data(form)
        try:
            services.entitlement_update(
                entitlement=entitlement, user=request.user, expected_version=expected_version, **data
            )
        except EditConflict as exc:
            stored = selectors.get_entitlement_of_framework(framework, entitlement_pk)
            conflict = conflict_shown(form, exc, _draft_changes(form, stored))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Entitlement saved: {entitlement.label}")
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/entitlement_form.html",
        {"framework": framework, "entitlement": entitlement, "form": form, "conflict": conflict},
    )


def entitlement_add(request, pk, band_pk):
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    band = selectors.get_band_of_framework(framework, band_pk)
    form = forms.EntitlementForm(
        request.POST or None,
        instance=Entitlement(band=band),
        submit_label="Add entitlement",
        initial=_opened_at(framework),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data, expected_version = _draft_form_data(form)
        try:
            entitlement = services.entitlement_add(
                band=band, user=request.user, expected_version=expected_version, **data
            )
        except EditConflict as exc:
            conflict = conflict_shown(form, exc, _draft_changes(form, None))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Entitlement added to {band.label}: {entitlement.label}")
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/entitlement_form.html",
        {"framework": framework, "band": band, "form": form, "adding": True, "conflict": conflict},
    )


def entitlement_remove(request, pk, entitlement_pk):
    """A confirmation (what goes), then the removal."""
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    entitlement = selectors.get_entitlement_of_framework(framework, entitlement_pk)
    refusal = ""
    if request.method == "POST":
        label, band = entitlement.label, entitlement.band.label
        try:
            services.entitlement_remove(
                entitlement=entitlement, user=request.user, expected_version=_posted_version(request)
            )
        except EditConflict as exc:
            refusal = exc.message  # the page again, at the draft's version now: confirm once more to remove
            framework.refresh_from_db()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Entitlement removed from {band}: {label}")
        if not refusal:
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/entitlement_remove.html",
        {"framework": framework, "entitlement": entitlement, "refusal": refusal},
    )


def standing_agenda_item_add(request, pk):
    return _standing_agenda_item_form(request, pk, item_pk=None)


def standing_agenda_item_edit(request, pk, item_pk):
    return _standing_agenda_item_form(request, pk, item_pk=item_pk)


def _standing_agenda_item_form(request, pk, *, item_pk):
    """Add a standing agenda item to a draft (item_pk None), or change one."""
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    item = selectors.get_standing_agenda_item_of_framework(framework, item_pk) if item_pk else None
    if item is None:
        form = forms.StandingAgendaItemForm(
            request.POST or None, submit_label="Add agenda item", initial=_opened_at(framework)
        )
    else:
        initial = _opened_at(framework, title=item.title, visit_type=item.visit_type)
        form = forms.StandingAgendaItemForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data, expected_version = _draft_form_data(form)
        try:
            if item is None:
                item = services.standing_agenda_item_add(
                    framework=framework, user=request.user, expected_version=expected_version, **data
                )
                done = "added"
            else:
                services.standing_agenda_item_update(
                    item=item, user=request.user, expected_version=expected_version, **data
                )
                done = "saved"
        except EditConflict as exc:
            stored = selectors.get_standing_agenda_item_of_framework(framework, item_pk) if item_pk else None
            conflict = conflict_shown(form, exc, _draft_changes(form, stored))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Standing agenda item {done}: {item.title}")
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/standing_agenda_item_form.html",
        {"framework": framework, "form": form, "item": item, "conflict": conflict},
    )


def standing_agenda_item_remove(request, pk, item_pk):
    """A confirmation (what goes), then the removal."""
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    item = selectors.get_standing_agenda_item_of_framework(framework, item_pk)
    refusal = ""
    if request.method == "POST":
        try:
            services.standing_agenda_item_remove(
                item=item, user=request.user, expected_version=_posted_version(request)
            )
        except EditConflict as exc:
            refusal = exc.message
            framework.refresh_from_db()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Standing agenda item removed: {item.title}")
        if not refusal:
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/standing_agenda_item_remove.html",
        {"framework": framework, "item": item, "refusal": refusal},
    )


@require_POST
def annual_letters(request, pk):
    framework = selectors.framework_for_admin(
        request.user, request.authority, pk, perm="classification.send_annual_letters"
    )
    job = annual_letters_start(authority=framework.authority, academic_year=framework.academic_year, user=request.user)
    return redirect("jobs:detail", job_id=job.pk)


def criterion_edit(request, pk, criterion_pk):
    framework = selectors.framework_for_admin(request.user, request.authority, pk)
    if refused := _refuse_unless_draft(request, framework):
        return refused
    criterion = selectors.get_indicator_criterion_of_framework(framework, criterion_pk)
    form = forms.CriterionThresholdForm(
        request.POST or None, criterion=criterion, initial=_opened_at(framework, threshold=criterion.threshold)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update_threshold(
                criterion=criterion,
                threshold=form.cleaned_data["threshold"],
                user=request.user,
                expected_version=form.cleaned_data["edit_version"],
            )
        except EditConflict as exc:
            stored = selectors.get_indicator_criterion_of_framework(framework, criterion_pk)
            conflict = conflict_shown(form, exc, _draft_changes(form, stored))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Threshold for {criterion.label} saved")
            return redirect("classification:framework", pk=framework.pk)
    return render(
        request,
        "classification/criterion_form.html",
        {"framework": framework, "criterion": criterion, "form": form, "conflict": conflict},
    )
