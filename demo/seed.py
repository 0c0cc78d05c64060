"""Demo data for `manage.py seed_demo`: Demo Borough with its people. Later apps add their steps here.
Running it again refreshes the same rows; it never duplicates them."""

import importlib

from django.db import transaction

from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.accounts.roles import Role
from qa_portal.data_versions import authority_data_changed
from schools import demo as schools_demo

from . import brands

DEMO_PASSWORD = "demo-school-qa-2026"

# (email, first, last, job title, role, school index or None, chair)
DEMO_PEOPLE = [
    ("qa.lead@demo.example", "Priya", "Shah", "School improvement adviser", Role.QA_LEAD, None, False),
    ("qa.lead2@demo.example", "Tom", "Okafor", "School improvement adviser", Role.QA_LEAD, None, False),
    ("director@demo.example", "Helen", "Marsh", "Director of Education", Role.DIRECTOR, None, False),
    ("admin@demo.example", "Sam", "Patel", "QA systems officer", Role.AUTHORITY_ADMIN, None, False),
    ("head@demo.example", "Grace", "Adeyemi", "Headteacher", Role.HEADTEACHER, 0, False),
    ("chair@demo.example", "Robert", "Lee", "Chair of governors", Role.GOVERNOR, 0, True),
    ("governor@demo.example", "Aisha", "Khan", "Parent governor", Role.GOVERNOR, 0, False),
    ("head2@demo.example", "Mark", "Evans", "Headteacher", Role.HEADTEACHER, 1, False),
    ("regional@demo.example", "Nadia", "Osei", "Regional improvement adviser", Role.REGIONAL, None, False),
]


def _person(email, first, last, title, *, password):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "job_title": title}
    )
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed(*, set_passwords):
    password = DEMO_PASSWORD if set_passwords else None
    authority = schools_demo.seed_authority()
    people = {row[0]: _person(*row[:4], password=password) for row in DEMO_PEOPLE}
    qa_leads = [people["qa.lead@demo.example"], people["qa.lead2@demo.example"]]
    schools = schools_demo.seed_schools(authority, qa_leads)
    for email, *_rest, role, school_index, chair in DEMO_PEOPLE:
        school = schools[school_index] if school_index is not None else None
        RoleAssignment.objects.update_or_create(
            user=people[email], role=role, authority=authority, school=school, defaults={"is_chair": chair}
        )
    context = {"authority": authority, "schools": schools, "people": people, "set_passwords": set_passwords}
    # Each later app adds its own demo rows in <app>/demo.py: seed(context), idempotent, in this order.
    for app in APP_DEMO_STEPS:
        module = importlib.import_module(f"{app}.demo")
        module.seed(context)
    brands.seed(context)  # every demo authority's letterhead and signatory (demo/brands.py)
    _oversee_every_demo_authority(people["regional@demo.example"], people["director@demo.example"])
    authority_data_changed(None)  # some demo steps write with queryset.update(): no cached page outlives them
    return context


def _oversee_every_demo_authority(regional, director):
    """The regional overseer oversees every demo authority (those the demo director directs)."""
    directed = RoleAssignment.objects.filter(user=director, role=Role.DIRECTOR).values_list("authority_id", flat=True)
    for authority_id in directed:
        RoleAssignment.objects.get_or_create(user=regional, role=Role.REGIONAL, authority_id=authority_id, school=None)


APP_DEMO_STEPS = ["schools", "classification", "visits", "governance"]
