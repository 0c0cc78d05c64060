"""What each role sees first. Each builder reads through selectors and returns (template, context); the apps
add their own sections through qa_portal.accounts.home_panels. Homes sit here, above every app, because they
read from all of them."""

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from classification.selectors import annotate_current_band
from governance.selectors import board_for_school, board_summary
from qa_portal.accounts.roles import Role
from qa_portal.accounts.selectors import authorities_for_user, people_in_authority
from qa_portal.jobs.selectors import job_list_for_user
from schools.models import School
from schools.selectors import school_list_for_user, schools_led_by
from visits.models import Visit, VisitNote


def _next_visit(field_name, today):
    upcoming = Visit.objects.filter(
        school=OuterRef("pk"),
        planned_date__gte=today,
        status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
    ).order_by("planned_date", "pk")
    return Subquery(upcoming.values(field_name)[:1])


def qa_lead_home(user):
    """My schools with their band and next visit (one query, whatever the number of schools or visits)."""
    today = timezone.localdate()
    schools = list(
        annotate_current_band(schools_led_by(user))
        .annotate(
            next_visit_on=_next_visit("planned_date", today), next_visit_type=_next_visit("visit_type__name", today)
        )
        .order_by("name")
    )
    return TEMPLATES[Role.QA_LEAD], {"schools": schools}


def director_home(user):
    authorities = list(authorities_for_user(user, Role.DIRECTOR))
    schools = School.objects.filter(authority__in=authorities)
    by_phase = schools.values("phase").annotate(count=Count("pk")).order_by("phase")
    by_group = schools.values("type_group").annotate(count=Count("pk")).order_by("type_group")
    phase_labels = dict(School.Phase.choices)
    group_labels = dict(School.TypeGroup.choices)
    return TEMPLATES[Role.DIRECTOR], {
        "authorities": authorities,
        "school_count": schools.count(),
        "without_qa_lead": schools.filter(qa_lead__isnull=True).count(),
        "by_phase": [(phase_labels[row["phase"]], row["count"]) for row in by_phase],
        "by_group": [(group_labels[row["type_group"]], row["count"]) for row in by_group],
    }


def headteacher_home(user):
    schools = list(school_list_for_user(user).filter(pk__in=user.school_ids_for(Role.HEADTEACHER)))
    return TEMPLATES[Role.HEADTEACHER], {"schools": schools}


def governor_home(user):
    """For each board the person sits on: their role, vacancies and terms ending, the next governance
    conversation and the published notes of visit (a governor has one or two boards at most)."""
    today = timezone.localdate()
    schools = list(school_list_for_user(user).filter(pk__in=user.school_ids_for(Role.GOVERNOR)))
    school_ids = [school.pk for school in schools]
    # Notes of visit are published to the head and the chair, not to every governor.
    chair_of = [school_id for school_id in school_ids if user.is_chair_of(school_id)]
    notes = {}
    for note in (
        VisitNote.objects.filter(visit__school_id__in=chair_of, status=VisitNote.Status.PUBLISHED)
        .select_related("visit", "visit__visit_type")
        .order_by("-published_at")
    ):
        notes.setdefault(note.visit.school_id, []).append(note)
    next_conversation = {
        visit.school_id: visit
        for visit in Visit.objects.filter(
            school_id__in=school_ids,
            visit_type__code="annual_governance_conversation",
            planned_date__gte=today,
            status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED],
        ).order_by("-planned_date")
    }
    rows = []
    for school in schools:
        board = board_for_school(school)
        rows.append(
            {
                "school": school,
                "is_chair": user.is_chair_of(school.pk),
                "board": board_summary(board, today) if board else None,
                "next_conversation": next_conversation.get(school.pk),
                "notes": notes.get(school.pk, [])[:5],
            }
        )
    return TEMPLATES[Role.GOVERNOR], {"rows": rows}


def authority_admin_home(user):
    authorities = list(authorities_for_user(user, Role.AUTHORITY_ADMIN))
    authority = authorities[0] if authorities else None
    return TEMPLATES[Role.AUTHORITY_ADMIN], {
        "authority": authority,
        "people_count": people_in_authority(authority).count() if authority else 0,
        "school_count": School.objects.filter(authority=authority).count() if authority else 0,
        "jobs": list(job_list_for_user(user)[:5]),
    }


TEMPLATES = {
    Role.QA_LEAD: "home/qa_lead.html",
    Role.DIRECTOR: "home/director.html",
    Role.HEADTEACHER: "home/headteacher.html",
    Role.GOVERNOR: "home/governor.html",
    Role.AUTHORITY_ADMIN: "home/admin.html",
}
BUILDERS = {
    Role.QA_LEAD: qa_lead_home,
    Role.DIRECTOR: director_home,
    Role.HEADTEACHER: headteacher_home,
    Role.GOVERNOR: governor_home,
    Role.AUTHORITY_ADMIN: authority_admin_home,
}
