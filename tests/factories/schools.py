"""The register: authorities, schools, Ofsted inspections, indicator values and headteacher changes."""

import datetime as dt
from decimal import Decimal

import factory

from schools.models import Authority, HeadteacherEvent, Indicator, IndicatorValue, OfstedInspection, School
from schools.services import indicator_catalogue_ensure

# The latest full year of published figures in the suite's 2026/27 (what the classification rules read).
INDICATOR_PERIOD = "2025/26"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("kind", "code")

    name = factory.Sequence(lambda n: f"Authority {n}")
    kind = Authority.Kind.LOCAL_AUTHORITY
    code = factory.Sequence(lambda n: str(800 + n))


class SchoolFactory(factory.django.DjangoModelFactory):
    """An open, maintained primary school; trait: academy."""

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


class OfstedInspectionFactory(factory.django.DjangoModelFactory):
    """A graded inspection on 10 June 2026 (the summer before the suite's year), every judgement the overall one;
    traits: special_measures, serious_weaknesses, report_card."""

    class Meta:
        model = OfstedInspection

    school = factory.SubFactory(SchoolFactory)
    inspection_number = factory.Sequence(lambda n: str(10300000 + n))
    inspection_type = "S5 Inspection"
    framework = "graded"
    start_date = dt.date(2026, 6, 10)
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


def _decimal(value):
    return None if value is None else Decimal(str(value))


def indicator_value(school, code, period, value, national=None):
    """The school's value of a catalogue indicator for `period` (given again, it replaces the first). The catalogue
    is loaded by a data migration, which live-server tests flush: then it is loaded here."""
    indicator = Indicator.objects.filter(code=code).first() or indicator_catalogue_ensure()[code]
    row, _created = IndicatorValue.objects.update_or_create(
        school=school,
        indicator=indicator,
        period=period,
        defaults={"value": _decimal(value), "national": _decimal(national)},
    )
    return row


def indicator_values(school, period=INDICATOR_PERIOD, **values):
    """Several indicators of one period: indicator_values(school, persistent_absence_pct=14.2,
    ks2_expected_pct=(48, 61)), a pair being (value, national)."""
    for code, value in values.items():
        value, national = value if isinstance(value, tuple) else (value, None)
        indicator_value(school, code, period, value, national)


def headteacher_event(school, name, started_on, previous_name=""):
    """`name` taking up post as headteacher of `school` on `started_on`."""
    return HeadteacherEvent.objects.create(
        school=school, name=name, started_on=started_on, previous_name=previous_name, job_title="Headteacher"
    )
