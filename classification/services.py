"""Every write in classification: framework settings, assessments, the decision workflow, letters, discussions.

Frameworks are loaded from their presets by classification.frameworks.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qa_portal.academic_year import academic_year_for
from qa_portal.accounts.models import User
from qa_portal.accounts.selectors import school_contact_emails
from qa_portal.concurrency import version_claim
from qa_portal.jobs.services import outbox_task
from qa_portal.links import urls_for
from qa_portal.notifications.services import notify

from . import engine, notifications, triggers
from . import visit_types as catalogue
from .letter_templates import template_problems
from .models import (
    AreaJudgement,
    Assessment,
    Band,
    Classification,
    Criterion,
    CriterionJudgement,
    DiscussionRequest,
    Entitlement,
    Framework,
    Letter,
    LetterTemplate,
    ReviewRequest,
    Rule,
    StandingAgendaItem,
)
from .reasons import ReasonKind
from .selectors import (
    OPEN_STATUSES,
    framework_for_school,
    latest_published_for_authority,
    review_refusal,
    review_response_days,
)
from .signals import band_published, framework_published

UNSET = object()

EMAILS = "classification/emails"


def _path(viewname, **kwargs):
    """A page's path without an authority prefix (notify adds the authority's), even inside a request."""
    with urls_for(None):
        return reverse(viewname, kwargs=kwargs or None)


def _others(people, user):
    """`people` without the person who acted (nobody is told about their own action)."""
    return [person for person in people if person is not None and person.pk != user.pk]


# ---------------------------------------------------------------------------------------------------------------
# Frameworks
# ---------------------------------------------------------------------------------------------------------------


def framework_problems(framework):
    """What is wrong with a framework as a whole (empty list when it can run)."""
    problems = []
    bands = list(framework.bands.prefetch_related("entitlements"))
    if not bands:
        problems.append("A framework needs at least one band")
    severities = [band.severity for band in bands]
    if len(severities) != len(set(severities)):
        problems.append("No two bands may have the same severity")
    for band in bands:
        if not band.entitlements.all():
            problems.append(f"Band {band.label} has no entitlements: say what support it brings")
    if not framework.rules.filter(kind=Rule.Kind.DEFAULT).exists():
        problems.append("A framework needs a default rule (the band when nothing else applies)")
    return problems


IN_FORCE_REFUSAL = "Make a new version to change the framework in force"


def _require_draft(framework):
    """Only a draft version is edited; the version in force (and every earlier one) stays as published."""
    if framework.status != Framework.Status.DRAFT:
        raise ValidationError(IN_FORCE_REFUSAL)


def _copy(instance, **changes):
    """An unsaved copy of `instance` (every concrete field but its key and audit stamps), with `changes`."""
    skip = {"id", "created_at", "updated_at", "created_by", "updated_by"}
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in skip and field.attname not in skip
    }
    for name, value in changes.items():
        values.pop(f"{name}_id", None)
        values[name] = value
    return type(instance)(**values)


@transaction.atomic
def framework_draft_create(*, framework, user, today=None):
    """ "Edit as a new version": copy the version in force, with its bands, entitlements, evidence areas,
    criteria, rules and standing agenda items, as the next version, a draft. One draft at a time."""
    today = today or timezone.localdate()
    if not framework.is_current:
        raise ValidationError("Start a new version from the framework in force")
    pending = Framework.objects.filter(
        authority_id=framework.authority_id, status__in=[Framework.Status.DRAFT, Framework.Status.SCHEDULED]
    ).first()
    if pending is not None:
        raise ValidationError(
            f"Version {pending.version} is already {pending.get_status_display().lower()}: "
            "finish or discard it before starting another"
        )
    latest = Framework.objects.filter(authority_id=framework.authority_id, slug=framework.slug).order_by("-version")
    draft = _copy(
        framework,
        version=latest.values_list("version", flat=True).first() + 1,
        academic_year=max(framework.academic_year, academic_year_for(today)),
        is_current=False,
        status=Framework.Status.DRAFT,
        based_on=framework,
        effective_from=None,
        published_at=None,
        published_by=None,
        content_hash="",  # no longer the preset file: loading the preset again does not take this version
    )
    draft.stamp(user)
    draft._history_user = user
    draft.full_clean()
    draft.save()
    areas = {}
    for area in framework.areas.all():
        copy = _copy(area, framework=draft)
        copy.save()
        areas[area.pk] = copy
    bands = {}
    for band in framework.bands.prefetch_related("entitlements"):
        copy = _copy(band, framework=draft)
        copy.stamp(user)
        copy._history_user = user
        copy.save()
        bands[band.pk] = copy
        for entitlement in band.entitlements.all():
            row = _copy(entitlement, band=copy)
            row.stamp(user)
            row._history_user = user
            row.save()
    for criterion in framework.criteria.all():
        _copy(criterion, framework=draft, area=areas[criterion.area_id]).save()
    for rule in framework.rules.all():
        _copy(
            rule,
            framework=draft,
            band=bands.get(rule.band_id) if rule.band_id else None,
            from_band=bands.get(rule.from_band_id) if rule.from_band_id else None,
        ).save()
    for item in framework.standing_agenda_items.all():
        _copy(item, framework=draft).save()
    return draft


@transaction.atomic
def framework_draft_discard(*, framework, user):
    """Throw a draft away (nothing was made under it)."""
    _require_draft(framework)
    if framework.assessments.exists() or framework.classifications.exists():
        raise ValidationError("Decisions were made under this version: it cannot be discarded")
    framework.delete()


def framework_draft_errors(framework):
    """{field: message} of what stops a draft being published. Each message names its field, e.g.
    "bands[Yellow].entitlements: choose a visit type from the list"."""
    errors = {}

    def refuse(key, text):
        errors.setdefault(key, f"{key}: {text}")

    bands = list(framework.bands.prefetch_related("entitlements").order_by("severity", "pk"))
    if not bands:
        refuse("bands", "a framework needs at least one band")
    known = {code for code, _name in catalogue.visit_type_choices()}
    codes, severities = {}, {}
    for band in bands:
        if band.code in codes:
            refuse(f"bands[{band.label}].code", f"{codes[band.code]} already has the code {band.code}")
        codes.setdefault(band.code, band.label)
        if band.severity in severities:
            refuse(f"bands[{band.label}].severity", f"{severities[band.severity]} already has severity {band.severity}")
        severities.setdefault(band.severity, band.label)
        for entitlement in band.entitlements.all():
            key = f"bands[{band.label}].entitlements"
            if known and entitlement.visit_type not in known:
                refuse(key, "choose a visit type from the list")
            elif entitlement.count < 1:
                refuse(key, "enter a number of visits of 1 or more")
            elif entitlement.term and entitlement.per != Entitlement.Per.YEAR:
                refuse(key, "only a yearly entitlement can be tied to one term")
    if not framework.rules.filter(kind=Rule.Kind.DEFAULT).exists():
        refuse("rules", "a framework needs a default rule (the band when nothing else applies)")
    return errors


def effective_from_refusal(framework, effective_from, today=None):
    """Why a draft cannot come into force on `effective_from` (None when it can)."""
    return _effective_from_errors(framework, effective_from, today or timezone.localdate())


def _effective_from_errors(framework, effective_from, today):
    year = framework.academic_year
    if effective_from is None:
        return "Enter the date the version comes into force"
    if effective_from < today:
        return "The date the version comes into force must be today or later"
    if academic_year_for(effective_from) != year:
        return (
            f"The date the version comes into force must be in {framework.academic_year_label} "
            f"(1 September {year} to 31 August {year + 1})"
        )
    return None


def framework_draft_impact(*, framework, effective_from):
    """What publishing the draft from `effective_from` would change in plans (None when nothing plans visits)."""
    return catalogue.plan_impact(framework, effective_from)


@transaction.atomic
def framework_draft_publish(*, framework, user, effective_from, today=None):
    """Publish a draft from `effective_from` (today or later, in its academic year). From today: it comes into
    force now; from a later day: it is scheduled and the daily job brings it into force that day. The version it
    replaces is kept, superseded, with the decisions made under it."""
    today = today or timezone.localdate()
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _require_draft(framework)
    refusal = _effective_from_errors(framework, effective_from, today)
    if refusal:
        raise ValidationError({"effective_from": refusal})
    errors = framework_draft_errors(framework)
    if errors:
        raise ValidationError(errors)
    framework.status = Framework.Status.SCHEDULED
    framework.effective_from = effective_from
    framework.published_at = timezone.now()
    framework.published_by = user
    framework.stamp(user)
    framework._history_user = user
    framework.full_clean()
    framework.save()
    if effective_from <= today:
        _framework_bring_into_force(framework, user=user)
    return framework


def _framework_bring_into_force(framework, *, user):
    """The scheduled version becomes the one in force; plans re-plan from its date; the QA leads of the schools
    whose plans change are told."""
    impact = catalogue.plan_impact(framework, framework.effective_from)
    previous = Framework.objects.filter(authority_id=framework.authority_id, is_current=True).first()
    Framework.objects.filter(authority_id=framework.authority_id, is_current=True).update(
        is_current=False, status=Framework.Status.SUPERSEDED, updated_at=timezone.now()
    )
    framework.is_current = True
    framework.status = Framework.Status.PUBLISHED
    framework._history_user = user
    framework.save()
    effective_from = framework.effective_from
    transaction.on_commit(
        lambda: framework_published.send(
            sender=Framework, framework=framework, previous=previous, effective_from=effective_from, user=user
        )
    )
    if impact is not None:
        _tell_plans_changed(framework, impact, user)
    return framework


def _tell_plans_changed(framework, impact, user):
    by_lead = {}
    for row in impact.schools:
        if row.qa_lead_id is not None:
            by_lead.setdefault(row.qa_lead_id, []).append(row)
    leads = User.objects.filter(pk__in=list(by_lead), is_active=True)
    for lead in leads:
        rows = sorted(by_lead[lead.pk], key=lambda row: row.school_name)
        changes = "; ".join(
            f"{row.school_name}: {row.visits_added} added, {row.visits_removed} removed" for row in rows
        )
        count = len(rows)
        schools = "1 of your schools" if count == 1 else f"{count} of your schools"
        text = (
            f"{framework.version_label} is in force from {framework.effective_from:%-d %B %Y}: "
            f"the plans of {schools} change ({changes})."
        )
        if len(text) > 480:
            text = text[:477] + "…"
        recipients = [lead] if user is None else _others([lead], user)
        notify(
            recipients=recipients,
            kind=notifications.FRAMEWORK_PUBLISHED,
            text=text,
            url=_path("visits:plan"),
            key=f"framework-published:{framework.pk}:{lead.pk}",
            authority=framework.authority,
        )


def framework_versions_due(*, today=None):
    """Daily: bring into force every version published from a day that has come. Safe to run again."""
    today = today or timezone.localdate()
    done = []
    for framework in Framework.objects.filter(status=Framework.Status.SCHEDULED, effective_from__lte=today):
        with transaction.atomic():
            locked = Framework.objects.select_for_update().get(pk=framework.pk)
            if locked.status == Framework.Status.SCHEDULED:
                _framework_bring_into_force(locked, user=None)
                done.append(locked.pk)
    return done


def _draft_edited(framework, user, expected_version, *, save=True):
    """Every edit of any part of a draft (its settings, a band, an entitlement, a criterion, a standing item) moves
    the draft's one edit_version, a compare-and-swap from `expected_version` (the version the edit form was opened
    at; None: not checked): a form opened before another person's save is refused (EditConflict). Then the draft
    says who changed it last."""
    version_claim(framework, expected_version=expected_version, what="this draft")
    framework.refresh_from_db(fields=["status"])  # published or discarded meanwhile: refused below
    _require_draft(framework)
    framework.stamp(user)
    framework._history_user = user
    if save:
        framework.save(update_fields=["updated_at", "updated_by", "edit_version"])


@transaction.atomic
def framework_update_settings(*, framework, user, fields, expected_version=None):
    """Change a draft's deadlines and flags. `fields` is a dict of model field -> value."""
    _require_draft(framework)
    _draft_edited(framework, user, expected_version, save=False)
    for key, value in fields.items():
        setattr(framework, key, value)
    framework.stamp(user)
    framework.full_clean()
    framework.save()
    return framework


@transaction.atomic
def band_update(*, band, user, label, colour, severity, definition, support_offer, expected_version=None):
    _require_draft(band.framework)
    _draft_edited(band.framework, user, expected_version)
    clash = Band.objects.filter(framework_id=band.framework_id, severity=severity).exclude(pk=band.pk).first()
    if clash is not None:
        raise ValidationError({"severity": f"{clash.label} already has severity {severity}; choose another"})
    band.label, band.colour, band.severity = label, colour, severity
    band.definition, band.support_offer = definition, support_offer
    band.stamp(user)
    band.full_clean()
    band.save()
    return band


def _check_entitlement(*, visit_type, count, per, term):
    known = {code for code, _name in catalogue.visit_type_choices()}
    if known and visit_type not in known:  # (no catalogue registered: nothing plans visits to check against)
        raise ValidationError({"visit_type": "Choose a visit type from the list"})
    if count is None or count < 1:
        raise ValidationError({"count": "Enter a number of visits of 1 or more"})
    if term and per != Entitlement.Per.YEAR:
        raise ValidationError({"term": "Only a yearly entitlement can be tied to one term"})


@transaction.atomic
def entitlement_add(
    *,
    band,
    user,
    visit_type,
    count,
    per,
    is_minimum=False,
    written_reports=None,
    description="",
    term="",
    expected_version=None,
):
    """A new entitlement of a draft's band ("1 learning walk a term"), the visit type from the catalogue."""
    _require_draft(band.framework)
    _draft_edited(band.framework, user, expected_version)
    _check_entitlement(visit_type=visit_type, count=count, per=per, term=term)
    entitlement = Entitlement(
        band=band,
        visit_type=visit_type,
        count=count,
        per=per,
        term=term,
        is_minimum=is_minimum,
        written_reports=written_reports,
        description=description,
    )
    entitlement.stamp(user)
    entitlement._history_user = user
    entitlement.full_clean()
    entitlement.save()
    return entitlement


@transaction.atomic
def entitlement_remove(*, entitlement, user, expected_version=None):
    """Take an entitlement off a draft's band (the version in force keeps its own)."""
    _require_draft(entitlement.band.framework)
    _draft_edited(entitlement.band.framework, user, expected_version)
    entitlement._history_user = user
    entitlement.delete()


@transaction.atomic
def entitlement_update(
    *,
    entitlement,
    user,
    visit_type,
    count,
    per,
    is_minimum,
    written_reports,
    description,
    term="",
    expected_version=None,
):
    _require_draft(entitlement.band.framework)
    _draft_edited(entitlement.band.framework, user, expected_version)
    _check_entitlement(visit_type=visit_type, count=count, per=per, term=term)
    entitlement.visit_type, entitlement.count, entitlement.per, entitlement.term = visit_type, count, per, term
    entitlement.is_minimum, entitlement.written_reports, entitlement.description = (
        is_minimum,
        written_reports,
        description,
    )
    entitlement.stamp(user)
    entitlement.full_clean()
    entitlement.save()
    return entitlement


def _check_standing_agenda_item(*, title, visit_type):
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the agenda item"})
    if visit_type:
        known = {code for code, _name in catalogue.visit_type_choices()}
        if known and visit_type not in known:
            raise ValidationError({"visit_type": "Choose a visit type from the list, or every meeting"})
    return title


@transaction.atomic
def standing_agenda_item_add(*, framework, user, title, visit_type="", expected_version=None):
    """A standing item at the end of a draft's meeting agendas (every meeting, or one visit type's)."""
    _require_draft(framework)
    _draft_edited(framework, user, expected_version)
    title = _check_standing_agenda_item(title=title, visit_type=visit_type)
    last = framework.standing_agenda_items.order_by("-order").values_list("order", flat=True).first()
    item = StandingAgendaItem(
        framework=framework, title=title, visit_type=visit_type, order=0 if last is None else last + 1
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def standing_agenda_item_update(*, item, user, title, visit_type="", expected_version=None):
    """Reword a draft's standing item or change the meetings it is on; it keeps its place in the order."""
    _require_draft(item.framework)
    _draft_edited(item.framework, user, expected_version)
    item.title = _check_standing_agenda_item(title=title, visit_type=visit_type)
    item.visit_type = visit_type
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def standing_agenda_item_remove(*, item, user, expected_version=None):
    """Take a standing item off a draft's agendas; the others keep their order."""
    framework = item.framework
    _require_draft(framework)
    _draft_edited(framework, user, expected_version)
    item.delete()


@transaction.atomic
def criterion_update_threshold(*, criterion, threshold, user=None, expected_version=None):
    _require_draft(criterion.framework)
    _draft_edited(criterion.framework, user, expected_version)
    if criterion.kind != Criterion.Kind.INDICATOR:
        raise ValidationError({"threshold": "Only indicator criteria have a threshold"})
    criterion.threshold = threshold
    criterion.full_clean()
    criterion.save(update_fields=["threshold"])
    return criterion


# ---------------------------------------------------------------------------------------------------------------
# Assessments and suggestions
# ---------------------------------------------------------------------------------------------------------------


def _current_published(school):
    return (
        Classification.objects.filter(school=school, status=Classification.Status.PUBLISHED)
        .select_related("band")
        .order_by("-published_at", "-pk")
        .first()
    )


def suggest(*, school, framework, on_date, assessment=None):
    """The engine's Result for this school today (no writes)."""
    data = engine.FrameworkData(framework)
    evidence = engine.gather_evidence(school, data, on_date, assessment=assessment, current=_current_published(school))
    return engine.evaluate(data, evidence), evidence


def _refresh_suggestion(assessment):
    result, evidence = suggest(
        school=assessment.school, framework=assessment.framework, on_date=assessment.assessed_on, assessment=assessment
    )
    assessment.suggested_band = result.band
    assessment.explanation = [reason.to_json() for reason in result.reasons]
    assessment.evidence_snapshot = engine.snapshot(evidence, result)
    return result


@transaction.atomic
def assessment_start(*, school, user, on_date=None):
    """Start an assessment of `school` against its authority's current framework, with the suggestion."""
    framework = framework_for_school(school)
    if framework is None:
        raise ValidationError("The authority has no classification framework loaded yet")
    assessment = Assessment(school=school, framework=framework, assessed_on=on_date or timezone.localdate())
    assessment.stamp(user)
    assessment._history_user = user
    _refresh_suggestion(assessment)
    assessment.full_clean()
    assessment.save()
    for area in framework.areas.all():
        judgement = AreaJudgement(assessment=assessment, area=area)
        judgement.stamp(user)
        judgement.save()
    return assessment


@transaction.atomic
def assessment_record(
    *,
    assessment,
    user,
    area_judgements=None,
    criterion_concerns=None,
    sufficient_progress=UNSET,
    internal_notes=None,
    complete=False,
    criterion_grades=None,
    capacity=None,
):
    """Record the QA lead's judgements and evidence, then recompute the suggestion.

    area_judgements: {area_key: (judgement, evidence)}; criterion_concerns: {criterion_code: bool};
    criterion_grades: {graded criterion code: 1 to 4, or None to clear} (a grade at the criterion's concern grade or
    worse is a concern); capacity: one of the framework's capacity levels, or "" (None: unchanged).
    """
    if assessment.status == Assessment.Status.COMPLETE:
        raise ValidationError("This assessment is complete; start a new one to review the classification")
    areas = {a.key: a for a in assessment.framework.areas.all()}
    criteria = {c.code: c for c in assessment.framework.criteria.all()}
    valid = {choice for choice, _label in AreaJudgement.Judgement.choices}
    for key, (judgement, _evidence) in (area_judgements or {}).items():
        if key not in areas:
            raise ValidationError(f"Unknown evidence area {key}")
        if judgement not in valid:
            raise ValidationError(f"Choose a judgement for {areas[key].label}")
    for code in criterion_concerns or {}:
        if code not in criteria:
            raise ValidationError(f"Unknown criterion {code}")
    for code, grade in (criterion_grades or {}).items():
        if code not in criteria or not criteria[code].graded:
            raise ValidationError(f"Unknown graded criterion {code}")
        if grade is not None and grade not in engine.GRADE_WORDS:
            raise ValidationError({f"grade_{code}": f"Choose a grade from 1 to 4 for {criteria[code].label}"})
    levels = [level.strip() for level in assessment.framework.capacity_levels.split(",") if level.strip()]
    if capacity and capacity not in levels:
        raise ValidationError({"capacity": "Choose the school's capacity to improve from the list"})

    for key, (judgement, evidence) in (area_judgements or {}).items():
        row, _ = AreaJudgement.objects.get_or_create(assessment=assessment, area=areas[key])
        if row.judgement != judgement or row.evidence != evidence:
            row.judgement, row.evidence = judgement, evidence
            row.stamp(user)
            row._history_user = user
            row.full_clean()
            row.save()
    for code, is_concern in (criterion_concerns or {}).items():
        row = CriterionJudgement.objects.filter(assessment=assessment, criterion=criteria[code]).first()
        if row is None:
            if not is_concern:
                continue
            row = CriterionJudgement(assessment=assessment, criterion=criteria[code])
        if row.pk and row.is_concern == bool(is_concern):
            continue
        row.is_concern = bool(is_concern)
        row.stamp(user)
        row._history_user = user
        row.save()
    for code, grade in (criterion_grades or {}).items():
        criterion = criteria[code]
        row = CriterionJudgement.objects.filter(assessment=assessment, criterion=criterion).first()
        if row is None:
            if grade is None:
                continue
            row = CriterionJudgement(assessment=assessment, criterion=criterion)
        is_concern = grade is not None and bool(criterion.concern_grade) and grade >= criterion.concern_grade
        if criterion.kind == Criterion.Kind.INDICATOR:
            is_concern = row.is_concern  # an indicator's grade comes from its value; the override stays as it was
        if row.pk and (row.grade, row.is_concern) == (grade, is_concern):
            continue
        row.grade, row.is_concern = grade, is_concern
        row.stamp(user)
        row._history_user = user
        row.save()
    if capacity is not None:
        assessment.capacity = capacity
    if sufficient_progress is not UNSET:
        assessment.sufficient_progress = sufficient_progress
    if internal_notes is not None:
        assessment.internal_notes = internal_notes
    if complete:
        assessment.status = Assessment.Status.COMPLETE
    _refresh_suggestion(assessment)
    assessment.stamp(user)
    assessment._history_user = user
    assessment.full_clean()
    assessment.save()
    if complete:
        triggers.resolve_for_assessment(assessment)  # the reassessment triggers it answers leave the To do lists
    return assessment


# ---------------------------------------------------------------------------------------------------------------
# Decisions: propose -> confirm / return -> discussed -> published
# ---------------------------------------------------------------------------------------------------------------


def _needs_review_meeting(framework, band, previous_band, school=None):
    """Telford 2014-style gate ("Only after a review meeting, will the category of a school (Category 3 and 4 only)
    be changed, except where a school is entering a category for the first time"): a school whose published band is
    at or above the framework's severity (it has a review body) moves only after a review meeting, unless it enters
    a band it has never been in. Moving up from below the limit, or entering the framework, needs none."""
    limit = framework.review_meeting_min_severity
    if not limit or previous_band is None or previous_band.pk == band.pk:
        return False
    if previous_band.severity < limit:
        return False
    if school is None:
        return True
    been_in = Classification.objects.filter(
        school=school, status=Classification.Status.PUBLISHED, band__code=band.code
    ).exists()
    return been_in


@transaction.atomic
def classification_propose(
    *,
    assessment,
    band,
    rationale,
    user,
    review_meeting_on=None,
    entry_condition_on=None,
    concerns="",
    trust_conversation="",
    school_reason="",
):
    """The QA lead proposes a band with a rationale (which may differ from the suggestion). A band with an entry
    condition (`Band.entry_requires`) needs the date the condition was met."""
    school = assessment.school
    errors = {}
    if not (rationale or "").strip():
        errors["rationale"] = "Enter the rationale for the band you propose"
    if band.framework_id != assessment.framework_id:
        errors["band"] = "Choose a band from the school's framework"
    elif band.maintained_only and not school.is_maintained:
        errors["band"] = f"{band.label} applies to maintained schools only; this school is an academy"
    if Classification.objects.filter(school=school, status__in=OPEN_STATUSES).exists():
        errors["band"] = "There is already a proposal in progress for this school"
    previous = _current_published(school)
    previous_band = previous.band if previous else None
    if not errors.get("band") and band.entry_requires:
        if entry_condition_on is None:
            errors["entry_condition_on"] = f"{band.label} needs this first: {band.entry_requires}. Enter the date"
        elif entry_condition_on > timezone.localdate():
            errors["entry_condition_on"] = "The date must be today or in the past"
    if not errors.get("band") and _needs_review_meeting(assessment.framework, band, previous_band, school):
        if review_meeting_on is None:
            errors["review_meeting_on"] = (
                f"Moving from {previous_band.label} to {band.label} can only happen after a review meeting: "
                "enter the date of the review meeting"
            )
        elif review_meeting_on > timezone.localdate():
            errors["review_meeting_on"] = "The review meeting must have taken place already"
    if errors:
        raise ValidationError(errors)
    # What the school is told: the evidence and the rules behind the band (not rules pointing at another band),
    # plus any reason the QA lead adds for the school. The rationale itself stays internal.
    reasons = [
        reason.text
        for reason in assessment.reasons()
        if reason.kind is ReasonKind.CONCERN
        or (reason.kind is ReasonKind.RULE and (reason.band == band.code or reason.trigger))
    ]
    if (school_reason or "").strip():
        reasons.append(school_reason.strip())
    classification = Classification(
        school=school,
        framework=assessment.framework,
        assessment=assessment,
        suggested_band=assessment.suggested_band,
        band=band,
        rationale=rationale.strip(),
        reasons=reasons,
        concerns=concerns,
        trust_conversation=trust_conversation,
        proposed_by=user,
        proposed_at=timezone.now(),
        review_meeting_on=review_meeting_on,
        entry_condition_on=entry_condition_on if band.entry_requires else None,
        previous=previous,
    )
    classification.stamp(user)
    classification._history_user = user
    classification.full_clean()
    classification.save()
    if assessment.status != Assessment.Status.COMPLETE:
        assessment.status = Assessment.Status.COMPLETE
        assessment.stamp(user)
        assessment._history_user = user
        assessment.save(update_fields=["status", "updated_at", "updated_by"])
    triggers.resolve_for_assessment(assessment)  # the reassessment triggers it answers leave the To do lists
    notify(
        recipients=_others(notifications.directors_of_authority(school.authority), user),
        kind=notifications.CLASSIFICATION_PROPOSED,
        text=f"{user} proposes {band.label} for {school.name}: confirm or return it.",
        url=_path("classification:decision", pk=classification.pk),
        key=f"classification-proposed:{classification.pk}",
        authority=school.authority,
    )
    return classification


def _move(classification, *, from_statuses, to_status, user, **fields):
    """Conditional UPDATE so two people acting at once cannot both succeed."""
    if classification.status not in from_statuses:
        raise ValidationError(
            f"This classification is {classification.get_status_display().lower()}; it cannot be changed that way"
        )
    updated = Classification.objects.filter(pk=classification.pk, status__in=from_statuses).update(
        status=to_status, updated_by=user, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ValidationError("Someone else has just changed this classification; reload the page")
    classification.refresh_from_db()
    # Keep history: the UPDATE bypassed save(), so record the new state explicitly.
    classification._history_user = user
    classification.save()
    return classification


@transaction.atomic
def classification_confirm(*, classification, user, comment=""):
    if classification.proposed_by_id == user.pk:
        raise ValidationError("You cannot confirm your own proposal")
    classification = _move(
        classification,
        from_statuses=[Classification.Status.PROPOSED],
        to_status=Classification.Status.CONFIRMED,
        user=user,
        decided_by=user,
        decided_at=timezone.now(),
        decision_comment=comment,
    )
    school = classification.school
    notify(
        recipients=_others([classification.proposed_by], user),
        kind=notifications.CLASSIFICATION_CONFIRMED,
        text=f"{user} confirmed {classification.band.label} for {school.name}: "
        "record the discussion with the headteacher.",
        url=_path("classification:decision", pk=classification.pk),
        key=f"classification-confirmed:{classification.pk}",
        authority=school.authority,
    )
    return classification


@transaction.atomic
def classification_return(*, classification, user, comment):
    if not (comment or "").strip():
        raise ValidationError({"comment": "Enter a comment saying why you are returning the proposal"})
    if classification.proposed_by_id == user.pk:
        raise ValidationError("You cannot decide on your own proposal")
    classification = _move(
        classification,
        from_statuses=[Classification.Status.PROPOSED],
        to_status=Classification.Status.RETURNED,
        user=user,
        decided_by=user,
        decided_at=timezone.now(),
        decision_comment=comment.strip(),
    )
    school = classification.school
    version = classification.history.values_list("history_id", flat=True).first()  # newest first: this return
    notify(
        recipients=_others([classification.proposed_by], user),
        kind=notifications.CLASSIFICATION_RETURNED,
        text=f"{user} returned your proposal of {classification.band.label} for {school.name}.",
        url=_path("classification:decision", pk=classification.pk),
        key=f"classification-returned:{classification.pk}:{version}",
        authority=school.authority,
        email_template=f"{EMAILS}/proposal_returned",
        context={"classification": classification, "director": user},
    )
    return classification


@transaction.atomic
def classification_record_discussion(*, classification, user, discussed_on, note):
    if discussed_on is None:
        raise ValidationError({"discussed_on": "Enter the date the band was discussed with the headteacher"})
    if discussed_on > timezone.localdate():
        raise ValidationError({"discussed_on": "The discussion date must be today or in the past"})
    return _move(
        classification,
        from_statuses=[Classification.Status.CONFIRMED],
        to_status=Classification.Status.DISCUSSED,
        user=user,
        discussed_on=discussed_on,
        discussion_note=note or "",
    )


@transaction.atomic
def classification_publish(*, classification, user):
    """Publish a confirmed, discussed classification to the school; tell the head and chair with a letter."""
    previous = _current_published(classification.school)
    previous_band = previous.band if previous else None
    if _needs_review_meeting(classification.framework, classification.band, previous_band, classification.school) and (
        classification.review_meeting_on is None
    ):
        raise ValidationError("This change needs a review meeting before it is published")
    today = timezone.localdate()
    if previous is not None and previous.band_id == classification.band_id:
        band_since = previous.band_since or today
    else:
        band_since = today
    classification = _move(
        classification,
        from_statuses=[Classification.Status.DISCUSSED],
        to_status=Classification.Status.PUBLISHED,
        user=user,
        published_by=user,
        published_at=timezone.now(),
        band_since=band_since,
        previous=previous,
    )
    band_published.send(
        sender=Classification,
        school=classification.school,
        band=classification.band,
        previous_band=previous_band,
        classification=classification,
    )
    letter_create(classification=classification, kind=Letter.Kind.PUBLICATION)
    return classification


# ---------------------------------------------------------------------------------------------------------------
# Letters
# ---------------------------------------------------------------------------------------------------------------


def letter_create(*, classification, kind, academic_year=None):
    """Write the letter once (unique constraints) and send it after commit. Returns (letter, created)."""
    school = classification.school
    year = academic_year or classification.framework.academic_year
    if kind == Letter.Kind.PUBLICATION:
        lookup = {"kind": kind, "classification": classification}
    else:
        lookup = {"kind": kind, "school": school, "academic_year": year}
    existing = Letter.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    letter = Letter(
        school=school,
        classification=classification,
        kind=kind,
        academic_year=year,
        band_label=classification.band.label,
        reasons=list(classification.reasons),
        support_offer=classification.band.support_offer,
        recipients=school_contact_emails(school),
    )
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        return Letter.objects.get(**lookup), False
    outbox_task(name="classification.send_letter", args=[letter.pk])
    return letter, True


def annual_letters_run(*, authority, academic_year, progress=None):
    """Write the annual letter for every school with a published band. Safe to run again: no duplicates."""
    published = latest_published_for_authority(authority)
    total = len(published)
    created = 0
    for done, classification in enumerate(published, start=1):
        _letter, was_created = letter_create(
            classification=classification, kind=Letter.Kind.ANNUAL, academic_year=academic_year
        )
        created += int(was_created)
        if progress is not None:
            progress(done, total)
    return {"schools": total, "letters_created": created, "already_written": total - created}


# ---------------------------------------------------------------------------------------------------------------
# Discussions the school asks for
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def discussion_request(*, classification, user, message):
    if not (message or "").strip():
        raise ValidationError({"message": "Enter what you would like to discuss"})
    if classification.status != Classification.Status.PUBLISHED:
        raise ValidationError("You can only ask to discuss a published classification")
    request = DiscussionRequest(
        school=classification.school,
        classification=classification,
        requested_by=user,
        assigned_to=classification.school.qa_lead,
        message=message.strip(),
    )
    request.stamp(user)
    request._history_user = user
    request.full_clean()
    request.save()
    school = classification.school
    # The school's QA lead; a school without one: the directors, who may close it too.
    told = [request.assigned_to] if request.assigned_to else notifications.directors_of_authority(school.authority)
    notify(
        recipients=_others(told, user),
        kind=notifications.DISCUSSION_REQUESTED,
        text=f"{user} asks to discuss {school.name}'s classification ({classification.band.label}).",
        url=_path("classification:close-discussion", pk=request.pk),
        key=f"discussion-requested:{request.pk}",
        authority=school.authority,
        email_template=f"{EMAILS}/discussion_requested",
        context={"discussion": request, "school": school},
    )
    return request


@transaction.atomic
def discussion_close(*, discussion, user, outcome):
    if not (outcome or "").strip():
        raise ValidationError({"outcome": "Enter what was agreed"})
    if discussion.status == DiscussionRequest.Status.DONE:
        raise ValidationError("This discussion is already closed")
    discussion.status = DiscussionRequest.Status.DONE
    discussion.outcome = outcome.strip()
    discussion.stamp(user)
    discussion._history_user = user
    discussion.full_clean()
    discussion.save()
    school = discussion.school
    notify(
        recipients=_others(notifications.heads_now(school, [discussion.requested_by]), user),
        kind=notifications.DISCUSSION_CLOSED,
        text=f"The discussion you asked for about {school.name}'s classification is closed: see what was agreed.",
        url=_path("schools:detail", urn=school.urn) + "#classification-discussions",
        key=f"discussion-closed:{discussion.pk}",
        authority=school.authority,
        email_template=f"{EMAILS}/discussion_closed",
        context={"discussion": discussion, "school": school, "closed_by": user},
    )
    return discussion


# ---------------------------------------------------------------------------------------------------------------
# Reviews the school asks for: decided by a director who was not involved, within the framework's days
# ---------------------------------------------------------------------------------------------------------------


def _review_directors(classification):
    """(the director a review is assigned to or None, the directors told). A director who neither proposed nor
    confirmed the classification, else one who did not propose it; with none, nobody is assigned and every
    director but the proposer is told (any of them who did not propose it may decide)."""
    directors = list(notifications.directors_of_authority(classification.school.authority))
    eligible = [d for d in directors if d.pk != classification.proposed_by_id]
    uninvolved = [d for d in eligible if d.pk != classification.decided_by_id]
    assigned = (uninvolved or eligible or [None])[0]
    return assigned, ([assigned] if assigned else eligible)


@transaction.atomic
def review_request(*, classification, user, reason, today=None):
    """The head asks for a review of the school's published classification, with their reasons."""
    today = today or timezone.localdate()
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why you are asking for a review"})
    refusal = review_refusal(classification, today)
    if refusal:
        raise ValidationError(refusal)
    school = classification.school
    assigned, told = _review_directors(classification)
    review = ReviewRequest(
        school=school,
        classification=classification,
        requested_by=user,
        reason=reason.strip(),
        assigned_to=assigned,
        due_on=today + datetime.timedelta(days=review_response_days(classification.framework)),
    )
    review.stamp(user)
    review._history_user = user
    review.full_clean()
    review.save()
    notify(
        recipients=_others(told, user),
        kind=notifications.REVIEW_REQUESTED,
        text=f"{user} asks for a review of {school.name}'s classification ({classification.band.label}): "
        f"decide by {review.due_on:%-d %B %Y}.",
        url=_path("classification:review", pk=review.pk),
        key=f"review-requested:{review.pk}",
        authority=school.authority,
        email_template=f"{EMAILS}/review_requested",
        context={"review": review, "school": school},
    )
    return review


@transaction.atomic
def review_decide(*, review, user, outcome, outcome_text):
    """A director records the review's outcome (band kept or band to change) and the reasons, once. The head who
    asked is told and emailed; the QA lead is told, and a band to change is theirs to reassess."""
    errors = {}
    if outcome not in ReviewRequest.Outcome.values:
        errors["outcome"] = "Choose whether the band is kept or is to change"
    if not (outcome_text or "").strip():
        errors["outcome_text"] = "Enter the reasons for the decision"
    if errors:
        raise ValidationError(errors)
    if review.classification.proposed_by_id == user.pk:
        raise ValidationError("You proposed this classification: a director who was not involved decides the review")
    now = timezone.now()
    updated = ReviewRequest.objects.filter(pk=review.pk, status=ReviewRequest.Status.OPEN).update(
        status=ReviewRequest.Status.DECIDED,
        outcome=outcome,
        outcome_text=outcome_text.strip(),
        decided_by=user,
        decided_at=now,
        updated_by=user,
        updated_at=now,
    )
    if not updated:
        raise ValidationError("This review has already been decided")
    review.refresh_from_db()
    review._history_user = user
    review.save()  # the UPDATE bypassed save(): record the decision in the history
    school = review.school
    changed = review.outcome == ReviewRequest.Outcome.CHANGED
    school_page = _path("schools:detail", urn=school.urn) + "#classification-reviews"
    notify(
        recipients=_others(notifications.heads_now(school, [review.requested_by]), user),
        kind=notifications.REVIEW_DECIDED,
        text=f"The review you asked for of {school.name}'s classification is decided: "
        f"{review.get_outcome_display().lower()}.",
        url=school_page,
        key=f"review-decided:{review.pk}",
        authority=school.authority,
        email_template=f"{EMAILS}/review_decided",
        context={"review": review, "school": school, "changed": changed},
    )
    notify(
        recipients=_others([school.qa_lead], user),
        kind=notifications.REVIEW_DECIDED,
        text=f"{user} decided the review of {school.name}'s classification: {review.get_outcome_display().lower()}"
        + (": reassess the school." if changed else "."),
        url=_path("classification:review", pk=review.pk),
        key=f"review-decided-lead:{review.pk}",
        authority=school.authority,
        email_template=f"{EMAILS}/review_decided_lead",
        context={"review": review, "school": school, "changed": changed},
    )
    return review


# --- Letter templates: what the authority's letters say -----------------------------------------------------------


def _letter_template_checked(*, authority, kind, user, perm="classification.manage_letter_templates"):
    if not user.has_perm(perm, authority):
        raise PermissionDenied("You cannot change this authority's letters")
    if kind not in Letter.Kind.values:
        raise ValidationError({"kind": f"There is no kind of letter called {kind}"})


@transaction.atomic
def letter_template_save(*, authority, kind, subject, body, user):
    """Save `authority`'s wording for letters of `kind` (a new template, or its template changed).

    Validated before saving: `user` may change the authority's letters (else PermissionDenied), the subject is
    one line and neither the subject nor the body has an unknown placeholder or a lone brace (ValidationError on
    the field, naming it). Returns the template."""
    _letter_template_checked(authority=authority, kind=kind, user=user)
    subject, body = " ".join((subject or "").split()), (body or "").strip()
    problems = {}
    for field, text, empty in (("subject", subject, "Enter the subject"), ("body", body, "Enter the letter's text")):
        found = template_problems(text) if text else [empty]
        if found:
            problems[field] = found
    if problems:
        raise ValidationError(problems)
    template = LetterTemplate.objects.select_for_update().filter(authority=authority, kind=kind).first()
    template = template or LetterTemplate(authority=authority, kind=kind)
    template.subject, template.body = subject, body
    template.stamp(user)
    template._history_user = user
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def letter_template_reset(*, authority, kind, user):
    """Go back to the default wording for letters of `kind`: the authority's template of that kind is removed
    (its history keeps what it said). Returns whether there was one."""
    _letter_template_checked(authority=authority, kind=kind, user=user)
    template = LetterTemplate.objects.filter(authority=authority, kind=kind).first()
    if template is None:
        return False
    template._history_user = user
    template.delete()
    return True
