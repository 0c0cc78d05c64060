"""What each role sees first in an authority. Each builder reads through selectors and returns (template, context);
the apps add their own sections through qa_portal.accounts.home_panels. Homes sit here, above every app, because
they read from all of them."""

from django.urls import reverse
from django.utils import timezone

from classification.selectors import annotate_current_band
from governance.selectors import board_for_school, board_summary
from qa_portal.accounts.roles import HOME_ORDER, HOME_SLUGS, ROLE_BY_HOME_SLUG, Role
from qa_portal.accounts.selectors import people_in_authority
from qa_portal.jobs.selectors import job_list_for_user
from qa_portal.links import url_prefix, urls_for
from schools.selectors import school_counts_for_authority, school_list_for_user, schools_led_by
from visits.selectors import next_visit_annotations, next_visits_of_type, published_notes_for_schools

from .regional import regional_view
from .rules import HOME_PERMS


def qa_lead_home(user, authority):
    """My schools in this authority with their band and next visit (one query, whatever the number of schools)."""
    schools = annotate_current_band(schools_led_by(user, authority)).annotate(
        **next_visit_annotations(timezone.localdate())
    )
    return TEMPLATES[Role.QA_LEAD], {"schools": list(schools.order_by("name"))}


def director_home(user, authority):
    return TEMPLATES[Role.DIRECTOR], {"authority": authority, **school_counts_for_authority(authority)}


def headteacher_home(user, authority):
    schools = school_list_for_user(user, authority).filter(
        pk__in=user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
    )
    return TEMPLATES[Role.HEADTEACHER], {"schools": list(schools)}


def governor_home(user, authority):
    """For each board the person sits on in this authority: their role, vacancies and terms ending, the next
    governance conversation and the published notes of visit (a governor has one or two boards at most)."""
    today = timezone.localdate()
    school_ids = user.school_ids_for(Role.GOVERNOR, authority_id=authority.pk)
    schools = list(school_list_for_user(user, authority).filter(pk__in=school_ids))
    # Notes of visit are published to the head and the chair, not to every governor.
    notes = published_notes_for_schools([school.pk for school in schools if user.is_chair_of(school.pk)])
    next_conversation = next_visits_of_type([school.pk for school in schools], "annual_governance_conversation", today)
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


def authority_admin_home(user, authority):
    return TEMPLATES[Role.AUTHORITY_ADMIN], {
        "authority": authority,
        "people_count": people_in_authority(authority).count(),
        "school_count": school_counts_for_authority(authority)["school_count"],
        "jobs": list(job_list_for_user(user, authority)[:5]),
    }


def overseen_authorities(user):
    """The authorities the person oversees as a regional overseer (from their roles: no query of its own)."""
    found = {a.authority_id: a.authority for a in user.role_assignments if a.role == Role.REGIONAL}
    return list(found.values())


def regional_home(user, authority):
    """Every authority the person oversees side by side (not only the one this page is in), each linking to its
    dashboard."""
    view = regional_view(overseen_authorities(user), timezone.localdate())
    with urls_for(None):
        dashboard_path = reverse("dashboards:dashboard")
    for row in view.rows:
        row.dashboard_url = url_prefix(row.authority) + dashboard_path
    return TEMPLATES[Role.REGIONAL], {"authority": authority, "regional": view}


# Homes made only from schools, classification, visits and governance rows (qa_portal.page_cache); the
# authority admin's home shows jobs and people, which change without touching those.
CACHED = {Role.QA_LEAD, Role.DIRECTOR, Role.HEADTEACHER, Role.GOVERNOR}


def home_role(slug):
    """The role whose home page has this address (`qa-lead`, `director`…), or None."""
    return ROLE_BY_HOME_SLUG.get(slug)


def first_home_slug(user, authority):
    """The address of the person's first home page in the authority (HOME_ORDER), or None when they hold no role."""
    for role in HOME_ORDER:
        if user.has_perm(HOME_PERMS[role], authority):
            return HOME_SLUGS[role]
    return None


TEMPLATES = {
    Role.QA_LEAD: "home/qa_lead.html",
    Role.DIRECTOR: "home/director.html",
    Role.HEADTEACHER: "home/headteacher.html",
    Role.GOVERNOR: "home/governor.html",
    Role.AUTHORITY_ADMIN: "home/admin.html",
    Role.REGIONAL: "home/regional.html",
}
BUILDERS = {
    Role.QA_LEAD: qa_lead_home,
    Role.DIRECTOR: director_home,
    Role.HEADTEACHER: headteacher_home,
    Role.GOVERNOR: governor_home,
    Role.AUTHORITY_ADMIN: authority_admin_home,
    Role.REGIONAL: regional_home,
}
