"""Facts the classification rules engine can use (registered with classification.facts in apps.ready)."""

from django.db.models import Q

from .models import StatutoryPower, WarningNotice


def governance_facts(school, on_date):
    notices = WarningNotice.objects.filter(school=school, issued_on__lte=on_date)
    active_notice = notices.filter(
        Q(outcome="") | Q(outcome=WarningNotice.Outcome.NOT_COMPLIED) | Q(outcome_on__gt=on_date)
    ).exists()
    powers = StatutoryPower.objects.filter(school=school, started_on__lte=on_date).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on_date)
    )
    return {"warning_notice_active": active_notice, "statutory_powers_active": powers.exists()}
