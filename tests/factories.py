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


# --- schools: inspections, indicators, headteacher changes (schools engineer) ---


def _inspection_date(n):
    import datetime

    return datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 600)


class OfstedInspectionFactory(factory.django.DjangoModelFactory):
    """A graded inspection; traits: special_measures, serious_weaknesses, report_card."""

    class Meta:
        model = "schools.OfstedInspection"

    school = factory.SubFactory(SchoolFactory)
    inspection_number = factory.Sequence(lambda n: str(10300000 + n))
    inspection_type = "S5 Inspection"
    framework = "graded"
    start_date = factory.Sequence(lambda n: _inspection_date(n))
    overall_effectiveness = 2
    quality_of_education = factory.SelfAttribute("overall_effectiveness")
    behaviour_and_attitudes = factory.SelfAttribute("overall_effectiveness")
    personal_development = factory.SelfAttribute("overall_effectiveness")
    leadership_and_management = factory.SelfAttribute("overall_effectiveness")
    safeguarding_effective = True

    class Params:
        special_measures = factory.Trait(
            overall_effectiveness=4, category_of_concern="SM", safeguarding_effective=False
        )
        serious_weaknesses = factory.Trait(overall_effectiveness=4, category_of_concern="SWK")
        report_card = factory.Trait(
            framework="report_card",
            inspection_type="Report card inspection",
            overall_effectiveness=None,
            report_card_grades=factory.LazyFunction(
                lambda: {
                    "inclusion": "expected",
                    "curriculum_and_teaching": "strong",
                    "achievement": "needs_attention",
                    "attendance_and_behaviour": "expected",
                    "personal_development_and_well_being": "exceptional",
                    "leadership_and_governance": "expected",
                }
            ),
        )


def indicator_value(school, code, period, value, national=None):
    """One IndicatorValue for a catalogue code (the catalogue is loaded by migration; live-server tests flush it)."""
    from schools.models import Indicator, IndicatorValue
    from schools.services import indicator_catalogue_ensure

    indicator = Indicator.objects.filter(code=code).first() or indicator_catalogue_ensure()[code]
    return IndicatorValue.objects.create(
        school=school, indicator=indicator, period=period, value=value, national=national
    )


def headteacher_event(school, name, started_on, previous_name=""):
    from schools.models import HeadteacherEvent

    return HeadteacherEvent.objects.create(
        school=school, name=name, started_on=started_on, previous_name=previous_name, job_title="Headteacher"
    )


def visit(school, *, code="qa_visit", on=None, status="planned", term="autumn", academic_year=2026, **extra):
    """A Visit of `school` (visits app). Visit types are seeded by migration; live-server tests flush them."""
    import datetime

    from visits.models import Visit, VisitType
    from visits.visit_types import visit_types_ensure

    visit_type = VisitType.objects.filter(code=code).first()
    if visit_type is None:
        visit_types_ensure()
        visit_type = VisitType.objects.get(code=code)
    return Visit.objects.create(
        school=school,
        visit_type=visit_type,
        planned_date=on or datetime.date(2026, 12, 1),
        status=status,
        term=term,
        academic_year=academic_year,
        qa_lead=extra.pop("qa_lead", school.qa_lead),
        is_extra=True,
        **extra,
    )
