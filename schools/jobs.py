"""Background imports an authority admin starts from the web: the same services as the commands."""

from django.db import transaction

from qa_portal.jobs.registry import register
from qa_portal.jobs.services import job_enqueue

from .models import ImportUpload
from .services import gias_import, indicators_import, ofsted_import

RESULT_TEMPLATE = "schools/job_result_import.html"


def _run(job, progress, func):
    upload = ImportUpload.objects.select_related("authority", "uploaded_by").get(pk=job.params["upload_id"])
    result = func(upload, bytes(upload.content), progress)
    # The file has done its work: keep who uploaded what and when, not the 60 MB of it.
    ImportUpload.objects.filter(pk=upload.pk).update(content=b"")
    data = result.as_dict()
    data.update({"filename": upload.filename, "kind_label": upload.get_kind_display(), "upload_id": upload.pk})
    return data


@register("schools_import_gias", "Import schools from GIAS", template=RESULT_TEMPLATE)
def import_gias_job(job, progress):
    return _run(
        job,
        progress,
        lambda upload, data, progress: gias_import(
            data=data,
            la_code=upload.authority.code,
            authority=upload.authority,
            dry_run=upload.dry_run,
            user=upload.uploaded_by,
            progress=progress,
        ),
    )


@register("schools_import_ofsted", "Import Ofsted inspection outcomes", template=RESULT_TEMPLATE)
def import_ofsted_job(job, progress):
    return _run(
        job,
        progress,
        lambda upload, data, progress: ofsted_import(
            data=data, authority=upload.authority, dry_run=upload.dry_run, progress=progress
        ),
    )


@register("schools_import_indicators", "Import indicators", template=RESULT_TEMPLATE)
def import_indicators_job(job, progress):
    return _run(
        job,
        progress,
        lambda upload, data, progress: indicators_import(
            data=data, authority=upload.authority, dry_run=upload.dry_run, progress=progress
        ),
    )


JOB_KINDS = {
    ImportUpload.Kind.GIAS: "schools_import_gias",
    ImportUpload.Kind.OFSTED: "schools_import_ofsted",
    ImportUpload.Kind.INDICATORS: "schools_import_indicators",
}


@transaction.atomic
def import_upload_start(*, kind, authority, filename, content, dry_run, user):
    """Keep an uploaded file and queue its import as a background job (runs after commit). Returns the Job."""
    upload = ImportUpload(
        kind=kind,
        authority=authority,
        filename=filename[:255],
        size=len(content),
        content=content,
        dry_run=dry_run,
        uploaded_by=user,
    )
    upload.full_clean()
    upload.save()
    return job_enqueue(kind=JOB_KINDS[kind], user=user, authority=authority, params={"upload_id": upload.pk})
