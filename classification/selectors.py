"""Reads of frameworks, assessments and classifications. Person-facing reads start from the school scope."""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from qa_portal.academic_year import academic_year_start
from qa_portal.accounts.roles import OFFICER_ROLES, Role
from qa_portal.permissions import require_perm
from schools.display import format_value
from schools.models import School
from schools.selectors import school_list_for_user

from .models import (
    Assessment,
    Band,
    Cadence,
    Classification,
    Criterion,
    DiscussionRequest,
    Entitlement,
    Framework,
    Letter,
    ReviewRequest,
)

# A proposal on its way: a school has at most one at a time.
OPEN_STATUSES = (Classification.Status.PROPOSED, Classification.Status.CONFIRMED, Classification.Status.DISCUSSED)


# Versions on their way: never in force, never what a school is assessed or planned against.
PENDING_FRAMEWORK_STATUSES = (Framework.Status.DRAFT, Framework.Status.SCHEDULED)


def current_framework_for_authority(authority):
    """The authority's current framework (latest version), or None."""
    if authority is None:
        return None
    authority_id = getattr(authority, "pk", authority)
    return (
        Framework.objects.filter(authority_id=authority_id, is_current=True).order_by("-version").first()
        or Framework.objects.filter(authority_id=authority_id)
        .exclude(status__in=PENDING_FRAMEWORK_STATUSES)
        .order_by("-academic_year", "-version")
        .first()
    )


def pending_framework_for_authority(authority_id):
    """The version on its way (a draft, or published from a later day), or None."""
    return Framework.objects.filter(authority_id=authority_id, status__in=PENDING_FRAMEWORK_STATUSES).first()


def framework_for_school(school):
    return current_framework_for_authority(school.authority_id)


def _published():
    return Classification.objects.filter(status=Classification.Status.PUBLISHED)


def published_classification_for_school(school):
    return (
        _published()
        .filter(school=school)
        .select_related("band", "band__framework", "framework", "suggested_band")
        .order_by("-published_at", "-pk")
        .first()
    )


def published_band_for_school(school):
    """The school's published band as it applies now: the band of the same code in the version in force (a
    classification made under an earlier version keeps its own band; the support it brings is the version's in
    force). None when the school is not classified."""
    classification = published_classification_for_school(school)
    if classification is None:
        return None
    return _bands_in_force([classification.band]).get(classification.band_id, classification.band)


def _bands_in_force(bands):
    """{band pk: the band of the same code in its authority's version in force} for each of `bands` from an
    earlier version (bands of the version in force, or whose code it no longer has, are left out). No query when
    every band is in force; two otherwise."""
    stale = [band for band in bands if band is not None and not band.framework.is_current]
    if not stale:
        return {}
    authority_ids = {band.framework.authority_id for band in stale}
    in_force = {
        (band.framework.authority_id, band.code): band
        for band in Band.objects.filter(framework__authority_id__in=authority_ids, framework__is_current=True)
        .select_related("framework")
        .prefetch_related("entitlements")
    }
    found = {}
    for band in stale:
        match = in_force.get((band.framework.authority_id, band.code))
        if match is not None:
            found[band.pk] = match
    return found


def _current_published_ids(school_ids):
    """Subquery: the id of each school's latest published classification. It runs once per school (an index
    lookup), not once per classification row, so ten years of history cost no more than one."""

    latest = _published().filter(school_id=OuterRef("pk")).order_by("-published_at", "-pk").values("pk")[:1]
    return School.objects.filter(pk__in=list(school_ids)).annotate(current=Subquery(latest)).values("current")


def published_bands_for_schools(school_ids):
    """{school_id: Band} of each school's current published band, in one query."""
    rows = list(
        Classification.objects.filter(pk__in=_current_published_ids(school_ids)).select_related(
            "band", "band__framework"
        )
    )
    in_force = _bands_in_force([row.band for row in rows])
    return {row.school_id: in_force.get(row.band_id, row.band) for row in rows}


def published_classifications_for_schools(school_ids):
    """{school_id: Classification} of each school's current published classification, in one query."""
    rows = list(
        Classification.objects.filter(pk__in=_current_published_ids(school_ids))
        .select_related("band", "band__framework")
        .prefetch_related("band__entitlements")
    )
    in_force = _bands_in_force([row.band for row in rows])
    for row in rows:
        if row.band_id in in_force:
            # Read as it applies now (plans, the head's home): the band of the version in force. The row's
            # `framework` stays the version it was made under; these rows are for reading, never saved.
            row.band = in_force[row.band_id]
    return {row.school_id: row for row in rows}


def _latest_published_subquery():
    return _published().filter(school_id=OuterRef("pk")).order_by("-published_at", "-pk")


def annotate_current_band(queryset):
    """Annotate schools with band_code, band_label, band_colour, band_severity and band_since (one query)."""
    latest = _latest_published_subquery()
    return queryset.annotate(
        band_code=Subquery(latest.values("band__code")[:1]),
        band_label=Subquery(latest.values("band__label")[:1]),
        band_colour=Subquery(latest.values("band__colour")[:1]),
        band_severity=Subquery(latest.values("band__severity")[:1]),
        band_since=Subquery(latest.values("band_since")[:1]),
    )


def filter_by_band(queryset, band_code):
    """Schools whose current published band has this code ("none" = not yet classified)."""
    if not band_code:
        return queryset
    if "band_code" not in queryset.query.annotations:
        queryset = annotate_current_band(queryset)
    if band_code == "none":
        return queryset.filter(band_code__isnull=True)
    return queryset.filter(band_code=band_code)


def band_choices_for_authority(authority):
    """(code, label) of the bands in the authority's current framework, for the register filter."""
    rows = (
        Band.objects.filter(framework__authority=authority, framework__is_current=True)
        .order_by("severity")
        .values_list("code", "label")
    )
    seen = {}
    for code, label in rows:
        seen.setdefault(code, label)
    return [*seen.items(), ("none", "Not yet classified")]


def frameworks_for_authority(authority_id):
    return Framework.objects.filter(authority_id=authority_id).order_by("-academic_year", "-version")


def bands_for_framework(framework):
    return framework.bands.order_by("severity").prefetch_related("entitlements")


def standing_agenda_items_of(framework):
    """A framework's standing agenda items in the order meetings' agendas list them."""
    return list(framework.standing_agenda_items.order_by("order", "pk"))


def get_standing_agenda_item_of_framework(framework, pk):
    item = framework.standing_agenda_items.filter(pk=pk).select_related("framework").first()
    if item is None:
        raise Http404("No such agenda item")
    return item


def latest_published_for_authority(authority):
    """Each school's current published classification in this authority (one query)."""
    return list(_latest_published_in(authority).order_by("school__name"))


def _latest_published_in(authority):
    latest = _published().filter(school_id=OuterRef("school_id")).order_by("-published_at", "-pk").values("pk")[:1]
    return (
        _published()
        .filter(school__authority=authority, pk=Subquery(latest))
        .select_related("school", "school__authority", "school__qa_lead", "band", "framework")
    )


def latest_published_in_prompted_bands(authority, *, qa_lead=None):
    """The current published classifications of the authority's schools (only those `qa_lead` leads, if given)
    whose band may carry a prompt as it applies now (Band.prompt after Band.prompt_after_terms): a band of a code
    the version in force prompts for, or an earlier version's band that prompts itself. A superset the caller
    narrows with the band in force; the many schools in bands without a prompt are never loaded (one query)."""
    prompted_codes = Band.objects.filter(
        framework__authority=authority, framework__is_current=True, prompt__gt="", prompt_after_terms__gt=0
    ).values("code")
    prompting_itself = Q(band__framework__is_current=False, band__prompt__gt="", band__prompt_after_terms__gt=0)
    rows = _latest_published_in(authority).filter(Q(band__code__in=prompted_codes) | prompting_itself)
    if qa_lead is not None:
        rows = rows.filter(school__qa_lead=qa_lead)
    return list(rows.select_related("band__framework").order_by("school__name"))


def bands_as_they_apply(classifications):
    """{school_id: Band} of these (current) classifications' bands as they apply now: the band of the same code in
    the version in force (see published_band_for_school). The rows need band__framework selected."""
    in_force = _bands_in_force([row.band for row in classifications])
    return {row.school_id: in_force.get(row.band_id, row.band) for row in classifications}


def published_history_for_school(school):
    """Published classifications, oldest first, with time in band (band over time)."""
    return list(
        _published()
        .filter(school=school)
        .select_related("band", "framework", "published_by")
        .order_by("published_at", "pk")
    )


def band_timeline(school, today):
    """[{band, from, to, days}] runs of the same band, oldest first, for the school page."""
    runs = []
    for classification in published_history_for_school(school):
        start = classification.published_at.date()
        if runs and runs[-1]["band"].pk == classification.band_id:
            continue
        if runs:
            runs[-1]["to"] = start
        runs.append({"band": classification.band, "from": classification.band_since or start, "to": None})
    for run in runs:
        end = run["to"] or today
        run["days"] = (end - run["from"]).days
        run["duration"] = duration_text(run["from"], end)
    return runs


def duration_text(start, end):
    """ "1 year 2 months", "5 months", "12 days" between two dates."""
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    if months < 1:
        days = (end - start).days
        return f"{days} day{'s' if days != 1 else ''}"
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


# --- Scoped reads for people (in the authority the page is about) -------------------------------------------


def assessments_for_user(user, authority):
    """Assessments are internal: the authority's officers only."""
    if authority is None or authority.pk not in user.authority_ids_for(*OFFICER_ROLES):
        return Assessment.objects.none()
    return Assessment.objects.filter(school__authority=authority).select_related(
        "school", "school__authority", "school__qa_lead", "framework", "suggested_band", "created_by"
    )


def get_assessment_for_user(user, authority, pk, perm="classification.view_internal"):
    assessment = assessments_for_user(user, authority).filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such assessment")
    require_perm(user, perm, assessment)
    return assessment


def classifications_for_user(user, authority):
    """Internal view of decisions: the authority's officers only (heads and governors see published ones)."""
    if authority is None or authority.pk not in user.authority_ids_for(*OFFICER_ROLES):
        return Classification.objects.none()
    return Classification.objects.filter(school__authority=authority).select_related(
        "school",
        "school__authority",
        "school__qa_lead",
        "framework",
        "band",
        "suggested_band",
        "proposed_by",
        "decided_by",
        "published_by",
        "assessment",
    )


def get_classification_for_user(user, authority, pk, perm="classification.view_internal"):
    classification = classifications_for_user(user, authority).filter(pk=pk).first()
    if classification is None:
        raise Http404("No such classification")
    require_perm(user, perm, classification)
    return classification


def open_decisions_for_user(user, authority, limit=200):
    """Proposals not yet published (and those returned to the QA lead), newest first."""
    statuses = [Classification.Status.PROPOSED, Classification.Status.CONFIRMED, Classification.Status.DISCUSSED]
    return (
        classifications_for_user(user, authority)
        .filter(status__in=[*statuses, Classification.Status.RETURNED])
        .order_by("-proposed_at")[:limit]
    )


def has_open_classification(school):
    return Classification.objects.filter(school=school, status__in=OPEN_STATUSES).exists()


def recent_assessments(school, limit=20):
    return school.assessments.select_related("suggested_band", "created_by")[:limit]


def recent_decisions(school, limit=20):
    return school.classifications.select_related("band", "suggested_band", "proposed_by", "decided_by")[:limit]


def decision_history(classification, limit=50):
    return list(classification.history.select_related("history_user").order_by("history_date")[:limit])


def get_published_for_user(user, school):
    """The school's published classification, for anyone who may see the school (head, governor, officer)."""
    if not user.has_perm("classification.view_published", school):
        return None
    return published_classification_for_school(school)


def proposals_awaiting_decision(user, authority):
    return (
        Classification.objects.filter(school__authority=authority, status=Classification.Status.PROPOSED)
        .exclude(proposed_by=user)
        .select_related("school", "school__authority", "band", "suggested_band", "proposed_by")
        .order_by("proposed_at")
    )


def qa_lead_work(user, authority):
    """What a QA lead has to do in the authority: returned proposals, proposals to take forward and open
    discussion requests."""
    mine = Classification.objects.filter(school__qa_lead=user, school__authority=authority).select_related(
        "school", "band", "decided_by"
    )
    return {
        "returned": list(mine.filter(status=Classification.Status.RETURNED).order_by("-decided_at")[:20]),
        "to_discuss": list(mine.filter(status=Classification.Status.CONFIRMED).order_by("decided_at")[:20]),
        "to_publish": list(mine.filter(status=Classification.Status.DISCUSSED).order_by("discussed_on")[:20]),
        "discussions": list(
            DiscussionRequest.objects.filter(
                assigned_to=user, school__authority=authority, status=DiscussionRequest.Status.OPEN
            )
            .select_related("school", "requested_by")
            .order_by("created_at")[:20]
        ),
    }


def reassessment_period_start(cadence, today):
    """The first day of the month, term or academic year containing `today` (Framework.reassess_every). Terms are
    fixed, not an authority's term dates: autumn 1 September to 31 December, spring 1 January to 31 March, summer
    1 April to 31 August."""
    if cadence == Cadence.MONTH:
        return today.replace(day=1)
    if cadence == Cadence.TERM:
        if today.month >= 9:
            return datetime.date(today.year, 9, 1)
        return datetime.date(today.year, 1 if today.month <= 3 else 4, 1)
    return academic_year_start(today)


def assessment_due_since(authority, today=None):
    """(cadence, the day since which a school needs a completed assessment) under the authority's framework in
    force (a year from 1 September when it has none)."""
    today = today or timezone.localdate()
    framework = current_framework_for_authority(authority)
    cadence = framework.reassess_every if framework is not None else Cadence.YEAR
    return cadence, reassessment_period_start(cadence, today)


def schools_due_assessment(user, authority, academic_year_start):
    """The QA lead's schools in the authority with no completed assessment since the start of the current month,
    term or academic year, as the framework reassesses (Framework.reassess_every), and never before
    `academic_year_start`."""
    cadence, since = assessment_due_since(authority)
    since = max(since, academic_year_start)
    counted = Q(assessments__assessed_on__gte=since)
    if cadence != Cadence.YEAR:
        # A month's or a term's reassessment counts once it is completed. (A yearly one keeps counting any
        # assessment started in the year, as it always has.)
        counted &= Q(assessments__status=Assessment.Status.COMPLETE)
    return (
        school_list_for_user(user, authority)
        .filter(qa_lead=user)
        .annotate(recent=Count("assessments", filter=counted))
        .filter(recent=0)
        .order_by("name")
    )


def discussions_for_school(school):
    return DiscussionRequest.objects.filter(school=school).select_related("requested_by").order_by("-created_at")


def get_discussion_for_user(user, authority, pk, perm="classification.close_discussion"):
    discussion = (
        DiscussionRequest.objects.filter(pk=pk, school__authority=authority)
        .select_related("school", "classification__band", "requested_by")
        .first()
    )
    if discussion is None or not user.has_perm("classification.view_internal", discussion):
        raise Http404("No such discussion request")
    return require_perm(user, perm, discussion)


def get_letter_for_user(user, authority, pk):
    """A classification letter of a school the person may see, if they may see the school's published band."""
    letter = (
        Letter.objects.filter(pk=pk, school__in=school_list_for_user(user, authority))
        .select_related("school", "school__authority", "classification__band")
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    require_perm(user, "classification.view_published", letter.school)
    return letter


def frameworks_for_user(user, authority):
    """The authority's frameworks, newest first (its officers only)."""
    if authority is None or authority.pk not in user.authority_ids_for(*OFFICER_ROLES):
        return Framework.objects.none()
    return (
        Framework.objects.filter(authority=authority).select_related("authority").order_by("-academic_year", "-version")
    )


def framework_for_admin(user, authority, pk, perm="classification.manage_framework"):
    framework = frameworks_for_user(user, authority).filter(pk=pk).first()
    if framework is None:
        raise Http404("No such framework")
    require_perm(user, perm, framework)
    return framework


def get_band_of_framework(framework, pk):
    band = framework.bands.filter(pk=pk).first()
    if band is None:
        raise Http404("No such band")
    return band


def get_entitlement_of_framework(framework, pk):
    entitlement = Entitlement.objects.filter(pk=pk, band__framework=framework).select_related("band").first()
    if entitlement is None:
        raise Http404("No such entitlement")
    return entitlement


def get_indicator_criterion_of_framework(framework, pk):
    criterion = (
        Criterion.objects.filter(pk=pk, framework=framework, kind=Criterion.Kind.INDICATOR)
        .select_related("area")
        .first()
    )
    if criterion is None:
        raise Http404("No such criterion")
    return criterion


def area_judgements_of(assessment):
    return list(assessment.area_judgements.select_related("area"))


def indicators_shown(snapshot):
    """{code: reading} of an assessment's evidence snapshot, each with its value and national figure as the school
    page writes them ("96.3%", "Met"; schools.display.format_value)."""
    return {
        code: {
            **reading,
            "display": format_value(reading.get("unit"), reading.get("value")),
            "national_display": format_value(reading.get("unit"), reading.get("national")),
        }
        for code, reading in (snapshot.get("indicators") or {}).items()
    }


def snapshot_date(value):
    """A date the evidence snapshot keeps as ISO text, as a date (None stays None)."""
    return datetime.date.fromisoformat(value) if value else None


def grades_of(assessment):
    """[(criterion label, "3 Requires improvement")] of the assessment's graded criteria, in the framework's order,
    as the engine graded them (the evidence snapshot)."""
    from .engine import GRADE_WORDS, grade_label

    grades = (assessment.evidence_snapshot or {}).get("grades") or {}
    if not grades:
        return []
    criteria = assessment.framework.criteria.filter(code__in=list(grades)).order_by("area__order", "order")
    return [
        (criterion.label, grade_label(grades[criterion.code]))
        for criterion in criteria
        if grades[criterion.code] in GRADE_WORDS
    ]


def entitlements_of(band):
    return list(band.entitlements.all())


def letters_of(classification):
    return list(classification.letters.all())


def areas_with_criteria(framework):
    return list(framework.areas.prefetch_related("criteria"))


def rules_of(framework):
    return list(framework.rules.select_related("band", "from_band"))


# --- Reviews a school asks for ------------------------------------------------------------------------------

# The days a director has to decide a review when the framework does not say (Framework.review_response_days
# blank). A local setting: none of the shipped policies gives a number; 20 days is four working weeks.
REVIEW_RESPONSE_DAYS_DEFAULT = 20


def review_response_days(framework):
    """Days within which a requested review is decided: the framework's, else the local default."""
    return framework.review_response_days or REVIEW_RESPONSE_DAYS_DEFAULT


def review_window_opened(classification):
    """The day the school was last told of this band: its publication, or a later annual letter about it."""
    published = timezone.localdate(classification.published_at)
    latest_letter = classification.letters.filter(kind=Letter.Kind.ANNUAL).aggregate(last=Max("created_at"))["last"]
    if latest_letter is not None:
        return max(published, timezone.localdate(latest_letter))
    return published


def review_request_deadline(classification, opened=None):
    """The last day the school may ask for a review of `classification` (published), or None: any time. The
    window runs from `opened` (default: the day the school was last told of the band)."""
    days = classification.framework.review_request_days
    if not days:
        return None
    return (opened or review_window_opened(classification)) + datetime.timedelta(days=days)


def open_review_for_school(school):
    return ReviewRequest.objects.filter(school=school, status=ReviewRequest.Status.OPEN).first()


def review_refusal(classification, today):
    """Why the school cannot ask for a review of `classification` today (None: it can)."""
    if classification is None or classification.status != Classification.Status.PUBLISHED:
        return "You can only ask for a review of a published classification."
    current = published_classification_for_school(classification.school)
    if current is None or current.pk != classification.pk:
        return "This is no longer the school's current classification."
    open_review = open_review_for_school(classification.school)
    if open_review is not None:
        return (
            f"You asked for a review on {timezone.localdate(open_review.created_at):%-d %B %Y}; a director will "
            f"decide by {open_review.due_on:%-d %B %Y}. You can ask again once it is decided."
        )
    deadline = review_request_deadline(classification)
    if deadline is not None and today > deadline:
        return (
            f"The time to ask for a review of this classification ended on {deadline:%-d %B %Y}. "
            "You can still ask to discuss it with your QA lead."
        )
    return None


def reviews_for_school(school, limit=10):
    """The reviews the school asked for, newest first (what the head sees)."""
    return list(
        ReviewRequest.objects.filter(school=school)
        .select_related("requested_by", "classification__band")
        .order_by("-created_at", "-pk")[:limit]
    )


def reviews_of(classification):
    return list(classification.reviews.select_related("requested_by", "decided_by").order_by("-created_at"))


def reviews_for_user(user, authority):
    """Reviews are decided internally: the authority's officers only (the head sees theirs on the school page)."""
    if authority is None or authority.pk not in user.authority_ids_for(*OFFICER_ROLES):
        return ReviewRequest.objects.none()
    return ReviewRequest.objects.filter(school__authority=authority).select_related(
        "school",
        "school__authority",
        "school__qa_lead",
        "classification__band",
        "classification__framework",
        "classification__assessment",
        "classification__proposed_by",
        "classification__decided_by",
        "requested_by",
        "assigned_to",
        "decided_by",
    )


def get_review_for_user(user, authority, pk, perm="classification.view_internal"):
    review = reviews_for_user(user, authority).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    require_perm(user, perm, review)
    return review


def review_lists_for_user(user, authority, limit=100):
    """(open reviews, soonest due first; decided reviews, latest first) in the authority."""
    reviews = reviews_for_user(user, authority)
    return (
        list(reviews.filter(status=ReviewRequest.Status.OPEN).order_by("due_on", "pk")[:limit]),
        list(reviews.filter(status=ReviewRequest.Status.DECIDED).order_by("-decided_at", "-pk")[:limit]),
    )


def open_review_count(authority):
    return ReviewRequest.objects.filter(school__authority=authority, status=ReviewRequest.Status.OPEN).count()


def proposal_since(school, when):
    """The school's newest classification proposed after `when` (a review's decision), or None."""
    if when is None:
        return None
    return (
        Classification.objects.filter(school=school, proposed_at__gt=when)
        .select_related("band")
        .order_by("-proposed_at", "-pk")
        .first()
    )


# --- To-dos (classification.todos): one query each ------------------------------------------------------------


def reviews_to_decide(user, authority):
    """Open reviews in the authority this director may decide and that are theirs: assigned to them, or to nobody.
    Soonest due first."""
    return list(
        ReviewRequest.objects.filter(school__authority=authority, status=ReviewRequest.Status.OPEN)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
        .exclude(classification__proposed_by=user)
        .select_related("school", "classification__band")
        .order_by("due_on", "pk")[:50]
    )


def discussions_to_answer(user, authority):
    """Open discussion requests of the schools this QA lead leads, oldest first."""
    return list(
        DiscussionRequest.objects.filter(
            school__authority=authority, school__qa_lead=user, status=DiscussionRequest.Status.OPEN
        )
        .select_related("school", "requested_by")
        .order_by("created_at", "pk")[:50]
    )


def reviews_to_reassess(user, authority):
    """Reviews decided "band to change" for the schools this QA lead leads, with no proposal made since."""
    newer = Classification.objects.filter(school_id=OuterRef("school_id"), proposed_at__gt=OuterRef("decided_at"))
    return list(
        ReviewRequest.objects.filter(
            school__authority=authority,
            school__qa_lead=user,
            status=ReviewRequest.Status.DECIDED,
            outcome=ReviewRequest.Outcome.CHANGED,
        )
        .exclude(Exists(newer))
        .select_related("school", "classification__band")
        .order_by("decided_at", "pk")[:50]
    )


def outcomes_for_head(user, authority, since):
    """(discussions closed, reviews decided) since `since` (a datetime) that this head asked for at the schools
    they head in the authority, newest first."""
    school_ids = user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
    discussions = list(
        DiscussionRequest.objects.filter(
            school_id__in=school_ids,
            requested_by=user,
            status=DiscussionRequest.Status.DONE,
            updated_at__gte=since,
        )
        .select_related("school")
        .order_by("-updated_at", "-pk")[:20]
    )
    reviews = list(
        ReviewRequest.objects.filter(
            school_id__in=school_ids, requested_by=user, status=ReviewRequest.Status.DECIDED, decided_at__gte=since
        )
        .select_related("school")
        .order_by("-decided_at", "-pk")[:20]
    )
    return discussions, reviews
