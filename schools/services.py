from django.db import transaction

from .models import Indicator


@transaction.atomic
def school_update_contacts(*, school, telephone, email, website, user):
    school.telephone = telephone
    school.email = email
    school.website = website
    school._history_user = user
    school.full_clean()
    school.save(update_fields=["telephone", "email", "website"])
    return school


def indicator_ensure(
    *, code, name, unit, evidence_area, higher_is_better, national_value=None, description=None, update=True
):
    """Create the indicator with this code, or bring its definition up to date. Idempotent.

    `national_value` / `description` are only changed when given. Returns the Indicator.
    """
    indicator = Indicator.objects.filter(code=code).first()
    wanted = {"name": name, "unit": unit, "evidence_area": evidence_area, "higher_is_better": higher_is_better}
    if national_value is not None:
        wanted["national_value"] = national_value
    if description is not None:
        wanted["description"] = description
    if indicator is None:
        indicator = Indicator(code=code, **wanted)
    elif not update or all(getattr(indicator, key) == value for key, value in wanted.items()):
        return indicator
    else:
        for key, value in wanted.items():
            setattr(indicator, key, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_catalogue_ensure():
    """Create or update every indicator of the shipped catalogue (schools.catalogue). Idempotent.

    Returns {code: Indicator}.
    """
    from .catalogue import catalogue_rows

    return {row["code"]: indicator_ensure(**row) for row in catalogue_rows()}


def gias_import(*, data, la_code, dry_run=False, authority=None, user=None, progress=None, on_date=None):
    """Import a GIAS establishment file for one local authority (schools.imports.gias). All or nothing."""
    from .imports.gias import import_gias

    return import_gias(
        data, la_code=la_code, dry_run=dry_run, authority=authority, user=user, progress=progress, on_date=on_date
    )


def ofsted_import(*, data, authority=None, dry_run=False, progress=None):
    """Import Ofsted inspection outcomes (schools.imports.ofsted), for `authority`'s schools or all schools."""
    from .imports.ofsted import import_ofsted

    return import_ofsted(data, authority=authority, dry_run=dry_run, progress=progress)


def indicators_import(*, data, authority=None, dry_run=False, progress=None):
    """Import indicator values `urn,indicator,period,value[,national]` (schools.imports.indicators)."""
    from .imports.indicators import import_indicators

    return import_indicators(data, authority=authority, dry_run=dry_run, progress=progress)


@transaction.atomic
def import_upload_start(*, kind, authority, filename, content, dry_run, user):
    """Keep an uploaded file and queue its import as a background job (runs after commit). Returns the Job."""
    from qa_portal.jobs.services import job_enqueue

    from .jobs import JOB_KINDS
    from .models import ImportUpload

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
