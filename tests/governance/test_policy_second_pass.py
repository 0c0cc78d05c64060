"""Who runs a framework: the escalation ladder, powers and warning notices follow from it (West Somerset Academies
Trust 2021, Worcestershire 2017-18); West Somerset's autumn notification and what each level asks of the school;
Worcestershire's prompt to consider a warning notice after two terms without sufficient progress."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from classification import services as classification_services
from classification.annual_letters import annual_letters_due
from classification.frameworks import framework_load
from classification.models import Band, Letter
from governance.facts import governance_facts
from governance.models import EscalationStep, StatutoryPower, WarningNotice
from governance.services import statutory_power_take, warning_notice_issue
from schools.models import Authority
from tests import factories as f
from tests.base import main_content, url_in

pytestmark = pytest.mark.django_db

LA_HAS_NO_POWERS = "The local authority has no statutory intervention powers over an academy."


@pytest.fixture
def trust(db):
    """West Somerset Academies Trust's framework loaded for a trust, with one of its academies and its QA lead."""
    authority = f.AuthorityFactory(kind=Authority.Kind.ACADEMY_TRUST, code="TR4471", name="West Coast Trust")
    framework, _ = framework_load(slug="west-somerset-2021", authority=authority)
    academy = f.SchoolFactory(authority=authority, name="Harbourside Academy", academy=True)
    lead = f.qa_lead(authority, schools=[academy])
    return authority, framework, academy, lead


def escalation_page(client, authority, school):
    response = client.get(url_in(authority, "governance:escalation", urn=school.urn))
    assert response.status_code == 200
    return main_content(response)


def ladder_items(page):
    ladder = page.split('<ol class="govuk-list govuk-list--number">')[1].split("</ol>")[0]
    return [item.split("<li>")[1].split("<")[0].strip() for item in ladder.split("</li>")[:-1]]


# --- 1. The ladder follows from who runs the framework ------------------------------------------------------------


@freeze_time("2026-11-24 10:00")
def test_a_trusts_academy_is_on_the_trusts_own_ladder_without_a_letter_to_the_trust(trust, client_for):
    """West Somerset Academies Trust, Securing School Improvement Policy 2021, Intervening: 'The Trust will use its
    powers of intervention where necessary but will communicate intentions to the Governors through the Chair. This
    will include notifying the DfE and Regional Schools Commissioner of the concerns where appropriate.'"""
    authority, _framework, academy, lead = trust
    page = escalation_page(client_for(lead), authority, academy)
    assert ladder_items(page) == [
        "Informal discussion with the headteacher",
        "Informal discussion with the chair of the local governing body",
        "Formal letter to the headteacher",
        "Formal letter to the chair of governors, with the trust’s intentions",
        "Notify the DfE and the Regional Schools Commissioner of the concerns",
        "Formal warning notice from the Regional Schools Commissioner",
        "The trust’s powers of intervention: additional governors or an interim advisory board",
    ]
    assert "Formal letter to the trust" not in page
    assert "Record a power of intervention" in page
    assert "Record a warning notice" in page


@freeze_time("2026-11-24 10:00")
def test_an_academy_an_authority_looks_at_is_referred_to_the_rsc_and_the_funding_agency(world, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Section 5: 'In line with DfE guidance, unresolved concerns will
    be referred to the appropriate body, for example, the Regional Schools Commissioner, the Education Funding Agency
    or Ofsted.'"""
    framework_load(slug="worcestershire-2017", authority=world.authority)
    page = escalation_page(client_for(world.other_qa_lead), world.authority, world.other_school)
    assert ladder_items(page) == [
        "Informal discussion with the headteacher",
        "Informal discussion with the governing body or trust",
        "Formal letter to the headteacher",
        "Formal letter to the trust",
        "Refer the concerns to the Regional Schools Commissioner (for the Secretary of State)",
        "Refer the concerns to the Education and Skills Funding Agency",
        "Letter to Ofsted",
    ]
    assert "Record a warning notice" not in page
    assert "Record a statutory power" not in page


# --- 2. The trust's own powers -----------------------------------------------------------------------------------


def test_a_trust_takes_its_own_powers_over_its_academy_and_not_the_las(trust, world):
    """West Somerset Academies Trust 2021, Intervening: 'The Trust may need exercise its responsibility by:
    appointing additional governors; establishment of an Interim Advisory Board (IAB).'"""
    _authority, _framework, academy, lead = trust
    taken = statutory_power_take(
        school=academy, user=lead, power=StatutoryPower.Power.INTERIM_BOARD, started_on=date(2026, 11, 2)
    )
    assert taken.get_power_display() == "Establish an interim advisory board"
    assert EscalationStep.objects.get(school=academy).step == "trust_powers"
    with pytest.raises(ValidationError) as caught:
        statutory_power_take(school=academy, user=lead, power=StatutoryPower.Power.IEB, started_on=date(2026, 11, 2))
    assert caught.value.message_dict == {"power": ["Choose one of the trust’s powers over its academies"]}
    # A local authority over a maintained school: its statutory powers, not a trust's.
    with pytest.raises(ValidationError) as caught:
        statutory_power_take(
            school=world.school,
            user=world.qa_lead,
            power=StatutoryPower.Power.TRUST_ADDITIONAL_GOVERNORS,
            started_on=date(2026, 11, 2),
        )
    assert caught.value.message_dict == {
        "power": ["Choose one of the local authority’s statutory powers over a maintained school"]
    }
    statutory_power_take(
        school=world.school, user=world.qa_lead, power=StatutoryPower.Power.IEB, started_on=date(2026, 11, 2)
    )
    # A local authority looking at an academy still has none.
    with pytest.raises(ValidationError) as caught:
        statutory_power_take(
            school=world.other_school,
            user=world.other_qa_lead,
            power=StatutoryPower.Power.TRUST_ADDITIONAL_GOVERNORS,
            started_on=date(2026, 11, 2),
        )
    assert caught.value.messages == [LA_HAS_NO_POWERS]
    assert sorted(StatutoryPower.objects.values_list("school__name", "power")) == [
        ("Brookmead Primary School", "ieb"),
        ("Harbourside Academy", "interim_board"),
    ]


@freeze_time("2026-11-24 10:00")
def test_the_trusts_officer_records_an_interim_advisory_board_through_the_form(trust, client_for):
    """West Somerset Academies Trust 2021, Intervening: 'The Trust may need exercise its responsibility by:
    appointing additional governors; establishment of an Interim Advisory Board (IAB).'"""
    authority, _framework, academy, lead = trust
    client = client_for(lead)
    url = url_in(authority, "governance:statutory-power-add", urn=academy.urn)
    form = main_content(client.get(url))
    assert "Record a power of intervention" in form
    assert "Appoint additional trustees or local governors" in form
    assert "Establish an interim advisory board" in form
    assert "Replace the local governing body" in form
    assert "interim executive board" not in form
    assert "Suspend the delegated budget" not in form
    dates = {"started_on_0": "2", "started_on_1": "11", "started_on_2": "2026"}
    refused = client.post(url, {"power": "ieb", **dates})
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode()
    assert StatutoryPower.objects.count() == 0
    response = client.post(url, {"power": "interim_board", "notes": "IAB from 2 November", **dates})
    assert response.status_code == 302
    assert StatutoryPower.objects.get().power == "interim_board"
    page = escalation_page(client, authority, academy)
    assert "Powers of intervention taken" in page
    assert "Establish an interim advisory board" in page
    assert "Current step: <strong>The trust’s powers of intervention" in page


# --- 3. A warning notice from the Regional Schools Commissioner ----------------------------------------------------


@freeze_time("2026-11-24 10:00")
def test_an_rsc_warning_notice_to_a_trusts_academy_is_recorded_and_gives_level_4(trust, client_for):
    """West Somerset Academies Trust 2021, Section 4, Level 4: 'These schools could be subject to a formal warning
    notice issued by the Regional Schools' Commissioner'"""
    authority, framework, academy, lead = trust
    client = client_for(lead)
    url = url_in(authority, "governance:warning-notice-add", urn=academy.urn)
    form = main_content(client.get(url))
    assert "The Regional Schools Commissioner (for the Secretary of State)" in form
    assert "section 60" not in form
    response = client.post(
        url,
        {
            "issued_by": "rsc",
            "grounds": ["low_standards"],
            "issued_on_0": "2",
            "issued_on_1": "11",
            "issued_on_2": "2026",
            "compliance_days": "15",
        },
    )
    assert response.status_code == 302
    notice = WarningNotice.objects.get()
    assert (notice.school, notice.issued_by) == (academy, "rsc")
    assert EscalationStep.objects.get().summary == (
        "Warning notice issued by the Regional Schools Commissioner: unacceptably low standards of performance"
    )
    assert governance_facts(academy, date(2026, 11, 24))["warning_notice_active"] is True
    with pytest.raises(ValidationError) as caught:
        warning_notice_issue(
            school=academy, user=lead, issued_on=date(2026, 11, 3), low_standards=True, issued_by="authority"
        )
    assert list(caught.value.message_dict) == ["issued_by"]
    # The engine: the West Somerset rule on an active warning notice gives Level 4.
    assessment = classification_services.assessment_start(school=academy, user=lead, on_date=date(2026, 11, 24))
    assessment = classification_services.assessment_record(assessment=assessment, user=lead)
    assert assessment.framework == framework
    assert assessment.suggested_band.code == "level-4"
    assert "warning_notice" in [reason.rule for reason in assessment.reasons()]


# --- 4. All schools are notified of their level in the Autumn term ---------------------------------------------------


def test_west_somerset_writes_every_schools_level_in_october(trust, django_capture_on_commit_callbacks):
    """West Somerset Academies Trust 2021, Section 4: 'All schools will be notified of their categorisation level
    during the Autumn term.'"""
    _authority, framework, academy, lead = trust
    assert framework.annual_letter_month == 10
    with freeze_time("2026-09-20 10:00"):
        f.published_classification(academy, framework.bands.get(code="level-2"), by=lead, since=date(2026, 9, 20))
        assert annual_letters_due(today=date(2026, 9, 20)) == []
    with freeze_time("2026-10-05 07:00"), django_capture_on_commit_callbacks(execute=True):
        started = annual_letters_due(today=date(2026, 10, 5))
    assert len(started) == 1
    letter = Letter.objects.get(kind=Letter.Kind.ANNUAL)
    assert (letter.classification.school, letter.academic_year) == (academy, 2026)


# --- 5. What each level requires of the school ----------------------------------------------------------------------


def test_each_level_says_what_the_school_does(trust, world):
    """West Somerset Academies Trust 2021, Section 4, 'What the School does' (Levels 1 to 4); Telford & Wrekin
    Quality Assurance Policy 2024-25, Section 7: 'In order to support these visits schools will be asked to: Share
    their improvement plan ...' and 'Schools classified amber or red will also be asked to provide the following'"""
    _authority, framework, _academy, _lead = trust
    requirements = dict(framework.bands.values_list("code", "school_requirements"))
    assert requirements["level-1"].startswith("Shares good practice with schools across West Somerset.")
    assert requirements["level-2"].startswith("Produce a relevant Improvement Plan")
    assert requirements["level-3"].startswith("Produce a relevant Raising Attainment Plan")
    assert requirements["level-4"].startswith("Produce a relevant Raising Attainment plan")
    assert requirements["level-4"].endswith(
        "the Chair or other appropriate GB member at Monitoring and Intervention meetings."
    )
    telford, _ = framework_load(slug="telford-wrekin-2024", authority=world.authority)
    telford_requirements = dict(telford.bands.values_list("code", "school_requirements"))
    assert telford_requirements["yellow"].startswith(
        "In order to support these visits schools will be asked to:\nShare their improvement plan"
    )
    for code in ("amber", "red"):
        assert telford_requirements[code].startswith("Schools classified amber or red will also be asked")
        assert "A robust monitoring cycle that is adhered to." in telford_requirements[code]
    assert telford_requirements["green"] == ""


# --- 6. The prompt to consider a warning notice after two terms without sufficient progress ----------------------

PROMPT = (
    "Consider whether the LA needs to issue a warning notice: the school has been judged to be making insufficient "
    "progress after two terms of support."
)


@pytest.fixture
def focused(world):
    """Brookmead in Worcestershire's Focused Support since 1 September 2026 (before the autumn term)."""
    framework, _ = framework_load(slug="worcestershire-2017", authority=world.authority)
    band = Band.objects.get(framework=framework, code="focused")
    assert (band.prompt, band.prompt_after_terms) == (PROMPT, 2)
    with freeze_time("2026-09-01 12:00"):
        f.published_classification(world.school, band, by=world.qa_lead, since=date(2026, 9, 1))
    return framework


def progress_recorded(world, framework, *, on, sufficient):
    assessment = f.assessment_of(world.school, framework, on=on)
    assessment.sufficient_progress = sufficient
    assessment.save(update_fields=["sufficient_progress"])
    return assessment


def home(client_for, person, role, authority):
    response = client_for(person).get(url_in(authority, "home-for-role", role=role))
    assert response.status_code == 200
    return main_content(response)


def prompt_link(world):
    url = url_in(world.authority, "governance:escalation", urn=world.school.urn)
    return f'<a class="govuk-link" href="{url}">Brookmead Primary School: {PROMPT}</a>'


@freeze_time("2027-03-26 10:00")
def test_after_two_terms_without_progress_the_qa_lead_and_director_are_prompted(world, focused, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Section 5: 'If the school is subsequently judged to be making
    insufficient progress, likely to be after two terms of focused or intensive support, the LA will consider whether
    it needs to issue a warning notice.'"""
    progress_recorded(world, focused, on=date(2027, 3, 10), sufficient=False)
    for person, role in ((world.qa_lead, "qa-lead"), (world.director, "director")):
        page = home(client_for, person, role, world.authority)
        assert "Time in band without sufficient progress (1)" in page
        assert prompt_link(world) in page
        assert "Focused Support since 1 September 2026 (2 terms)" in page
    assert "Time in band without sufficient progress" not in home(
        client_for, world.other_qa_lead, "qa-lead", world.authority
    )


@freeze_time("2027-03-20 10:00")
def test_not_before_the_second_term_has_ended(world, focused, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Section 5: 'likely to be after two terms of focused or
    intensive support, the LA will consider whether it needs to issue a warning notice.'"""
    progress_recorded(world, focused, on=date(2027, 3, 10), sufficient=False)
    assert "Time in band without sufficient progress" not in home(client_for, world.qa_lead, "qa-lead", world.authority)


@freeze_time("2027-03-26 10:00")
def test_not_when_the_school_is_making_sufficient_progress(world, focused, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Section 5: 'If the school is subsequently judged to be making
    insufficient progress ... the LA will consider whether it needs to issue a warning notice.'"""
    progress_recorded(world, focused, on=date(2027, 1, 20), sufficient=False)
    progress_recorded(world, focused, on=date(2027, 3, 10), sufficient=True)
    assert "Time in band without sufficient progress" not in home(client_for, world.qa_lead, "qa-lead", world.authority)


@freeze_time("2027-03-26 10:00")
def test_not_once_a_warning_notice_is_recorded(world, focused, client_for):
    """Worcestershire Aiming for Outstanding 2017-18, Section 5: 'the LA will consider whether it needs to issue a
    warning notice.'"""
    progress_recorded(world, focused, on=date(2027, 3, 10), sufficient=False)
    warning_notice_issue(school=world.school, user=world.qa_lead, issued_on=date(2027, 3, 22), low_standards=True)
    assert "Time in band without sufficient progress" not in home(
        client_for, world.director, "director", world.authority
    )


# --- Who runs a framework must be the kind of authority loading it -------------------------------------------------


def test_a_trusts_framework_does_not_fit_a_local_authority_nor_the_other_way_round(world, trust):
    """West Somerset Academies Trust 2021, Intervening: 'The Trust will use its powers of intervention where
    necessary' — a trust's framework, which a local authority cannot run (nor a trust a local authority's)."""
    from classification.frameworks import run_by_problem

    authority, framework, _academy, _lead = trust
    assert framework.run_by == "trust"
    assert run_by_problem("trust", world.authority) == (
        "This framework is run by an academy trust, but Demo Borough is a local authority: load a framework "
        "written for this kind of authority."
    )
    assert run_by_problem("local_authority", authority) == (
        "This framework is run by a local authority, but West Coast Trust is an academy trust: load a framework "
        "written for this kind of authority."
    )
    assert run_by_problem("trust", authority) == run_by_problem("local_authority", world.authority) == ""
