"""The preset format (classification.preset_format): every shipped preset follows it, and a preset that does not
is refused with the file, the line and the key path of the problem, before anything is written."""

import re
from pathlib import Path
from typing import get_args, get_origin

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from classification import frameworks, preset_format
from classification.frameworks import PRESETS_DIR, FrameworkError, preset_file_read, preset_read, preset_slugs
from classification.models import Criterion, Entitlement, Framework, Rule
from classification.preset_format import (
    AgendaItemSpec,
    AreaSpec,
    BandSpec,
    CriterionSpec,
    EntitlementSpec,
    MeetingPaperSpec,
    Preset,
    RuleSpec,
    key_lines,
    line_of,
)

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS_DIR = ROOT / "governance" / "checklists"

# A small preset that follows the format; each bad preset below changes one line of it.
SMALL = """\
# A small framework for tests.
slug = "small"
name = "Small framework"
academic_year = 2026

[[areas]]
key = "data"
label = "Data"

[[areas]]
key = "leadership"
label = "Leadership"

[[criteria]]
code = "attendance"
area = "data"
label = "Attendance below national"
kind = "indicator"
indicator = "attendance_pct"
comparator = "lt"
threshold = 0
basis = "national"

[[bands]]
code = "green"
label = "Green"
severity = 1
  [[bands.entitlements]]
  visit_type = "qa_visit"
  count = 2

[[bands]]
code = "amber"
label = "Amber"
severity = 2
  [[bands.entitlements]]
  visit_type = "qa_visit"
  count = 1
  per = "term"

[[rules]]
code = "no_concerns"
label = "No concerns"
kind = "default"
band = "green"

[[rules]]
code = "concerns"
label = "Concerns"
kind = "concerns"
band = "amber"
min_criteria = 1
"""


def write_small(tmp_path, old="", new=""):
    assert old in SMALL
    path = tmp_path / "small.toml"
    path.write_text(SMALL.replace(old, new, 1))
    return path


def error_for(path):
    with pytest.raises(FrameworkError) as caught:
        preset_file_read(path)
    return str(caught.value)


def test_the_small_preset_follows_the_format(tmp_path):
    preset, content_hash = preset_file_read(write_small(tmp_path))
    assert [band.code for band in preset.bands] == ["green", "amber"]
    assert preset.bands[1].entitlements[0].per == "term"
    assert len(content_hash) == 64


def test_a_misspelt_key_is_named_with_the_key_it_was_meant_to_be(tmp_path):
    path = write_small(tmp_path, "  count = 1\n", "  cout = 1\n")
    assert error_for(path) == 'small.toml, line 38: bands[1].entitlements[0].cout: unknown key (did you mean "count"?)'


def test_a_wrong_type_is_an_error_not_converted(tmp_path):
    path = write_small(tmp_path, "severity = 2\n", 'severity = "2"\n')
    assert error_for(path) == "small.toml, line 35: bands[1].severity: enter a whole number"


def test_a_criterion_naming_an_unknown_area(tmp_path):
    path = write_small(tmp_path, 'area = "data"', 'area = "dta"')
    assert error_for(path) == 'small.toml, line 16: criteria[0].area: no area with the key "dta" (did you mean "data"?)'


def test_a_rule_naming_an_unknown_band(tmp_path):
    path = write_small(tmp_path, 'band = "amber"', 'band = "ambr"')
    assert error_for(path) == 'small.toml, line 51: rules[1].band: no band with the code "ambr" (did you mean "amber"?)'


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path):
    path = write_small(tmp_path, 'label = "Amber"', 'label = "Amber')
    assert error_for(path) == "small.toml, line 34: not valid TOML: illegal character '\\n' (column 15)"


def test_a_missing_key_points_at_its_table(tmp_path):
    path = write_small(tmp_path, 'label = "Green"\n')
    assert error_for(path) == "small.toml, line 24: bands[0].label: missing: this key is required"


def test_a_missing_top_level_key_has_no_line(tmp_path):
    path = write_small(tmp_path, 'name = "Small framework"\n')
    assert error_for(path) == "small.toml: name: missing: this key is required"


def test_a_value_that_is_not_one_of_the_choices(tmp_path):
    path = write_small(tmp_path, 'per = "term"', 'per = "week"')
    assert error_for(path) == (
        'small.toml, line 39: bands[1].entitlements[0].per: choose "year", "term" or "half_term" (not "week")'
    )


def test_duplicate_severities_and_keys(tmp_path):
    assert error_for(write_small(tmp_path, "severity = 2", "severity = 1")) == (
        "small.toml, line 35: bands[1].severity: 1 is already the severity of bands[0]"
    )
    assert error_for(write_small(tmp_path, '[[areas]]\nkey = "leadership"', '[[areas]]\nkey = "data"')) == (
        'small.toml, line 11: areas[1].key: "data" is already the key of areas[0]'
    )


def test_keys_a_kind_needs(tmp_path):
    assert error_for(write_small(tmp_path, 'comparator = "lt"\n')) == (
        'small.toml, line 14: criteria[0].comparator: missing: a criterion of kind "indicator" needs it'
    )
    assert error_for(
        write_small(tmp_path, '  count = 1\n  per = "term"\n', '  count = 1\n  per = "term"\n  term = "autumn"\n')
    ) == (
        'small.toml, line 40: bands[1].entitlements[0].term: only a yearly entitlement (per = "year") can be tied to '
        "one term"
    )


def test_an_ofsted_grade_rule_needs_its_grade(tmp_path):
    path = write_small(tmp_path, 'kind = "concerns"', 'kind = "ofsted_grade"')
    assert error_for(path) == 'small.toml, line 47: rules[1].grade: missing: a rule of kind "ofsted_grade" needs it'


def test_every_problem_is_listed_in_file_order(tmp_path):
    path = write_small(tmp_path, 'kind = "default"', 'kind = "fact"')
    assert error_for(path) == (
        'small.toml: rules: missing: a framework needs a rule of kind "default" (the band when no other fires)\n'
        'small.toml, line 41: rules[0].fact_key: missing: a rule of kind "fact" needs it'
    )


@pytest.mark.django_db
def test_load_framework_prints_the_problem_and_writes_nothing(world, tmp_path, monkeypatch):
    write_small(tmp_path, "severity = 2\n", 'severity = "2"\n')
    monkeypatch.setattr(frameworks, "PRESETS_DIR", tmp_path)
    with pytest.raises(CommandError) as caught:
        call_command("load_framework", "small", "--authority", world.authority.code)
    assert str(caught.value) == "small.toml, line 35: bands[1].severity: enter a whole number"
    assert not Framework.objects.exists()


@pytest.mark.parametrize("slug", preset_slugs())
def test_every_shipped_preset_follows_the_format(slug):
    preset, _content_hash = preset_read(slug)
    assert preset.slug == slug


def test_the_allowed_values_are_the_models_choices():
    assert list(get_args(preset_format.CriterionKind)) == Criterion.Kind.values
    assert list(get_args(preset_format.Comparator)) == Criterion.Comparator.values
    assert list(get_args(preset_format.Basis)) == Criterion.Basis.values
    assert list(get_args(preset_format.RuleKind)) == Rule.Kind.values
    assert list(get_args(preset_format.AppliesTo)) == Rule.AppliesTo.values
    assert list(get_args(preset_format.Per)) == Entitlement.Per.values
    assert list(get_args(preset_format.TermCode)) == [
        code for code, _label in Entitlement._meta.get_field("term").choices
    ]
    assert set(preset_format.RULE_NEEDS) == set(Rule.Kind.values)


def test_the_line_of_a_key_path():
    text = """\
# comment = not a key
name = "x"
[settings]
colour = "red"

[[bands]]  # the first band
code = "a"
  [[bands.entitlements]]
  count = 1
  [[bands.entitlements]]
  count = 2
[[bands]]
code = "b"
  [[bands.entitlements]]
  count = 3
"""
    lines = key_lines(text)
    assert line_of(lines, ("name",)) == 2
    assert line_of(lines, ("settings", "colour")) == 4
    assert line_of(lines, ("bands", 0)) == 6
    assert line_of(lines, ("bands", 0, "entitlements", 1, "count")) == 11
    assert line_of(lines, ("bands", 1, "code")) == 13
    assert line_of(lines, ("bands", 1, "entitlements", 0, "count")) == 15
    # A key the file does not have: its table's header; outside any table: no line.
    assert line_of(lines, ("bands", 1, "label")) == 12
    assert line_of(lines, ("slug",)) is None


@pytest.mark.parametrize(
    "path",
    [*sorted(PRESETS_DIR.iterdir()), *sorted(CHECKLISTS_DIR.glob("*.toml"))],
    ids=lambda path: path.name,
)
def test_presets_cite_the_policy_not_a_file_people_do_not_have(path):
    text = path.read_text()
    assert "shared/seeds" not in text
    assert ".txt" not in text


DOCUMENTED_TABLES = {
    "Top level": Preset,
    "`[[areas]]`": AreaSpec,
    "`[[criteria]]`": CriterionSpec,
    "`[[bands]]`": BandSpec,
    "`[[bands.entitlements]]`": EntitlementSpec,
    "`[[rules]]`": RuleSpec,
    "`[[standing_agenda]]`": AgendaItemSpec,
    "`[[meeting_papers]]`": MeetingPaperSpec,
}


def _documented_keys(section):
    """The keys in the first column of a section's key table."""
    return re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE)


def test_the_docs_list_every_key_of_every_table():
    """docs/frameworks.md has a section per table ("## `[[bands]]`: ...") whose key table lists its keys in the
    models' order; lists of tables ([[bands.entitlements]]) have their own section."""
    sections = {}
    for section in (ROOT / "docs" / "frameworks.md").read_text().split("\n## ")[1:]:
        heading, _, body = section.partition("\n")
        sections[heading.split(":")[0]] = body.split("\n\n| Kind |")[0]
    for heading, model in DOCUMENTED_TABLES.items():
        keys = [name for name, field in model.model_fields.items() if get_origin(field.annotation) is not list]
        assert _documented_keys(sections[heading]) == keys, heading
