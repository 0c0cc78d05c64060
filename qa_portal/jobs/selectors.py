from django.db.models import Q
from django.http import Http404

from qa_portal.accounts.roles import Role

from .models import Job


def job_list_for_user(user, authority):
    """The authority's jobs for its admins and directors; for everyone else, the jobs they started there."""
    if authority is None:
        return Job.objects.none()
    mine = Q(created_by=user)
    if authority.pk in user.authority_ids_for(Role.AUTHORITY_ADMIN, Role.DIRECTOR):
        mine = Q()
    return Job.objects.filter(mine, authority=authority).select_related("created_by", "authority")


def get_job_for_user(user, authority, job_id):
    job = job_list_for_user(user, authority).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job")
    return job
