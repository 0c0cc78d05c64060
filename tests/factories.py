"""Factories per object and per state. Tests name the state they need (e.g. GovernorFactory(chair=True))."""

import factory

from qa_portal.accounts.models import RoleAssignment, User
from qa_portal.accounts.roles import Role
from schools.models import Authority, School

TEST_PASSWORD = "correct-horse-battery-staple"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("kind", "code")

    name = factory.Sequence(lambda n: f"Authority {n}")
    kind = Authority.Kind.LOCAL_AUTHORITY
    code = factory.Sequence(lambda n: str(800 + n))


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: 100000 + n)
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    authority = factory.SubFactory(AuthorityFactory)
    phase = School.Phase.PRIMARY
    establishment_type = "Community school"
    type_group = School.TypeGroup.LA_MAINTAINED
    is_maintained = True

    class Params:
        academy = factory.Trait(
            establishment_type="Academy converter", type_group=School.TypeGroup.ACADEMIES, is_maintained=False
        )


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
    authority = authority or school.authority
    return RoleAssignment.objects.create(user=user, role=role, authority=authority, school=school, is_chair=is_chair)


def qa_lead(authority, *, schools=()):
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
