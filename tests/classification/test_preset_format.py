"""The preset format (classification.preset_format): every shipped preset follows it, and a preset that does not
is refused with the file, the line and the key path of the problem."""

from pathlib import Path

import pytest

from classification.frameworks import PRESETS_DIR

CHECKLISTS_DIR = Path(__file__).resolve().parents[2] / "governance" / "checklists"


@pytest.mark.parametrize(
    "path",
    [*sorted(PRESETS_DIR.iterdir()), *sorted(CHECKLISTS_DIR.glob("*.toml"))],
    ids=lambda path: path.name,
)
def test_presets_cite_the_policy_not_a_file_people_do_not_have(path):
    text = path.read_text()
    assert "shared/seeds" not in text
    assert ".txt" not in text
