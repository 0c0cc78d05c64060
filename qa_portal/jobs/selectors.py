from django.db.models import Q
from django.http import Http404

from qa_portal.accounts.roles import Role

from .models import Job


def job_list_for_user(user):
    """Jobs of the authorities the person administers, plus the jobs they started themselves."""
    admin_authorities = user.authority_ids_for(Role.AUTHORITY_ADMIN, Role.DIRECTOR)
    return Job.objects.filter(Q(authority_id__in=admin_authorities) | Q(created_by=user)).select_related(
        "created_by", "authority"
    )


def get_job_for_user(user, job_id):
    job = job_list_for_user(user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job")
    return job
