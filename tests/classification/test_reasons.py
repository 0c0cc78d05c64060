"""Reasons: typed values in code, the same JSON as ever in Assessment.explanation."""

import json

import pytest

from classification import services
from classification.models import Assessment
from classification.reasons import Reason, ReasonKind
from tests import factories as f

from .helpers import TODAY, assess

# Rows as the engine has always written them (dicts), so assessments saved before Reason existed.
OLD_ROWS = [
    {
        "kind": "rule",
        "rule": "ofsted_category_of_concern",
        "band": "red",
        "trigger": True,
        "decisive": True,
        "text": "Ofsted category of concern → Red: Ofsted judged the school special measures",
    },
    {"kind": "concern", "rule": None, "criterion": "persistent_absence", "text": "Persistent absence above 10%"},
    {"kind": "note", "rule": None, "text": "1 criterion of concern is not enough on its own for Amber"},
]


def test_old_rows_load_as_reasons():
    assert [Reason.from_json(row) for row in OLD_ROWS] == [
        Reason(
            kind=ReasonKind.RULE,
            rule="ofsted_category_of_concern",
            band="red",
            trigger=True,
            decisive=True,
            text="Ofsted category of concern → Red: Ofsted judged the school special measures",
        ),
        Reason(kind=ReasonKind.CONCERN, criterion="persistent_absence", text="Persistent absence above 10%"),
        Reason(kind=ReasonKind.NOTE, text="1 criterion of concern is not enough on its own for Amber"),
    ]


@pytest.mark.parametrize("row", OLD_ROWS, ids=lambda row: row["kind"])
def test_a_reason_is_stored_exactly_as_before(row):
    assert Reason.from_json(row).to_json() == row
    assert json.loads(json.dumps(Reason.from_json(row).to_json())) == row


def test_a_rule_row_without_the_later_keys_still_loads():
    reason = Reason.from_json({"kind": "rule", "rule": "low_level_of_concern", "text": "Low level of concern"})
    assert reason == Reason(kind=ReasonKind.RULE, rule="low_level_of_concern", text="Low level of concern")
    assert not reason.trigger and not reason.decisive and reason.band is None


def test_an_assessment_reads_its_explanation_as_reasons():
    assessment = Assessment(explanation=OLD_ROWS)
    assert [reason.kind for reason in assessment.reasons()] == [ReasonKind.RULE, ReasonKind.CONCERN, ReasonKind.NOTE]
    assert assessment.reasons()[0].trigger is True


def test_a_kind_the_engine_never_writes_is_an_error():
    with pytest.raises(ValueError, match="'warning' is not a valid ReasonKind"):
        Reason.from_json({"kind": "warning", "rule": None, "text": "?"})


@pytest.mark.django_db
def test_reasons_round_trip_through_the_database(la, lead):
    framework = f.preset_framework("telford-wrekin-2024", la)
    school = f.SchoolFactory(authority=la, qa_lead=lead)
    f.indicator_values(school, persistent_absence_pct=14.2)
    f.OfstedInspectionFactory(school=school, special_measures=True)
    assessment = assess(school, lead)
    assessment.refresh_from_db()
    result, _evidence = services.suggest(school=school, framework=framework, on_date=TODAY, assessment=assessment)
    assert assessment.reasons() == result.reasons
    assert {reason.kind for reason in assessment.reasons()} == {ReasonKind.RULE, ReasonKind.CONCERN}
