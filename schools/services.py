"""Writes to the register: a school's contacts, the indicator catalogue and the imports (all or nothing)."""

from django.db import transaction

from .catalogue import CATALOGUE_CODES, catalogue_rows
from .imports.gias import import_gias
from .imports.indicators import import_indicators
from .imports.ofsted import import_ofsted
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
    return {row["code"]: indicator_ensure(**row) for row in catalogue_rows()}


def gias_import(*, data, la_code, dry_run=False, authority=None, user=None, progress=None, on_date=None):
    """Import a GIAS establishment file for one local authority (schools.imports.gias). All or nothing."""
    return import_gias(
        data, la_code=la_code, dry_run=dry_run, authority=authority, user=user, progress=progress, on_date=on_date
    )


def ofsted_import(*, data, authority=None, dry_run=False, progress=None):
    """Import Ofsted inspection outcomes (schools.imports.ofsted), for `authority`'s schools or all schools."""
    return import_ofsted(data, authority=authority, dry_run=dry_run, progress=progress)


def indicators_import(*, data, authority=None, dry_run=False, progress=None):
    """Import indicator values `urn,indicator,period,value[,national]` (schools.imports.indicators)."""
    if Indicator.objects.filter(code__in=CATALOGUE_CODES).count() < len(CATALOGUE_CODES):
        indicator_catalogue_ensure()  # a database whose catalogue rows (made by a data migration) were removed
    return import_indicators(data, authority=authority, dry_run=dry_run, progress=progress)
