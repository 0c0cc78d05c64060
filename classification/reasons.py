"""The reasons behind a suggestion: typed values in code, stored as JSON in Assessment.explanation.

They live apart from the engine, which writes them, so that the Assessment model can read them back without
importing the engine (which imports the models).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import NotRequired, TypedDict


class ReasonKind(StrEnum):
    RULE = "rule"  # a rule that fired
    CONCERN = "concern"  # a criterion of concern
    NOTE = "note"  # something a reader should know, e.g. too few concerns for a more severe band


class ReasonJSON(TypedDict):
    """A reason as stored in Assessment.explanation (the shape every row has had, so old rows still load)."""

    kind: str
    rule: str | None
    text: str
    band: NotRequired[str | None]
    trigger: NotRequired[bool]
    decisive: NotRequired[bool]
    criterion: NotRequired[str | None]


@dataclass(frozen=True)
class Reason:
    """One readable reason behind a suggestion.

    rule: the rule's code (kind rule); band: the band that rule gives; trigger: the rule fires on a single event
    (engine.TRIGGERS); decisive: it gives the suggested band; criterion: the criterion's code (kind concern).
    """

    kind: ReasonKind
    text: str
    rule: str | None = None
    band: str | None = None
    trigger: bool = False
    decisive: bool = False
    criterion: str | None = None

    def to_json(self) -> ReasonJSON:
        data: ReasonJSON = {"kind": self.kind.value, "rule": self.rule, "text": self.text}
        if self.kind is ReasonKind.RULE:
            data["band"], data["trigger"], data["decisive"] = self.band, self.trigger, self.decisive
        elif self.kind is ReasonKind.CONCERN:
            data["criterion"] = self.criterion
        return data

    @classmethod
    def from_json(cls, data: ReasonJSON) -> "Reason":
        return cls(
            kind=ReasonKind(data["kind"]),
            text=data["text"],
            rule=data.get("rule"),
            band=data.get("band"),
            trigger=data.get("trigger", False),
            decisive=data.get("decisive", False),
            criterion=data.get("criterion"),
        )
