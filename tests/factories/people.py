"""People: users (every one signs in with TEST_PASSWORD) and the roles they hold, one helper per role."""

import factory

from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def give_role(user, role, *, authority=None, school=None, is_chair=False):
    """A role for an existing person: in `authority`, or at `school` (in the school's authority)."""
    authority = authority or school.authority
    return RoleAssignment.objects.create(user=user, role=role, authority=authority, school=school, is_chair=is_chair)


def qa_lead(authority, *, schools=()):
    """A QA lead of `authority`, assigned to `schools`."""
    user = UserFactory(job_title="School improvement adviser")
    give_role(user, Role.QA_LEAD, authority=authority)
    for school in schools:
        school.qa_lead = user
        school.save(update_fields=["qa_lead"])
    return user


def director(authority):
    user = UserFactory(job_title="Director of Education")
    give_role(user, Role.DIRECTOR, authority=authority)
    return user


def regional_overseer(*authorities):
    user = UserFactory(job_title="Regional improvement adviser")
    for authority in authorities:
        give_role(user, Role.REGIONAL, authority=authority)
    return user


def authority_admin(authority):
    user = UserFactory(job_title="QA systems officer")
    give_role(user, Role.AUTHORITY_ADMIN, authority=authority)
    return user


def headteacher(school):
    user = UserFactory(job_title="Headteacher")
    give_role(user, Role.HEADTEACHER, school=school)
    return user


def governor(school, *, chair=False):
    user = UserFactory(job_title="Chair of governors" if chair else "Governor")
    give_role(user, Role.GOVERNOR, school=school, is_chair=chair)
    return user
