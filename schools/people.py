"""Who can be a school's QA lead and who heads it (role assignments in qa_portal.accounts), for the selectors
and the services alike."""

from qa_portal.accounts.models import RoleAssignment
from qa_portal.accounts.roles import Role
from qa_portal.accounts.selectors import qa_leads_of_authority


def qa_lead_choices(authority):
    """The people who may be made a school's QA lead in `authority`: its active QA leads, by name."""
    return qa_leads_of_authority(authority).filter(is_active=True).order_by("last_name", "first_name", "email")


def is_qa_lead_in(person, authority):
    """Whether `person` is an active QA lead of `authority` (what a school's QA lead must be)."""
    return person is not None and qa_lead_choices(authority).filter(pk=person.pk).exists()


def headteachers_of_schools(school_ids):
    """{school id: [the school's active headteachers]} (one query)."""
    rows = RoleAssignment.objects.filter(
        school_id__in=list(school_ids), role=Role.HEADTEACHER, user__is_active=True
    ).select_related("user")
    heads = {}
    for row in rows.order_by("user__last_name", "user__pk"):
        heads.setdefault(row.school_id, []).append(row.user)
    return heads


def directors_of_authorities(authority_ids):
    """{authority id: [the authority's active directors, by name]} (one query)."""
    rows = RoleAssignment.objects.filter(
        authority_id__in=list(authority_ids), role=Role.DIRECTOR, school__isnull=True, user__is_active=True
    ).select_related("user")
    directors = {}
    for row in rows.order_by("user__last_name", "user__first_name", "user__pk"):
        people = directors.setdefault(row.authority_id, [])
        if row.user not in people:
            people.append(row.user)
    return directors
