"""What each role sees first. Each builder reads through selectors and returns (template, context)."""

from django.db.models import Count

from qa_portal.jobs.selectors import job_list_for_user
from schools.models import School
from schools.selectors import school_list_for_user, schools_led_by

from .roles import Role
from .selectors import authorities_for_user, people_in_authority


def qa_lead_home(user):
    schools = list(schools_led_by(user).order_by("name"))
    return "home/qa_lead.html", {"schools": schools}


def director_home(user):
    authorities = list(authorities_for_user(user, Role.DIRECTOR))
    schools = School.objects.filter(authority__in=authorities)
    by_phase = schools.values("phase").annotate(count=Count("pk")).order_by("phase")
    by_group = schools.values("type_group").annotate(count=Count("pk")).order_by("type_group")
    phase_labels = dict(School.Phase.choices)
    group_labels = dict(School.TypeGroup.choices)
    return "home/director.html", {
        "authorities": authorities,
        "school_count": schools.count(),
        "without_qa_lead": schools.filter(qa_lead__isnull=True).count(),
        "by_phase": [(phase_labels[row["phase"]], row["count"]) for row in by_phase],
        "by_group": [(group_labels[row["type_group"]], row["count"]) for row in by_group],
    }


def headteacher_home(user):
    schools = list(school_list_for_user(user).filter(pk__in=user.school_ids_for(Role.HEADTEACHER)))
    return "home/headteacher.html", {"schools": schools}


def governor_home(user):
    schools = list(school_list_for_user(user).filter(pk__in=user.school_ids_for(Role.GOVERNOR)))
    rows = [(school, user.is_chair_of(school.pk)) for school in schools]
    return "home/governor.html", {"rows": rows}


def authority_admin_home(user):
    authorities = list(authorities_for_user(user, Role.AUTHORITY_ADMIN))
    authority = authorities[0] if authorities else None
    return "home/admin.html", {
        "authority": authority,
        "people_count": people_in_authority(authority).count() if authority else 0,
        "school_count": School.objects.filter(authority=authority).count() if authority else 0,
        "jobs": list(job_list_for_user(user)[:5]),
    }


BUILDERS = {
    Role.QA_LEAD: qa_lead_home,
    Role.DIRECTOR: director_home,
    Role.HEADTEACHER: headteacher_home,
    Role.GOVERNOR: governor_home,
    Role.AUTHORITY_ADMIN: authority_admin_home,
}
