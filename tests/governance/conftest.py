from datetime import date

import pytest

from governance.models import ChecklistItem
from governance.services import CHECKLIST_DIR, checklist_template_load, conversation_open

YEAR = 2026


@pytest.fixture
def template(world):
    return checklist_template_load(authority=world.authority, path=CHECKLIST_DIR / "telford-wrekin-2024.toml")


@pytest.fixture
def conversation(world, template):
    return conversation_open(school=world.school, academic_year=YEAR, template=template, due_by=date(2027, 3, 31))


def rating_answers(conversation, rating="met", skip=()):
    """POST data answering every checklist item except those whose key is in `skip`."""
    data = {}
    for item in ChecklistItem.objects.filter(area__template=conversation.template):
        if item.key not in skip:
            data[f"item_{item.pk}_rating"] = rating
            data[f"item_{item.pk}_comment"] = f"Comment on {item.text}"
    return data
