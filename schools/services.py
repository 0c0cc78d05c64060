from django.db import transaction


@transaction.atomic
def school_update_contacts(*, school, telephone, email, website, user):
    school.telephone = telephone
    school.email = email
    school.website = website
    school._history_user = user
    school.full_clean()
    school.save(update_fields=["telephone", "email", "website"])
    return school
