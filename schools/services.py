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
