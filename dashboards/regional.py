"""The regional view: each authority a person oversees side by side — schools per band, band movements over the
last twelve months, schools causing concern and this year's visit compliance — with the same figures as each
authority's own dashboard (the same queries, grouped by authority instead of filtered to one).

Each authority's summary is kept in the cache until that authority's data changes (qa_portal.data_versions), so
a change in one authority recalculates only its own row. The rows still missing are calculated together: a fixed
number of grouped queries, whatever the number of authorities.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Q

from classification.models import Band
from qa_portal.academic_year import academic_year_for, year_label
from qa_portal.data_versions import each_authority_data_version
from qa_portal.page_cache import page_cache_enabled
from qa_portal.tables import Table
from schools.models import School
from visits.models import Visit

from .selectors import CACHE_SECONDS, _band_key, band_at, causing_concern

NOT_CLASSIFIED = "Not yet classified"


@dataclass
class BandCount:
    label: str
    colour: str
    severity: int
    schools: int = 0


@dataclass
class AuthoritySummary:
    """One authority's row (open schools only, as on its dashboard)."""

    authority_id: int
    schools: int = 0
    bands: list[BandCount] = field(default_factory=list)
    not_classified: int = 0
    changed_band: int = 0
    more_support: int = 0
    less_support: int = 0
    causing_concern: int = 0
    visits_due: int = 0
    visits_held: int = 0

    @property
    def compliance(self):
        """Visits held against visits due by today, in per cent (None when none were due yet)."""
        return None if not self.visits_due else round(100 * self.visits_held / self.visits_due)


@dataclass
class RegionalRow:
    authority: object
    summary: AuthoritySummary
    dashboard_url: str = ""


@dataclass
class RegionalView:
    today: date
    year_ago: date
    academic_year: str
    rows: list[RegionalRow]
    totals: AuthoritySummary


def _bands_of_authorities(authority_ids):
    return {
        band.pk: band
        for band in Band.objects.filter(framework__authority_id__in=authority_ids).select_related("framework")
    }


def _current_band_counts(bands):
    """{(framework slug, band code): BandCount} labelled as the latest version of each framework names them."""
    counts = {}
    for band in sorted(bands, key=lambda b: (b.framework.slug, -b.framework.version)):
        counts.setdefault(_band_key(band), BandCount(band.label, band.colour, band.severity))
    return counts


def _calculate(authority_ids, today):
    """{authority id: AuthoritySummary} for these authorities (five queries, whatever their number)."""
    bands = _bands_of_authorities(authority_ids)
    band_counts = {authority_id: {} for authority_id in authority_ids}
    by_authority = {}
    for band in bands.values():
        by_authority.setdefault(band.framework.authority_id, []).append(band)
    for authority_id, own in by_authority.items():
        band_counts[authority_id] = _current_band_counts(own)
    summaries = {authority_id: AuthoritySummary(authority_id) for authority_id in authority_ids}
    open_schools = School.objects.filter(authority_id__in=authority_ids).exclude(status=School.Status.CLOSED)

    year_ago = today - timedelta(days=365)
    pairs = (
        open_schools.annotate(then=band_at(year_ago), now=band_at(today))
        .values("authority_id", "then", "now")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in pairs:
        summary, n = summaries[row["authority_id"]], row["n"]
        then, now = bands.get(row["then"]), bands.get(row["now"])
        summary.schools += n
        if now is None:
            summary.not_classified += n
        else:
            band_counts[row["authority_id"]][_band_key(now)].schools += n
        then_key = _band_key(then) if then else None
        now_key = _band_key(now) if now else None
        if then_key == now_key:
            continue
        summary.changed_band += n
        if then is not None and now is not None and then_key[0] == now_key[0]:
            if now.severity > then.severity:
                summary.more_support += n
            elif now.severity < then.severity:
                summary.less_support += n

    concern = causing_concern(open_schools, bands, today).values("authority_id").annotate(n=Count("pk")).order_by()
    for row in concern:
        summaries[row["authority_id"]].causing_concern = row["n"]

    visits = (
        Visit.objects.filter(school__authority_id__in=authority_ids, academic_year=academic_year_for(today))
        .exclude(school__status=School.Status.CLOSED)
        .values("school__authority_id")
        .annotate(
            due=Count("pk", filter=~Q(status=Visit.Status.CANCELLED) & Q(planned_date__lte=today)),
            held=Count("pk", filter=Q(status=Visit.Status.HELD)),
        )
        .order_by()
    )
    for row in visits:
        summary = summaries[row["school__authority_id"]]
        summary.visits_due, summary.visits_held = row["due"], row["held"]

    for authority_id, summary in summaries.items():
        in_use = [count for count in band_counts[authority_id].values() if count.schools]
        summary.bands = sorted(in_use, key=lambda count: count.severity)
    return summaries


def _cache_key(authority_id, version, today):
    return f"regional:{authority_id}:{version}:{today.isoformat()}"


def authority_summaries(authority_ids, today):
    """{authority id: AuthoritySummary}, each from the cache while its authority's data is unchanged."""
    if not page_cache_enabled():
        return _calculate(list(authority_ids), today)
    versions = each_authority_data_version(authority_ids)
    keys = {authority_id: _cache_key(authority_id, version, today) for authority_id, version in versions.items()}
    found = cache.get_many(list(keys.values()))
    summaries = {authority_id: found[key] for authority_id, key in keys.items() if key in found}
    missing = [authority_id for authority_id in keys if authority_id not in summaries]
    if missing:
        calculated = _calculate(missing, today)
        cache.set_many({keys[authority_id]: summary for authority_id, summary in calculated.items()}, CACHE_SECONDS)
        summaries.update(calculated)
    return summaries


def regional_view(authorities, today):
    """The regional dashboard over `authorities` (those the person oversees), by name, with a row of totals."""
    authorities = sorted(authorities, key=lambda authority: (authority.name, authority.pk))
    summaries = authority_summaries([authority.pk for authority in authorities], today)
    rows = [RegionalRow(authority, summaries[authority.pk]) for authority in authorities]
    totals = AuthoritySummary(authority_id=0)
    for row in rows:
        for name in (
            "schools",
            "not_classified",
            "changed_band",
            "more_support",
            "less_support",
            "causing_concern",
            "visits_due",
            "visits_held",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(row.summary, name))
    return RegionalView(
        today=today,
        year_ago=today - timedelta(days=365),
        academic_year=year_label(academic_year_for(today)),
        rows=rows,
        totals=totals,
    )


def bands_text(summary):
    """'Intensive 3; Targeted 10; Universal 40; not yet classified 2', most support last."""
    parts = [f"{count.label} {count.schools}" for count in reversed(summary.bands)]
    if summary.not_classified:
        parts.append(f"{NOT_CLASSIFIED.lower()} {summary.not_classified}")
    return "; ".join(parts)


def regional_table(view):
    """The regional view as a table for its CSV and Excel downloads (the same cells as the page)."""
    headers = [
        "Authority",
        "Code",
        "Open schools",
        "Schools per band now",
        f"Changed band since {view.year_ago:%-d %B %Y}",
        "To more support",
        "To less support",
        "Causing concern",
        f"Visits due by today, {view.academic_year}",
        "Visits held",
        "Compliance",
    ]
    rows = []
    for row in view.rows:
        summary = row.summary
        compliance = summary.compliance
        rows.append(
            [
                row.authority.name,
                row.authority.code,
                summary.schools,
                bands_text(summary),
                summary.changed_band,
                summary.more_support,
                summary.less_support,
                summary.causing_concern,
                summary.visits_due,
                summary.visits_held,
                "–" if compliance is None else f"{compliance}%",
            ]
        )
    return Table(
        slug="regional-overview", caption="Authorities side by side", headers=headers, rows=rows, numeric_from=2
    )
