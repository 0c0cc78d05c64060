from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qa_portal.permissions import authority_with_perm

from .registry import get_kind
from .selectors import get_job_for_user, job_list_for_user
from .services import job_enqueue


def job_list(request):
    authority = authority_with_perm(request, "jobs.view_jobs")
    return render(
        request,
        "jobs/job_list.html",
        {
            "authority": authority,
            "jobs": job_list_for_user(request.user, authority)[:50],
            "can_check_worker": request.user.has_perm("jobs.run_worker_check", authority),
        },
    )


@require_POST
def worker_check_start(request):
    authority = authority_with_perm(request, "jobs.run_worker_check")
    job = job_enqueue(kind="worker_check", user=request.user, authority=authority)
    return redirect("jobs:detail", job_id=job.pk)


def job_detail(request, job_id):
    job = get_job_for_user(request.user, request.authority, job_id)
    return render(request, "jobs/job_detail.html", {"job": job, "kind": get_kind(job.kind)})


def job_status(request, job_id):
    """Progress for the page's polling script (the page itself works without it)."""
    job = get_job_for_user(request.user, request.authority, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "percent": job.percent,
            "done": job.progress_done,
            "total": job.progress_total,
            "finished": job.is_finished,
        }
    )
