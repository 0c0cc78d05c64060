"""load_framework (idempotent, versions), the framework settings page, export_register."""

import csv
import datetime as dt
import io
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from classification import frameworks, services
from classification.exports import REGISTER_COLUMNS
from classification.models import Band, Criterion, Entitlement, Framework, Rule
from classification.selectors import (
    annotate_current_band,
    filter_by_band,
    published_band_for_school,
    published_bands_for_schools,
    published_classification_for_school,
)
from classification.signals import framework_loaded
from schools.models import School
from tests import factories as f
from tests.base import sign_in

from .helpers import assess

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Framework.objects.count(),
        Band.objects.count(),
        Entitlement.objects.count(),
        Criterion.objects.count(),
        Rule.objects.count(),
    )


@pytest.mark.parametrize(
    "slug", ["telford-wrekin-2024", "telford-wrekin-2014", "barnsley", "west-somerset-2021", "worcestershire-2017"]
)
def test_load_framework_twice_changes_nothing(world, slug, capsys):
    call_command("load_framework", slug, "--authority", world.authority.code)
    counts = _counts()
    framework = Framework.objects.get()
    call_command("load_framework", slug, "--authority", world.authority.code)
    assert _counts() == counts
    assert "already loaded; nothing changed" in capsys.readouterr().out
    assert Framework.objects.get() == framework
    assert framework.is_current and framework.version == 1


def test_loading_a_newer_version_keeps_the_old_one(world, tmp_path, monkeypatch):
    old = f.preset_framework("barnsley", world.authority)
    f.published_classification(
        world.school, old.bands.get(code="low-risk"), by=world.qa_lead, since=dt.date(2026, 9, 1)
    )
    changed = (frameworks.PRESETS_DIR / "barnsley.toml").read_text().replace("version = 1", "version = 2", 1)
    changed = changed.replace('label = "High risk"', 'label = "High risk/support"')
    shutil.copytree(frameworks.PRESETS_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "barnsley.toml").write_text(changed)
    monkeypatch.setattr(frameworks, "PRESETS_DIR", tmp_path)
    new, created = frameworks.framework_load(slug="barnsley", authority=world.authority)
    assert created and new.version == 2 and new.is_current
    old.refresh_from_db()
    assert not old.is_current
    assert old.bands.get(code="high-risk").label == "High risk"
    assert new.bands.get(code="high-risk").label == "High risk/support"
    # The past decision still points at the old version's band; the band as it applies now (plans) is the same
    # band of the version in force.
    assert published_classification_for_school(world.school).band.framework == old
    assert published_band_for_school(world.school) == new.bands.get(code="low-risk")


def test_load_framework_bad_input_is_a_clear_message(world):
    with pytest.raises(CommandError, match="No preset called 'nowhere'"):
        call_command("load_framework", "nowhere", "--authority", world.authority.code)
    with pytest.raises(CommandError, match="No authority with code"):
        call_command("load_framework", "barnsley", "--authority", "000")
    with pytest.raises(CommandError, match="Say which authority"):
        call_command("load_framework", "barnsley")


def test_framework_loaded_signal_is_sent(world, django_capture_on_commit_callbacks):
    seen = []

    def listener(sender, framework, **kwargs):
        seen.append(framework.slug)

    framework_loaded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            f.preset_framework("west-somerset-2021", world.authority)
    finally:
        framework_loaded.disconnect(listener)
    assert seen == ["west-somerset-2021"]


# --- Framework settings page --------------------------------------------------------------------------------------


def test_framework_settings_page_permissions(world, client_for):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    url = reverse("classification:framework", kwargs={"pk": framework.pk})
    assert client_for(world.admin).get(url).status_code == 200
    page = client_for(world.qa_lead).get(url)
    assert page.status_code == 200 and b"Save settings" not in page.content
    assert client_for(world.qa_lead).post(url, {"name": "x"}).status_code == 403
    assert client_for(world.outside_admin).get(url).status_code == 404
    assert client_for(world.head).get(url).status_code == 404


def _draft(world, slug="telford-wrekin-2024"):
    """A draft new version of the preset `slug` in force (only a draft is edited)."""
    return services.framework_draft_create(framework=f.preset_framework(slug, world.authority), user=world.admin)


def test_framework_settings_validation_and_save(world, client_for):
    framework = _draft(world)
    url = reverse("classification:framework", kwargs={"pk": framework.pk})
    admin = client_for(world.admin)
    data = {
        "name": framework.name,
        "agenda_days_before": "7",
        "papers_days_before": "14",
        "minutes_days_after": "7",
        "minutes_working_days": "on",
        "annual_governance_conversation": "on",
        "review_meeting_min_severity": "",
        "annual_letter_month": "13",
    }
    page = admin.post(url, data).content.decode()
    assert "There is a problem" in page
    assert "Papers cannot be due before the agenda is circulated" in page
    assert "Enter a month number from 1 to 12" in page
    framework.refresh_from_db()
    assert framework.agenda_days_before == 14
    data.update(agenda_days_before="21", papers_days_before="7", annual_letter_month="9")
    assert admin.post(url, data).status_code == 302
    framework.refresh_from_db()
    assert (framework.agenda_days_before, framework.annual_letter_month) == (21, 9)
    assert framework.history.first().history_user == world.admin


def test_band_edit_rejects_a_duplicate_severity(world, client_for):
    framework = _draft(world)
    amber = framework.bands.get(code="amber")
    url = reverse("classification:band-edit", kwargs={"pk": framework.pk, "band_pk": amber.pk})
    admin = client_for(world.admin)
    data = {"label": "Amber", "colour": "orange", "severity": "4", "definition": "d", "support_offer": "s"}
    page = admin.post(url, data).content.decode()
    assert "Red already has severity 4; choose another" in page
    amber.refresh_from_db()
    assert amber.severity == 3
    assert client_for(world.qa_lead).post(url, data).status_code == 403


def test_entitlement_edit_needs_at_least_one_visit(world, client_for):
    framework = _draft(world)
    entitlement = framework.bands.get(code="green").entitlements.get()
    url = reverse("classification:entitlement-edit", kwargs={"pk": framework.pk, "entitlement_pk": entitlement.pk})
    admin = client_for(world.admin)
    data = {"visit_type": "qa_visit", "count": "0", "per": "year", "is_minimum": "on", "description": "d"}
    assert "Enter a number of visits of 1 or more" in admin.post(url, data).content.decode()
    data["count"] = "3"
    assert admin.post(url, data).status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.count == 3


def test_framework_problems_flag_bands_without_entitlements(world):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    framework.bands.get(code="green").entitlements.all().delete()
    assert services.framework_problems(framework) == ["Band Green has no entitlements: say what support it brings"]


# --- Selectors and export -----------------------------------------------------------------------------------------


@freeze_time("2026-11-24 10:00:00")
def test_band_selectors_use_one_query(world, django_assert_num_queries):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    f.published_classification(
        world.school, framework.bands.get(code="green"), by=world.qa_lead, since=dt.date(2025, 9, 1)
    )
    f.published_classification(
        world.school, framework.bands.get(code="amber"), by=world.qa_lead, since=dt.date(2026, 10, 1)
    )
    f.published_classification(
        world.other_school, framework.bands.get(code="academies"), by=world.qa_lead, since=dt.date(2026, 10, 1)
    )
    with django_assert_num_queries(1):
        bands = published_bands_for_schools([world.school.pk, world.other_school.pk, world.outside_school.pk])
        assert {pk: band.code for pk, band in bands.items()} == {
            world.school.pk: "amber",
            world.other_school.pk: "academies",
        }
    with django_assert_num_queries(1):
        rows = {s.name: (s.band_code, s.band_since) for s in annotate_current_band(School.objects.all())}
    assert rows["Brookmead Primary School"] == ("amber", dt.date(2026, 10, 1))
    assert rows["Faraway Primary School"] == (None, None)
    assert list(filter_by_band(School.objects.all(), "amber").values_list("name", flat=True)) == [
        "Brookmead Primary School"
    ]
    assert set(filter_by_band(School.objects.all(), "none").values_list("name", flat=True)) == {
        "Faraway Primary School"
    }


@freeze_time("2026-11-24 10:00:00")
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_register_writes_the_columns(world, tmp_path, extension):
    framework = f.preset_framework("telford-wrekin-2024", world.authority)
    f.OfstedInspectionFactory(school=world.school, serious_weaknesses=True, start_date=dt.date(2024, 5, 4))
    # A monitoring inspection since: it changes no grade and the category stays.
    f.OfstedInspectionFactory(
        school=world.school,
        framework="ungraded",
        inspection_type="Section 8 monitoring inspection",
        start_date=dt.date(2026, 5, 4),
        overall_effectiveness=None,
    )
    assessment = assess(world.school, world.qa_lead)
    assert assessment.suggested_band.code == "red"
    f.published_classification(
        world.school, framework.bands.get(code="amber"), by=world.qa_lead, since=dt.date(2026, 10, 1)
    )
    path = tmp_path / f"register.{extension}"
    call_command("export_register", str(path), "--authority", world.authority.code)
    if extension == "csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == REGISTER_COLUMNS
            rows = list(reader)
    else:
        sheet = load_workbook(path).active
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0]) == REGISTER_COLUMNS
        # Dates are real dates in the XLSX (read back as midnight datetimes).
        cells = [
            ["" if v is None else v.date() if isinstance(v, dt.datetime) else v for v in row] for row in values[1:]
        ]
        rows = [dict(zip(REGISTER_COLUMNS, [str(v) for v in row], strict=True)) for row in cells]
    assert REGISTER_COLUMNS == [
        "urn",
        "school",
        "phase",
        "type_group",
        "framework",
        "band",
        "band_since",
        "suggested_band",
        "qa_lead",
        "latest_ofsted_kind",
        "latest_ofsted",
        "category_of_concern",
    ]
    assert len(rows) == 2
    row = next(r for r in rows if r["school"] == "Brookmead Primary School")
    assert row["urn"] == str(world.school.urn)
    assert row["phase"] == "Primary"
    assert row["type_group"] == "Local authority maintained schools"
    assert row["framework"] == "Telford & Wrekin quality assurance policy 2024-25"
    assert row["band"] == "Amber"
    assert row["band_since"] == "2026-10-01"
    assert row["suggested_band"] == "Red"
    assert row["qa_lead"] == world.qa_lead.get_full_name()
    assert row["latest_ofsted_kind"] == "Graded"
    assert row["latest_ofsted"] == "Inadequate (2024-05-04)"
    assert row["category_of_concern"] == "Serious weaknesses (requires significant improvement)"


def test_export_register_rejects_other_extensions(world, tmp_path):
    with pytest.raises(CommandError, match=r"must end in \.csv or \.xlsx"):
        call_command("export_register", str(tmp_path / "register.pdf"))


@freeze_time("2026-11-24 10:00:00")
def test_admin_changes_a_local_threshold_and_the_suggestion_follows(world, client_for):
    framework = _draft(world)
    criterion = framework.criteria.get(code="persistent_absence")
    url = reverse("classification:criterion-edit", kwargs={"pk": framework.pk, "criterion_pk": criterion.pk})
    assert client_for(world.qa_lead).post(url, {"threshold": "20"}).status_code == 403
    admin = client_for(world.admin)
    assert "Enter the threshold as a number" in admin.post(url, {"threshold": "ten"}).content.decode()
    assert admin.post(url, {"threshold": "15"}).status_code == 302
    judgement = framework.criteria.get(code="inclusion")
    judgement_url = reverse("classification:criterion-edit", kwargs={"pk": framework.pk, "criterion_pk": judgement.pk})
    assert admin.get(judgement_url).status_code == 404
    services.framework_draft_publish(framework=framework, user=world.admin, effective_from=dt.date(2026, 11, 24))
    f.indicator_values(world.school, persistent_absence_pct=14.2)
    assert assess(world.school, world.qa_lead).suggested_band.code == "green"


def test_register_download_carries_the_band(client, world):
    """The register's own CSV download (not only export_register) has the band and since columns."""
    t24, _created = frameworks.framework_load(slug="telford-wrekin-2024", authority=world.authority)
    f.published_classification(world.school, t24.bands.get(code="amber"), by=world.qa_lead, since=dt.date(2026, 9, 1))
    sign_in(client, world.director)
    response = client.get(reverse("schools:register-csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["School"]: row for row in rows}
    assert by_name[world.school.name]["Band"] == "Amber"
    assert by_name[world.school.name]["In band since"] == "01/09/2026"
    assert by_name[world.other_school.name]["Band"] == "Not yet classified"


def test_only_a_yearly_entitlement_can_be_tied_to_a_term(world):
    framework = _draft(world, "west-somerset-2021")
    entitlement = Entitlement.objects.get(band__framework=framework, visit_type="improvement_plan_evaluation")
    assert entitlement.term == "autumn"
    with pytest.raises(ValidationError) as error:
        services.entitlement_update(
            entitlement=entitlement,
            user=world.admin,
            visit_type="improvement_plan_evaluation",
            count=1,
            per="term",
            is_minimum=False,
            written_reports=None,
            description="",
            term="autumn",
        )
    assert "Only a yearly entitlement can be tied to one term" in str(error.value)
    entitlement.refresh_from_db()
    assert entitlement.per == "year"
