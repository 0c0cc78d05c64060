"""Reads of improvement plans and review bodies: when a plan's next review is due (from the band's cadence and the
authority's term dates), the school page panel, the QA lead's to-dos and the pages' objects (404 out of scope)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone

from classification.selectors import published_band_for_school
from qa_portal.academic_year import academic_year_for
from qa_portal.accounts.models import User
from qa_portal.accounts.roles import OFFICER_ROLES
from qa_portal.permissions import require_perm
from schools.selectors import school_list_for_user

from .calendar import DEFAULT_ENGLAND_TERMS, _default_terms
from .models import AcademicYear, ImprovementPlan, ReviewBody, ReviewBodyMember, Term, Visit

# The visit type whose meetings are a review body's (the codes are fixed in visits.visit_types).
REVIEW_BODY_MEETING = "review_team_meeting"
LOOKBACK_YEARS = 3  # reviews missed are counted over at most this many academic years


@dataclass(frozen=True)
class Period:
    """A term (or half term) a plan review is owed in: `window` runs on to the day before the next one starts, so
    a review recorded in the holiday after a term counts for that term."""

    label: str  # "spring term 2027", "first half of the spring term 2027"
    starts_on: date
    ends_on: date
    window_ends: date


def _terms_between(authority, first_year, last_year):
    """The authority's terms of the academic years first_year..last_year (one query; a year with no saved dates
    takes the default England pattern, a year with neither is left out)."""
    saved = {}
    for term in Term.objects.filter(
        academic_year__authority=authority, academic_year__start_year__range=(first_year, last_year)
    ).select_related("academic_year"):
        saved.setdefault(term.academic_year.start_year, []).append(term)
    terms = []
    for year in range(first_year, last_year + 1):
        if year in saved:
            terms.extend(sorted(saved[year], key=lambda t: t.order))
        elif year in DEFAULT_ENGLAND_TERMS:
            terms.extend(_default_terms(AcademicYear(authority=authority, start_year=year)))
    return terms


def review_periods(authority, every, first_day, last_day):
    """[Period] of the cadence `every` ("term" or "half_term") from the academic year of `first_day` to the one
    after `last_day`'s."""
    if every not in ("term", "half_term"):
        return []
    first_year = max(academic_year_for(first_day), academic_year_for(last_day) - LOOKBACK_YEARS)
    spans = []
    for term in _terms_between(authority, first_year, academic_year_for(last_day) + 1):
        name = f"{term.get_code_display().lower()} term {term.starts_on.year}"
        if every == "term":
            spans.append((name, term.starts_on, term.ends_on))
        else:
            (first_start, first_end), (second_start, second_end) = term.half_terms()
            spans.append((f"first half of the {name}", first_start, first_end))
            spans.append((f"second half of the {name}", second_start, second_end))
    periods = []
    for index, (label, starts, ends) in enumerate(spans):
        following = spans[index + 1][1] - timedelta(days=1) if index + 1 < len(spans) else ends
        periods.append(Period(label, starts, ends, max(ends, following)))
    return periods


@dataclass(frozen=True)
class ReviewStatus:
    due: date | None  # the end of the term (or half term) the next review is owed in
    period: Period | None
    owed_now: bool  # a review is owed in the current term and none is recorded
    overdue: bool
    missed: list  # [Period] since the plan was agreed with no review

    @property
    def sentence(self):
        if self.period is None:
            return ""
        return f"Next review due by the end of the {self.period.label}"


def review_status(plan, every, periods, reviews, today):
    """When `plan`'s next review is due. A review is owed in each term (or half term) that began after the plan was
    agreed (agreeing it covers the term it was written in); one recorded in that term, or in the holiday after it,
    meets it. Due: the end of the current term when it has none yet, else the end of the next."""
    if not every or plan is None or not periods:
        return ReviewStatus(None, None, False, False, [])
    days = [review.reviewed_on for review in reviews]

    def reviewed(period):
        return any(period.starts_on <= day <= period.window_ends for day in days)

    owed = [p for p in periods if p.starts_on > plan.agreed_on and p.starts_on <= today]
    current = next((p for p in periods if p.starts_on <= today <= p.window_ends), None)
    missed = [p for p in owed if p is not current and not reviewed(p)]
    if current is not None and current in owed and not reviewed(current):
        return ReviewStatus(current.ends_on, current, True, today > current.ends_on, missed)
    upcoming = next((p for p in periods if p.starts_on > today and p.starts_on > plan.agreed_on), None)
    if upcoming is None:
        return ReviewStatus(None, None, False, False, missed)
    return ReviewStatus(upcoming.ends_on, upcoming, False, False, missed)


def open_plan_of(school):
    return ImprovementPlan.objects.filter(school=school, closed_on__isnull=True).first()


def open_body_of(school):
    return ReviewBody.objects.filter(school=school, closed_on__isnull=True).select_related("chair").first()


def officers_of(authority):
    """The people who hold an officer role in `authority` (who may chair a review body), by name."""
    return (
        User.objects.filter(roles__authority=authority, roles__role__in=OFFICER_ROLES, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def is_officer_in(person, authority):
    return person is not None and officers_of(authority).filter(pk=person.pk).exists()


def held_visits_of(school):
    """The school's held visits, newest first (a plan review may be linked to one)."""
    return (
        Visit.objects.filter(school=school, status=Visit.Status.HELD)
        .select_related("visit_type")
        .order_by("-planned_date", "-pk")
    )


def review_meetings_of(school):
    """A review body's meetings: the school's visits of the review body meeting type, not cancelled."""
    return (
        Visit.objects.filter(school=school, visit_type__code=REVIEW_BODY_MEETING)
        .exclude(status=Visit.Status.CANCELLED)
        .select_related("visit_type", "note")
        .order_by("planned_date", "pk")
    )


def improvement_panel(user, school, *, today=None):
    """What the school page shows of the plan and the review body (fixed queries), or None when the school's band
    asks for neither or the person may not see them."""
    today = today or timezone.localdate()
    if not user.has_perm("visits.view_improvement", school):
        return None
    band = published_band_for_school(school)
    if band is None or not (band.improvement_plan or band.review_body):
        return None
    data = {"school": school, "band": band, "today": today}
    if band.improvement_plan:
        plan = open_plan_of(school)
        reviews = list(plan.reviews.select_related("visit", "visit__visit_type")) if plan else []
        periods = review_periods(school.authority, band.plan_review_every, plan.agreed_on, today) if plan else []
        data.update(
            plan=plan,
            reviews=reviews,
            status=review_status(plan, band.plan_review_every, periods, reviews, today),
            can_manage_plan=user.has_perm("visits.manage_improvement_plan", school),
        )
    if band.review_body:
        body = open_body_of(school)
        data.update(
            body=body,
            members=list(body.members.select_related("user")) if body else [],
            meetings=list(review_meetings_of(school)) if body else [],
            can_manage_body=user.has_perm("visits.manage_review_body", school),
        )
    return data


# --- the pages' objects ----------------------------------------------------------------------------------------


def get_school_for_improvement(user, authority, urn, perm):
    """The school with this URN if the person may see it here (else 404) and take `perm` (else 403)."""
    school = school_list_for_user(user, authority).filter(urn=urn).first()
    if school is None:
        raise Http404("No school with that URN in your schools")
    require_perm(user, "visits.view_improvement", school)
    require_perm(user, perm, school)
    return school


def get_plan_for_user(user, authority, pk, perm="visits.view_improvement"):
    plan = ImprovementPlan.objects.filter(pk=pk, school__in=school_list_for_user(user, authority)).first()
    if plan is None or not user.has_perm("visits.view_improvement", plan.school):
        raise Http404("No such plan")
    require_perm(user, perm, plan.school)
    return plan


def get_body_for_user(user, authority, pk, perm="visits.view_improvement"):
    body = (
        ReviewBody.objects.filter(pk=pk, school__in=school_list_for_user(user, authority))
        .select_related("school", "chair")
        .first()
    )
    if body is None or not user.has_perm("visits.view_improvement", body.school):
        raise Http404("No such review body")
    require_perm(user, perm, body.school)
    return body


def get_member_for_user(user, authority, pk, perm="visits.manage_review_body"):
    member = (
        ReviewBodyMember.objects.filter(pk=pk, body__school__in=school_list_for_user(user, authority))
        .select_related("body", "body__school")
        .first()
    )
    if member is None or not user.has_perm("visits.view_improvement", member.body.school):
        raise Http404("No such member")
    require_perm(user, perm, member.body.school)
    return member


def member_choices(school):
    """Who a review body member's account may be: the authority's officers and the school's own people."""
    from django.db.models import Q

    return (
        User.objects.filter(
            Q(roles__authority=school.authority, roles__role__in=OFFICER_ROLES) | Q(roles__school=school),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def improvement_todos(user, authority, today):
    """[(kind, school, band, plan, status)] for the schools `user` is QA lead of in `authority` whose band asks
    for a plan or a review body: kind "record" (no open plan), "review" (a review owed this term, none recorded) or
    "form" (no open review body). A fixed number of queries, whatever the number of schools."""
    from classification.selectors import published_bands_for_schools
    from schools.models import School

    schools = list(School.objects.filter(authority=authority, qa_lead=user).order_by("name", "pk"))
    bands = published_bands_for_schools([school.pk for school in schools])
    wanted = [s for s in schools if bands.get(s.pk) and (bands[s.pk].improvement_plan or bands[s.pk].review_body)]
    if not wanted:
        return []
    ids = [school.pk for school in wanted]
    plans = {
        plan.school_id: plan
        for plan in ImprovementPlan.objects.filter(school_id__in=ids, closed_on__isnull=True).prefetch_related(
            "reviews"
        )
    }
    bodies = set(
        ReviewBody.objects.filter(school_id__in=ids, closed_on__isnull=True).values_list("school_id", flat=True)
    )
    cadenced = [plans[s.pk].agreed_on for s in wanted if s.pk in plans and bands[s.pk].plan_review_every]
    periods = {}
    if cadenced:
        for every in {bands[s.pk].plan_review_every for s in wanted if s.pk in plans}:
            periods[every] = review_periods(authority, every, min(cadenced), today)
    items = []
    for school in wanted:
        band, plan = bands[school.pk], plans.get(school.pk)
        if band.improvement_plan and plan is None:
            items.append(("record", school, band, None, None))
        elif band.improvement_plan and band.plan_review_every:
            every = band.plan_review_every
            status = review_status(plan, every, periods.get(every, []), list(plan.reviews.all()), today)
            if status.owed_now:
                items.append(("review", school, band, plan, status))
        if band.review_body and school.pk not in bodies:
            items.append(("form", school, band, None, None))
    return items
