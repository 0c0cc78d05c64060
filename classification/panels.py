"""The classification section of the school page, and the home-page panels per role."""

from django.utils import timezone

from qa_portal.academic_year import academic_year_start
from qa_portal.accounts import home_panels
from qa_portal.accounts.roles import Role
from schools import panels

from . import selectors


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
        "can_request_discussion": is_head and published is not None,
        "letters": list(published.letters.order_by("-created_at")) if published else [],
    }
    return "classification/panel_school.html", context


@home_panels.register(Role.QA_LEAD, order=20)
def qa_lead_panel(user):
    today = timezone.localdate()
    start = academic_year_start(today)
    work = selectors.qa_lead_work(user)
    due = list(selectors.schools_due_assessment(user, start)[:50])
    return "classification/home_qa_lead.html", {"due": due, **work}


@home_panels.register(Role.DIRECTOR, order=20)
def director_panel(user):
    return "classification/home_director.html", {"awaiting": list(selectors.proposals_awaiting_decision(user)[:50])}


@home_panels.register(Role.HEADTEACHER, order=20)
def headteacher_panel(user):
    return _school_people_panel(user, Role.HEADTEACHER)


@home_panels.register(Role.GOVERNOR, order=20)
def governor_panel(user):
    return _school_people_panel(user, Role.GOVERNOR)


def _school_people_panel(user, role):
    from schools.models import School

    school_ids = user.school_ids_for(role)
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name"))
    bands = selectors.published_classifications_for_schools([s.pk for s in schools])
    rows = [(school, bands.get(school.pk)) for school in schools]
    return "classification/home_headteacher.html", {"rows": rows}
