"""Visits' side of classification's framework versions (classification never imports visits):

- the visit type catalogue an entitlement is chosen from (classification.visit_types.register_visit_type_source);
- what publishing a draft version would change in the authority's plans: the planner itself, run for the
  authority's schools with the draft's bands from the effective date, inside a transaction that is rolled back
  (register_plan_impact);
- the re-plan when a version comes into force (classification.signals.framework_published): the same run, kept.

Imported by VisitsConfig.ready().
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from celery import shared_task
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from classification import visit_types as registry
from classification.models import Band, Framework
from classification.selectors import published_classifications_for_schools
from classification.signals import framework_published
from qa_portal.academic_year import academic_year_for
from qa_portal.jobs.services import outbox_task
from schools.models import School

from . import planner
from .models import PlanChange, VisitType


def visit_type_catalogue() -> list[tuple[str, str]]:
    return list(VisitType.objects.order_by("order", "name").values_list("code", "name"))


registry.register_visit_type_source(visit_type_catalogue)
post_save.connect(registry.names_changed, sender=VisitType, dispatch_uid="framework_visit_type_names_saved")
post_delete.connect(registry.names_changed, sender=VisitType, dispatch_uid="framework_visit_type_names_deleted")


class _DryRun(Exception):
    """Raised to roll back a dry run once its changes are counted."""


def _bands_under(framework: Framework, schools: Sequence[School]) -> dict[int, Band | None]:
    """{school id: its published band as `framework` has it (the band of the same code; its own band when the
    framework has no such code)}."""
    bands = {band.code: band for band in framework.bands.prefetch_related("entitlements")}
    classifications = published_classifications_for_schools([school.pk for school in schools])
    return {school_id: bands.get(row.band.code, row.band) for school_id, row in classifications.items()}


def _run(framework: Framework, effective_from: date, reason: str) -> dict[int, dict[str, int]]:
    """Plan the authority's open schools for the year of `effective_from` under `framework`, changing only visits
    after that day. Returns {school id: {"added": n, "removed": n}} of the schools whose plans changed."""
    authority = framework.authority
    start_year = academic_year_for(effective_from)
    schools = list(
        School.objects.exclude(status=School.Status.CLOSED)
        .filter(authority=authority)
        .select_related("authority")
        .order_by("pk")
    )
    if not schools:
        return {}
    before = PlanChange.objects.aggregate(last=Max("pk"))["last"] or 0
    plan = planner._authority_plan(
        authority=authority,
        start_year=start_year,
        today=effective_from,
        reason=reason,
        type_cache={},
        framework=framework,
    )
    for first in range(0, len(schools), planner.SCHOOLS_PER_GROUP):
        chunk = schools[first : first + planner.SCHOOLS_PER_GROUP]
        bands: Mapping[int, Band | None] = _bands_under(framework, chunk)
        planner._plan_schools(plan=plan, schools=chunk, bands=bands)
    changed: dict[int, dict[str, int]] = {}
    rows = (
        PlanChange.objects.filter(pk__gt=before, school__authority=authority, reason=reason)
        .filter(action__in=[PlanChange.Action.ADDED, PlanChange.Action.REMOVED])
        .values("school_id", "action")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        changed.setdefault(row["school_id"], {"added": 0, "removed": 0})[row["action"]] = row["n"]
    return changed


def _reason(framework: Framework, effective_from: date) -> str:
    return f"{framework.version_label} in force from {effective_from.day} {effective_from:%B %Y}"


def plan_impact(framework: Framework, effective_from: date) -> registry.PlanImpact:
    """What publishing `framework` from `effective_from` would change: the planner's run, rolled back."""
    changed: dict[int, dict[str, int]] = {}
    try:
        with transaction.atomic():
            changed = _run(framework, effective_from, _reason(framework, effective_from))
            raise _DryRun
    except _DryRun:
        pass
    except ValueError:
        return registry.PlanImpact(effective_from=effective_from)  # no term dates for that year: nothing to plan
    schools = {
        school.pk: school for school in School.objects.filter(pk__in=list(changed)).only("pk", "name", "qa_lead_id")
    }
    rows = tuple(
        registry.SchoolImpact(
            school_id=school_id,
            school_name=schools[school_id].name,
            qa_lead_id=schools[school_id].qa_lead_id,
            visits_added=counts["added"],
            visits_removed=counts["removed"],
        )
        for school_id, counts in sorted(changed.items(), key=lambda item: schools[item[0]].name)
    )
    return registry.PlanImpact(
        effective_from=effective_from,
        schools_changed=len(rows),
        visits_added=sum(row.visits_added for row in rows),
        visits_removed=sum(row.visits_removed for row in rows),
        schools=rows,
    )


registry.register_plan_impact(plan_impact)


@shared_task(name="visits.replan_for_framework")
def replan_for_framework_task(framework_id: int, effective_from: str) -> dict[int, dict[str, int]]:
    """Re-plan the authority's schools under the version now in force, for visits after its effective date.
    Safe to run twice (the second run finds nothing to change)."""
    framework = Framework.objects.select_related("authority").get(pk=framework_id)
    day = date.fromisoformat(effective_from)
    try:
        with transaction.atomic():
            return _run(framework, day, _reason(framework, day))
    except ValueError:
        return {}


@receiver(framework_published, dispatch_uid="visits_replan_on_framework_published")
def replan_on_framework_published(sender: Any, framework: Framework, effective_from: date, **kwargs: Any) -> None:
    """Sent after commit: queue the re-plan (kept in the outbox until the broker takes it)."""
    outbox_task(name="visits.replan_for_framework", args=[framework.pk, effective_from.isoformat()])
