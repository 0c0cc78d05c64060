"""Governance feeding the classification engine: vacancy % as an indicator, warning notices as facts, and the
checklist loaded with its framework."""

from datetime import date

import pytest
from freezegun import freeze_time

from classification.frameworks import framework_load
from classification.models import Criterion, EvidenceArea, Rule
from classification.services import suggest
from governance.models import ChecklistArea, ChecklistTemplate, Governor
from governance.services import board_save, governor_add, governor_remove, warning_notice_issue
from tests import factories as f

pytestmark = pytest.mark.django_db

THREE_BANDS = {"green": f.BandSpec("Green", 1), "amber": f.BandSpec("Amber", 3), "red": f.BandSpec("Red", 4)}


def _framework(authority):
    framework, bands = f.framework_with_bands(
        authority, slug="governance-test", name="Test", bands=THREE_BANDS, standing=(), governance=False
    )
    green, amber, red = bands["green"], bands["amber"], bands["red"]
    area = EvidenceArea.objects.create(framework=framework, key="leadership_and_management", label="Leadership")
    Criterion.objects.create(
        framework=framework,
        area=area,
        code="governor_vacancies",
        label="Governor vacancies above 25%",
        kind=Criterion.Kind.INDICATOR,
        indicator_code="governor_vacancies_pct",
        comparator="gt",
        threshold=25,
    )
    Rule.objects.create(framework=framework, code="default", label="No concerns", kind=Rule.Kind.DEFAULT, band=green)
    Rule.objects.create(
        framework=framework,
        code="concerns",
        label="A concern in leadership",
        kind=Rule.Kind.CONCERNS,
        band=amber,
        min_criteria=1,
        order=1,
    )
    Rule.objects.create(
        framework=framework,
        code="warning_notice",
        label="LA warning notice",
        kind=Rule.Kind.FACT,
        band=red,
        fact_key="warning_notice_active",
        order=2,
    )
    return framework


@freeze_time("2026-11-24")
def test_vacancy_percent_on_the_school_page_changes_the_suggested_band(world, client_for):
    framework = _framework(world.authority)
    board = board_save(school=world.school, user=world.qa_lead, size=8)
    governors = [
        governor_add(
            board=board,
            user=world.qa_lead,
            name=f"Governor {i}",
            category=Governor.Category.PARENT,
            term_start=date(2025, 9, 1),
        )
        for i in range(7)
    ]
    result, _evidence = suggest(school=world.school, framework=framework, on_date=date(2026, 11, 24))
    assert result.band.code == "green"
    page = client_for(world.qa_lead).get(f"/schools/{world.school.urn}/").content.decode()
    assert "1 of 8 places (12.5%)" in page

    governor_remove(governor=governors[0], user=world.qa_lead)
    governor_remove(governor=governors[1], user=world.qa_lead)
    page = client_for(world.qa_lead).get(f"/schools/{world.school.urn}/").content.decode()
    assert "3 of 8 places (37.5%)" in page
    result, _evidence = suggest(school=world.school, framework=framework, on_date=date(2026, 11, 24))
    assert result.band.code == "amber"
    assert result.texts == [
        "A concern in leadership → Amber: 1 criterion of concern in 1 area (Leadership)",
        "Governor vacancies above 25%: Governor vacancies 37.5% (threshold 25%), 2026/27",
    ]


@freeze_time("2026-11-24")
def test_a_warning_notice_is_a_fact_the_rules_use(world):
    framework = _framework(world.authority)
    result, _ = suggest(school=world.school, framework=framework, on_date=date(2026, 11, 24))
    assert result.band.code == "green"
    warning_notice_issue(school=world.school, user=world.qa_lead, issued_on=date(2026, 11, 2), low_standards=True)
    result, evidence = suggest(school=world.school, framework=framework, on_date=date(2026, 11, 24))
    assert evidence.facts["warning_notice_active"] is True
    assert result.band.code == "red"


def test_loading_a_framework_loads_its_annual_conversation_checklist(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        framework, _created = framework_load(slug="telford-wrekin-2024", authority=world.authority)
    template = ChecklistTemplate.objects.get(framework=framework)
    assert template.authority == world.authority
    assert ChecklistArea.objects.filter(template=template).count() == 6
    with django_capture_on_commit_callbacks(execute=True):
        framework_load(slug="barnsley", authority=world.other_authority)
    assert not ChecklistTemplate.objects.filter(authority=world.other_authority).exists()
