"""Reassessment triggers: something happened to a school that is a reason to reassess its classification, fired by
the register's imports (schools.signals) and resolved by the school's next assessment.

- An Ofsted import whose latest graded or report-card inspection of a school puts it in a category of concern
  (special measures, serious weaknesses / requires significant improvement) or finds safeguarding not met fires
  OFSTED_CATEGORY. Any other new graded or report-card inspection fires OFSTED_INSPECTION, for a school that has
  been assessed before (a first import into an authority does not ask for every school to be "reassessed": those
  schools are waiting for their first assessment). Ungraded and monitoring inspections change neither the grades
  nor a category of concern, so they fire nothing.
- A new headteacher from GIAS fires NEW_HEADTEACHER.

Only open schools of an authority with a framework fire anything. Each trigger has a key naming what fired it, so
an import run again fires nothing new. The receivers run a fixed number of queries, whatever the number of schools;
after commit each new trigger tells the school's QA lead once (the authority's directors when the school has no
QA lead), and it is on their To do list until an assessment of the school, dated on or after the event, is
completed or proposed (`resolve_for_assessment`).
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from qa_portal.data_versions import authority_data_changed
from qa_portal.dates import long_date
from qa_portal.links import urls_for
from qa_portal.notifications.services import notify
from schools.models import OfstedInspection, School
from schools.ofsted import FULL_FRAMEWORKS, OfstedPosition
from schools.people import directors_of_authorities
from schools.signals import headteacher_changed, inspections_imported

from .models import Assessment, Framework, ReassessmentTrigger
from .notifications import REASSESSMENT_TRIGGERED

Kind = ReassessmentTrigger.Kind
COC = OfstedInspection.CategoryOfConcern

EMAIL_TEMPLATE = "classification/emails/reassessment_triggered"


def _eligible_schools(school_ids):
    """The open schools among `school_ids` whose authority has a framework, with their authority and QA lead, and
    whether each has been assessed (one query)."""
    has_framework = Framework.objects.filter(authority_id=OuterRef("authority_id"))
    assessed = Assessment.objects.filter(school_id=OuterRef("pk"), status=Assessment.Status.COMPLETE)
    return list(
        School.objects.filter(pk__in=list(school_ids))
        .exclude(status=School.Status.CLOSED)
        .filter(Exists(has_framework))
        .annotate(assessed=Exists(assessed))
        .select_related("authority", "qa_lead")
    )


# --- what Ofsted said --------------------------------------------------------------------------------------------


def _category_phrase(inspection, *, remains):
    """What Ofsted judged, e.g. "placed the school in special measures"."""
    if inspection.category_of_concern == COC.SPECIAL_MEASURES:
        return (
            "judged that the school remains in special measures" if remains else "placed the school in special measures"
        )
    if inspection.framework == OfstedInspection.Framework.REPORT_CARD:  # the renewed framework's name for it
        return f"judged that the school {'still ' if remains else ''}requires significant improvement"
    return f"judged that the school {'still ' if remains else ''}has serious weaknesses"


def _concern(position):
    """(key suffix, summary) when the latest full inspection puts the school in a category of concern or finds
    safeguarding not met; else None."""
    latest = position.latest_full
    category = latest.category_of_concern
    unsafe = position.safeguarding_not_met
    if not category and not unsafe:
        return None
    parts = []
    if category:
        placed = position.category_inspection
        parts.append(_category_phrase(latest, remains=placed is not None and placed is not latest))
    if unsafe:
        report_card = latest.framework == OfstedInspection.Framework.REPORT_CARD
        parts.append(f"found safeguarding {'standards not met' if report_card else 'not effective'}")
    suffix = f"{category}{'+safeguarding' if unsafe else ''}"
    return suffix, f"Ofsted {' and '.join(parts)} (inspection {long_date(latest.start_date)})"


@receiver(inspections_imported, dispatch_uid="classification_triggers_from_ofsted")
def on_inspections_imported(sender, school_ids, created, updated, **kwargs):
    """schools.signals.inspections_imported: fire OFSTED_CATEGORY / OFSTED_INSPECTION for the schools whose latest
    full inspection was created or changed. Three queries (the schools, their full inspections, the keys already
    fired) and the insert, however many schools. Returns the new triggers."""
    changed = {inspection.inspection_number for inspection in [*created, *updated]}
    new = {inspection.inspection_number for inspection in created}
    schools = _eligible_schools(school_ids)
    if not schools:
        return []
    history = defaultdict(list)
    for inspection in OfstedInspection.objects.filter(
        school_id__in=[school.pk for school in schools], framework__in=FULL_FRAMEWORKS
    ):
        history[inspection.school_id].append(inspection)
    pending = []
    for school in schools:
        position = OfstedPosition.of(history[school.pk])
        latest = position.latest_full
        if latest is None or latest.inspection_number not in changed:
            continue  # only an older inspection, or an ungraded one, came in: what Ofsted says now is unchanged
        concern = _concern(position)
        if concern is not None:
            suffix, summary = concern
            pending.append(
                _trigger(
                    school,
                    Kind.OFSTED_CATEGORY,
                    summary,
                    latest.start_date,
                    f"ofsted:{latest.inspection_number}:{suffix}",
                )
            )
        elif latest.inspection_number in new and school.assessed:
            summary = f"New Ofsted inspection, {long_date(latest.start_date)}: reassess the Ofsted evidence"
            pending.append(
                _trigger(
                    school, Kind.OFSTED_INSPECTION, summary, latest.start_date, f"ofsted:{latest.inspection_number}"
                )
            )
    return _fire(pending)


# --- a new headteacher -------------------------------------------------------------------------------------------


@receiver(headteacher_changed, dispatch_uid="classification_triggers_from_new_heads")
def on_headteacher_changed(sender, events, **kwargs):
    """schools.signals.headteacher_changed: fire NEW_HEADTEACHER for each new head of an eligible school. Two
    queries and the insert, however many schools. Returns the new triggers."""
    schools = {school.pk: school for school in _eligible_schools({event.school_id for event in events})}
    pending = [
        _trigger(
            schools[event.school_id],
            Kind.NEW_HEADTEACHER,
            f"New headteacher: {event.name} from {long_date(event.started_on)}",
            event.started_on,
            f"head:{event.pk}",
        )
        for event in events
        if event.school_id in schools
    ]
    return _fire(pending)


# --- firing and telling ------------------------------------------------------------------------------------------


def _trigger(school, kind, summary, happened_on, key):
    trigger = ReassessmentTrigger(school=school, kind=kind, summary=summary[:300], happened_on=happened_on, key=key)
    trigger.full_clean(exclude=["school", "resolved_by"], validate_unique=False, validate_constraints=False)
    return trigger


def _fire(pending):
    """Save the triggers whose key has not fired before (one query to find them, one insert) and tell their people
    once the import is committed."""
    if not pending:
        return []
    already = set(
        ReassessmentTrigger.objects.filter(key__in=[trigger.key for trigger in pending]).values_list("key", flat=True)
    )
    fresh = list({trigger.key: trigger for trigger in pending if trigger.key not in already}.values())
    if not fresh:
        return []
    # ignore_conflicts: an import running at the same time fired the same key first (notify's key tells once).
    ReassessmentTrigger.objects.bulk_create(fresh, ignore_conflicts=True)
    for authority_id in {trigger.school.authority_id for trigger in fresh}:
        authority_data_changed(authority_id)  # a bulk insert sends no signal: the homes' To do lists are made afresh
    transaction.on_commit(lambda: _tell(fresh))
    return fresh


def has_qa_lead(school):
    return school.qa_lead is not None and school.qa_lead.is_active


def school_classification_path(school):
    """The school's classification page (where its QA lead starts an assessment), without an authority prefix."""
    with urls_for(None):
        return reverse("classification:school", kwargs={"urn": school.urn})


def _tell(triggers):
    """The school's QA lead, or when it has none the authority's directors, each trigger once (after commit)."""
    leaderless = {trigger.school.authority_id for trigger in triggers if not has_qa_lead(trigger.school)}
    directors = directors_of_authorities(leaderless) if leaderless else {}
    for trigger in triggers:
        school = trigger.school
        if has_qa_lead(school):
            recipients = [school.qa_lead]
            text = f"Reassess {school.name}: {trigger.summary}."
        else:
            recipients = directors.get(school.authority_id, [])
            text = f"{school.name} has no QA lead to reassess it: {trigger.summary}."
        notify(
            recipients=recipients,
            kind=REASSESSMENT_TRIGGERED,
            text=text,
            url=school_classification_path(school),
            key=f"reassessment-triggered:{trigger.key}",
            authority=school.authority,
            email_template=EMAIL_TEMPLATE,
            context={"trigger": trigger, "school": school, "has_qa_lead": has_qa_lead(school)},
        )


# --- open triggers and their resolution --------------------------------------------------------------------------


def open_triggers(authority):
    """The open triggers of `authority`'s open schools, newest event first, with their school and its QA lead."""
    return (
        ReassessmentTrigger.objects.filter(resolved_at__isnull=True, school__authority=authority)
        .exclude(school__status=School.Status.CLOSED)
        .select_related("school", "school__qa_lead")
        .order_by("-happened_on", "-pk")
    )


def open_triggers_for_qa_lead(user, authority):
    return open_triggers(authority).filter(school__qa_lead=user)


def open_triggers_without_qa_lead(authority):
    return open_triggers(authority).filter(Q(school__qa_lead__isnull=True) | Q(school__qa_lead__is_active=False))


def resolve_for_assessment(assessment):
    """The school's open triggers whose event happened on or before the assessment's date are resolved by it (an
    assessment dated before the event could not weigh it). Called when an assessment is completed or proposed.
    Returns how many were resolved."""
    resolved = ReassessmentTrigger.objects.filter(
        school_id=assessment.school_id,
        resolved_at__isnull=True,
        happened_on__lte=assessment.assessed_on,
    ).update(resolved_at=timezone.now(), resolved_by=assessment)
    if resolved:
        authority_data_changed(assessment.school.authority_id)
    return resolved
