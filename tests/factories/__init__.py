"""One way to make test data: a factory per kind of row, with parameters for the states tests need, in a module
per app. Import it as `from tests import factories as f`; scenario builders (tests/base.py's world,
tests/dashboards/builders.py, tests/classification/helpers.py) are built from these."""

from .bulk import in_bulk
from .classification import (
    TELFORD_2024,
    TELFORD_STANDING,
    BandSpec,
    assessment_of,
    discussed_classification,
    framework_with_bands,
    preset_framework,
    proposed_classification,
    published_classification,
)
from .dates import TODAY, at_noon
from .governance import checklist_template, conversation, escalation_step, warning_notice
from .people import (
    TEST_PASSWORD,
    UserFactory,
    authority_admin,
    director,
    give_role,
    governor,
    headteacher,
    qa_lead,
    regional_overseer,
)
from .schools import (
    INDICATOR_PERIOD,
    AuthorityFactory,
    OfstedInspectionFactory,
    SchoolFactory,
    headteacher_event,
    indicator_value,
    indicator_values,
)
from .visits import agenda, visit, visit_note, visit_type

__all__ = [
    "INDICATOR_PERIOD",
    "TELFORD_2024",
    "TELFORD_STANDING",
    "TEST_PASSWORD",
    "TODAY",
    "AuthorityFactory",
    "BandSpec",
    "OfstedInspectionFactory",
    "SchoolFactory",
    "UserFactory",
    "agenda",
    "assessment_of",
    "at_noon",
    "authority_admin",
    "checklist_template",
    "conversation",
    "director",
    "discussed_classification",
    "escalation_step",
    "framework_with_bands",
    "give_role",
    "governor",
    "headteacher",
    "headteacher_event",
    "in_bulk",
    "indicator_value",
    "indicator_values",
    "preset_framework",
    "proposed_classification",
    "published_classification",
    "qa_lead",
    "regional_overseer",
    "visit",
    "visit_note",
    "visit_type",
    "warning_notice",
]
