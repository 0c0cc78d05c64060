"""What classification adds to other pages: its section of the school page, the band column of the register and
the home-page panels per role."""

from django.utils import timezone
from django.utils.html import format_html

from qa_portal.academic_year import academic_year_start
from qa_portal.accounts import home_panels
from qa_portal.accounts.roles import Role
from qa_portal.dates import long_date, short_date
from schools import panels, register
from schools.selectors import school_list_for_user

from . import selectors, triggers
from .models import Cadence


def register_band_cell(school):
    """The register's band cell: the band's tag and since when (the row is annotated by annotate_current_band)."""
    if not school.band_label:
        return "Not classified"
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong><br><span class="govuk-body-s">since {}</span>',
        school.band_colour or "grey",
        school.band_label,
        short_date(school.band_since),
    )


register.add_column(
    register.RegisterColumn(
        key="band",
        heading="Band",
        annotate=selectors.annotate_current_band,
        cell=register_band_cell,
        export=[
            ("Band", lambda school: school.band_label or "Not yet classified"),
            ("In band since", lambda school: school.band_since.strftime("%d/%m/%Y") if school.band_since else ""),
        ],
        filter_choices=selectors.band_choices_for_authority,
        filter_rows=selectors.filter_by_band,
    )
)


@panels.register(order=20)
def classification_panel(request, school):
    user = request.user
    if not user.has_perm("classification.view_published", school):
        return None
    published = selectors.published_classification_for_school(school)
    is_officer = user.has_perm("classification.view_internal", school)
    is_head = user.has_perm("classification.request_discussion", school)
    show_reasons = user.has_perm("classification.view_reasons", school)
    context = {
        "school": school,
        "published": published,
        "band": published.band if published else None,
        "entitlements": list(published.band.entitlements.all()) if published else [],
        "timeline": selectors.band_timeline(school, timezone.localdate()),
        "show_reasons": show_reasons,
        "is_officer": is_officer,
        # What the policy asks of a school in its band: for the head and the officers.
        "show_requirements": is_officer or is_head,
        # The capacity to improve recorded on the assessment behind the band, when the framework judges it.
        "capacity": published.assessment.capacity
        if published is not None and is_officer and published.framework.capacity_levels
        else "",
        "can_request_discussion": is_head and published is not None,
        "letters": list(published.letters.order_by("-created_at")) if published else [],
        # The head sees the discussions the school asked for and what was agreed.
        "discussions": list(selectors.discussions_for_school(school)[:10]) if is_head else [],
        # Officers see what happened that the framework makes a reason to reassess, until it is reassessed.
        "open_triggers": list(triggers.open_triggers(school.authority).filter(school=school)) if is_officer else [],
    }
    if published is not None and user.has_perm("classification.request_review", school):
        # The head may ask for a review (while the framework's window is open), and sees the outcome of each.
        refusal = selectors.review_refusal(published, timezone.localdate())
        context.update(
            can_request_review=refusal is None,
            review_refusal=refusal,
            review_deadline=selectors.review_request_deadline(published),
            reviews=selectors.reviews_for_school(school),
        )
    return "classification/panel_school.html", context


@home_panels.register(Role.QA_LEAD, order=20)
def qa_lead_panel(user, authority):
    today = timezone.localdate()
    start = academic_year_start(today)
    schools = selectors.schools_due_assessment(user, authority, start)
    due = list(schools[:50])
    cadence, since = selectors.assessment_due_since(authority, today)
    return "classification/home_qa_lead.html", {
        "due": due,
        "due_count": len(due) if len(due) < 50 else schools.count(),
        "cadence": cadence,
        "cadence_label": Cadence(cadence).label,
        "due_since": long_date(max(since, start)),
        **selectors.qa_lead_work(user, authority),
    }


@home_panels.register(Role.DIRECTOR, order=20)
def director_panel(user, authority):
    awaiting = list(selectors.proposals_awaiting_decision(user, authority)[:50])
    return "classification/home_director.html", {
        "awaiting": awaiting,
        "open_reviews": selectors.open_review_count(authority),
    }


@home_panels.register(Role.HEADTEACHER, order=20)
def headteacher_panel(user, authority):
    return _school_people_panel(user, authority, Role.HEADTEACHER)


@home_panels.register(Role.GOVERNOR, order=20)
def governor_panel(user, authority):
    return _school_people_panel(user, authority, Role.GOVERNOR)


def _school_people_panel(user, authority, role):
    schools = list(
        school_list_for_user(user, authority)
        .filter(pk__in=user.school_ids_for(role, authority_id=authority.pk))
        .order_by("name")
    )
    bands = selectors.published_classifications_for_schools([s.pk for s in schools])
    return "classification/home_headteacher.html", {"rows": [(school, bands.get(school.pk)) for school in schools]}
