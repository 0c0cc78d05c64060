"""The preset format: what a classification/presets/*.toml file may say, parsed and validated in one pass.

`preset_parse(raw, file_name=...)` returns a typed `Preset` or raises `PresetError`, whose message names the
file, the line and the key path of every problem, e.g.
`telford-wrekin-2024.toml, line 286: bands[2].entitlements[0].cout: unknown key (did you mean "count"?)`.
docs/frameworks.md documents every key.
"""

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from qa_portal.text_hygiene import cell_problem
from schools.kinds import KINDS
from schools.models import OfstedInspection, School
from schools.ofsted import GRADED_JUDGEMENTS, REPORT_CARD_AREAS

# ---------------------------------------------------------------------------------------------------------------
# The schema. Allowed values are those of the models' choices (tests/classification/test_preset_format.py keeps
# them in step); lengths are the model fields' max_length.
# ---------------------------------------------------------------------------------------------------------------

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
Key = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
BandCode = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=32)]

CriterionKind = Literal["indicator", "judgement", "fact"]
RunBy = Literal["local_authority", "trust"]
Cadence = Literal["month", "term", "year"]
PlanReviewEvery = Literal["term", "half_term"]
Scope = Literal["school", "trust"]
Comparator = Literal["lt", "lte", "gt", "gte"]
Basis = Literal["absolute", "national"]
RuleKind = Literal[
    "concerns",
    "ofsted_category",
    "ofsted_grade",
    "ofsted_judgement",
    "report_card",
    "safeguarding",
    "new_headteacher",
    "time_in_band",
    "fact",
    "grades",
    "default",
]
ReportCardGrade = Literal["exceptional", "strong", "expected", "needs_attention", "urgent_improvement"]
AppliesTo = Literal["all", "maintained", "academies"]
Per = Literal["year", "term", "half_term"]
TermCode = Literal["autumn", "spring", "summer"]
# The GOV.UK tag colours the band form accepts (classification.forms.BandForm.clean_colour).
Colour = Literal["green", "yellow", "orange", "red", "purple", "blue", "grey", "turquoise", "pink", "light-blue"]


def csv_parts(text: str) -> list[str]:
    """The non-empty, stripped parts of a comma-separated value."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _only(allowed: Iterable[str], noun: str) -> Callable[[str], str]:
    """A validator for a comma-separated list whose every part must be one of `allowed`."""
    choices = list(allowed)

    def check(text: str) -> str:
        for part in csv_parts(text):
            if part not in choices:
                raise ValueError(f'unknown {noun} "{part}"{_did_you_mean(part, choices)}: use {_quoted(choices)}')
        return text

    return check


PHASES = School.Phase.values
# What `ofsted_areas` may name, by rule kind.
OFSTED_AREAS = {"ofsted_judgement": list(GRADED_JUDGEMENTS), "report_card": list(REPORT_CARD_AREAS)}
OFSTED_CATEGORIES = [category for category in OfstedInspection.CategoryOfConcern.values if category]
PhaseList = Annotated[str, Field(max_length=200), AfterValidator(_only(PHASES, "phase"))]
OfstedCategoryList = Annotated[str, Field(max_length=20), AfterValidator(_only(OFSTED_CATEGORIES, "category"))]
KindList = Annotated[str, Field(max_length=200), AfterValidator(_only(KINDS, "kind of school"))]
BandList = Annotated[str, Field(max_length=300)]


class Spec(BaseModel):
    """TOML has real types, so nothing is converted: `severity = "2"` is an error, not 2."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AreaSpec(Spec):
    key: Key
    label: str = Field(min_length=1, max_length=200)
    description: str = ""


class CriterionSpec(Spec):
    code: Key
    area: str
    label: str = Field(min_length=1, max_length=300)
    kind: CriterionKind = "judgement"
    indicator: Key | None = None
    comparator: Comparator | None = None
    # TOML numbers (0, 10, -0.5) become exact decimals, as the model's DecimalField stores them.
    threshold: Annotated[Decimal, Field(strict=False, max_digits=12, decimal_places=2)] | None = None
    basis: Basis = "absolute"
    phases: PhaseList = ""
    fact_key: str = Field(default="", max_length=64)
    graded: bool = False
    concern_grade: int | None = Field(default=None, ge=1, le=4)
    grade_limits: str = Field(default="", max_length=100)
    quote: str = ""


class EntitlementSpec(Spec):
    visit_type: str = Field(min_length=1, max_length=64)
    count: int = Field(ge=1)
    per: Per = "year"
    is_minimum: bool = False
    term: TermCode | None = None
    written_reports: int | None = Field(default=None, ge=0)
    description: str = ""
    only_kinds: KindList = ""
    except_kinds: KindList = ""
    scope: Scope = "school"


class BandSpec(Spec):
    code: BandCode
    label: str = Field(min_length=1, max_length=100)
    colour: Colour | None = None
    severity: int = Field(ge=0)
    definition: str = ""
    support_offer: str = ""
    maintained_only: bool = False
    is_academy_track: bool = False
    school_requirements: str = ""
    entry_requires: str = Field(default="", max_length=300)
    improvement_plan: str = Field(default="", max_length=200)
    plan_review_every: PlanReviewEvery | None = None
    review_body: str = Field(default="", max_length=200)
    prompt: str = ""
    prompt_after_terms: int | None = Field(default=None, ge=1)
    entitlements: list[EntitlementSpec] = []


class RuleSpec(Spec):
    code: Key
    label: str = Field(min_length=1, max_length=300)
    kind: RuleKind
    band: str | None = None
    from_band: str | None = None
    min_areas: int = Field(default=0, ge=0)
    min_criteria: int = Field(default=0, ge=0)
    areas: str = Field(default="", max_length=300)
    focus_area: str = ""
    min_focus_criteria: int = Field(default=0, ge=0)
    months: int | None = Field(default=None, ge=1)
    ofsted_categories: OfstedCategoryList = ""
    grade: int | None = Field(default=None, ge=1, le=4)
    ofsted_areas: str = Field(default="", max_length=300)
    report_card_grade: ReportCardGrade | None = None
    fact_key: str = Field(default="", max_length=64)
    applies_to: AppliesTo = "all"
    capacity: str = Field(default="", max_length=300)
    quote: str = ""


class AgendaItemSpec(Spec):
    visit_type: str = Field(default="", max_length=64)
    title: str = Field(min_length=1, max_length=300)


class MeetingPaperSpec(Spec):
    key: Key
    title: str = Field(min_length=1, max_length=300)
    bands: BandList = ""


class Preset(Spec):
    slug: str | None = None
    name: str = Field(min_length=1, max_length=200)
    version: int = Field(default=1, ge=0)
    academic_year: int = Field(ge=0)
    source: str = Field(default="", max_length=300)
    description: str = ""
    agenda_days_before: int | None = Field(default=None, ge=0)
    papers_days_before: int | None = Field(default=None, ge=0)
    minutes_days_after: int | None = Field(default=None, ge=0)
    minutes_working_days: bool = True
    annual_governance_conversation: bool = False
    review_meeting_min_severity: int = Field(default=0, ge=0)
    annual_letter_month: int = Field(default=0, ge=0, le=12)
    review_request_days: int | None = Field(default=None, ge=1)
    review_response_days: int | None = Field(default=None, ge=1)
    run_by: RunBy = "local_authority"
    reassess_every: Cadence = "year"
    capacity_levels: str = Field(default="", max_length=300)
    areas: list[AreaSpec] = []
    criteria: list[CriterionSpec] = []
    bands: list[BandSpec] = []
    rules: list[RuleSpec] = []
    standing_agenda: list[AgendaItemSpec] = []
    meeting_papers: list[MeetingPaperSpec] = []


# ---------------------------------------------------------------------------------------------------------------
# Problems and where they are
# ---------------------------------------------------------------------------------------------------------------

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: KeyPath
    message: str


@dataclass(frozen=True)
class LocatedProblem:
    file_name: str
    line: int | None
    path: KeyPath
    message: str

    def __str__(self) -> str:
        where = self.file_name if self.line is None else f"{self.file_name}, line {self.line}"
        return f"{where}: {key_path_text(self.path)}: {self.message}" if self.path else f"{where}: {self.message}"


class PresetError(Exception):
    """A preset that does not follow the format; str() lists every problem, one a line, in file order."""

    def __init__(self, problems: list[LocatedProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def key_path_text(path: KeyPath) -> str:
    """("bands", 2, "entitlements", 0, "count") -> "bands[2].entitlements[0].count"."""
    text = ""
    for segment in path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def key_lines(text: str) -> dict[KeyPath, int]:
    """The line of each table header and `key = value` in a preset, by key path.

    Presets use only bare keys, `[table]`, `[[array]]` and `[[parent.child]]` headers (a child belongs to the
    parent's latest element) and comments; a line in any other form (e.g. inside a multi-line value) is skipped.
    """
    lines: dict[KeyPath, int] = {}
    latest: dict[KeyPath, int] = {}  # array of tables -> index of its latest element
    table: KeyPath = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _header_path(header.group(2).split("."), is_array=header.group(1) == "[[", latest=latest)
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault((*table, key.group(1)), number)
    return lines


def _header_path(names: list[str], *, is_array: bool, latest: dict[KeyPath, int]) -> KeyPath:
    path: KeyPath = ()
    for name in names[:-1]:
        path = (*path, name)
        if path in latest:
            path = (*path, latest[path])
    path = (*path, names[-1])
    if not is_array:
        return path
    latest[path] = latest.get(path, -1) + 1
    return (*path, latest[path])


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The key's line; for a key the file does not have, its table's header line; else None."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


# ---------------------------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def preset_parse(raw: bytes, *, file_name: str) -> Preset:
    """The validated preset in `raw` (a file's bytes), or PresetError naming file, line and key path."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PresetError([LocatedProblem(file_name, None, (), "not UTF-8 text")]) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PresetError([_toml_problem(exc, file_name)]) from exc
    if refused := list(_control_characters(data)):  # e.g. "\u0000", which TOML allows as an escape
        lines = key_lines(text)
        raise PresetError([LocatedProblem(file_name, line_of(lines, p.path), p.path, p.message) for p in refused])
    try:
        preset = Preset.model_validate(data)
    except ValidationError as exc:
        problems = _validation_problems(exc.errors())
    else:
        problems = list(preset_problems(preset, slug=file_name.removesuffix(".toml")))
    if problems:
        lines = key_lines(text)
        located = [LocatedProblem(file_name, line_of(lines, p.path), p.path, p.message) for p in problems]
        raise PresetError(sorted(located, key=lambda problem: problem.line or 0))
    return preset


def _control_characters(value: object, path: KeyPath = ()) -> Iterator[Problem]:
    """A problem for each key or string value holding a control character (qa_portal.text_hygiene)."""
    if isinstance(value, str):
        if problem := cell_problem(value):
            yield Problem(path, problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            if problem := cell_problem(key):
                yield Problem(path, f"a key {problem}")
            else:
                yield from _control_characters(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _control_characters(item, (*path, index))


def _toml_problem(exc: tomllib.TOMLDecodeError, file_name: str) -> LocatedProblem:
    message = str(exc)
    position = _TOML_POSITION.search(message)
    if position is None:
        return LocatedProblem(file_name, None, (), f"not valid TOML: {_lower_first(message)}")
    message = _lower_first(message[: position.start()])
    return LocatedProblem(file_name, int(position[1]), (), f"not valid TOML: {message} (column {position[2]})")


def _validation_problems(errors: list[ErrorDetails]) -> list[Problem]:
    """Pydantic's errors as problems. A misspelt key is one problem (unknown key, did you mean...), not two: the
    key it was meant to be is not also reported missing."""
    meant: set[KeyPath] = set()
    for error in errors:
        if error["type"] == "extra_forbidden" and (key := _close_key(error)):
            meant.add((*error["loc"][:-1], key))
    return [
        Problem(tuple(error["loc"]), _message(error))
        for error in errors
        if not (error["type"] == "missing" and tuple(error["loc"]) in meant)
    ]


_SIMPLE_MESSAGES = {
    "missing": "missing: this key is required",
    "int_type": "enter a whole number",
    "bool_type": "enter true or false",
    "string_type": "enter text in quotes",
    "decimal_type": "enter a number",
    "decimal_parsing": "enter a number",
    "list_type": "enter a list",
    "model_type": "enter a table",
    "string_too_short": "enter some text",
    "string_pattern_mismatch": "use only letters, digits, hyphens and underscores",
}
_MESSAGES_WITH_LIMITS = {
    "greater_than_equal": "enter {ge} or more",
    "less_than_equal": "enter {le} or less",
    "string_too_long": "enter at most {max_length} characters",
    "decimal_max_places": "enter a number with at most {decimal_places} decimal places",
    "decimal_max_digits": "enter a number with at most {max_digits} digits",
    "decimal_whole_digits": "enter a number with at most {whole_digits} digits before the point",
}


def _message(error: ErrorDetails) -> str:
    kind, context = error["type"], error.get("ctx", {})
    if kind == "extra_forbidden":
        key = _close_key(error)
        return f'unknown key (did you mean "{key}"?)' if key else "unknown key"
    if kind == "literal_error":
        expected = context["expected"].replace("'", '"')
        return f"choose {expected} (not {_toml_value(error['input'])})"
    if kind == "value_error":
        return str(context["error"])
    if kind in _SIMPLE_MESSAGES:
        return _SIMPLE_MESSAGES[kind]
    if kind in _MESSAGES_WITH_LIMITS:
        return _MESSAGES_WITH_LIMITS[kind].format(**context)
    return _lower_first(error["msg"])


def _close_key(error: ErrorDetails) -> str | None:
    """For an unknown key, the key of its table it most looks like (None if none is close)."""
    *table, key = error["loc"]
    return _closest(str(key), _keys_of_table(tuple(table)))


def _keys_of_table(path: KeyPath) -> list[str]:
    """The keys the table at `path` may have, e.g. ("bands", 2, "entitlements", 0) -> EntitlementSpec's."""
    model: type[BaseModel] = Preset
    for segment in path:
        if isinstance(segment, str):
            (model,) = get_args(model.model_fields[segment].annotation)
    return list(model.model_fields)


def _closest(word: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1)
    return close[0] if close else None


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = _closest(word, options)
    return f' (did you mean "{close}"?)' if close else ""


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _toml_value(value: object) -> str:
    """A value as it is written in TOML: "text", true, 2."""
    if isinstance(value, str):
        return f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else str(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------------------------------------------------------
# What the schema cannot say: references between tables, unique codes, keys a kind needs
# ---------------------------------------------------------------------------------------------------------------


def preset_problems(preset: Preset, *, slug: str) -> Iterator[Problem]:
    """Problems across tables (the loader needs none of them to run), in the order of the format."""
    if preset.slug is not None and preset.slug != slug:
        yield Problem(("slug",), f'"{preset.slug}" is not the file\'s name: write "{slug}" or rename the file')
    area_keys = [area.key for area in preset.areas]
    band_codes = [band.code for band in preset.bands]
    yield from _duplicates("areas", "key", area_keys)
    yield from _criteria_problems(preset.criteria, area_keys)
    yield from _band_problems(preset.bands)
    yield from _rule_problems(preset.rules, area_keys, band_codes)
    yield from _duplicates("meeting_papers", "key", [paper.key for paper in preset.meeting_papers])
    for index, paper in enumerate(preset.meeting_papers):
        for code in csv_parts(paper.bands):
            yield from _reference(("meeting_papers", index, "bands"), code, band_codes, "band with the code")
    levels = csv_parts(preset.capacity_levels)
    for index, rule in enumerate(preset.rules):
        for level in csv_parts(rule.capacity):
            yield from _reference(("rules", index, "capacity"), level, levels, "capacity level")


def _duplicates(table: str, key: str, values: Sequence[str | int]) -> Iterator[Problem]:
    first: dict[str | int, int] = {}
    for index, value in enumerate(values):
        if value in first:
            yield Problem((table, index, key), f"{_toml_value(value)} is already the {key} of {table}[{first[value]}]")
        first.setdefault(value, index)


def _reference(path: KeyPath, value: str, known: list[str], noun: str) -> Iterator[Problem]:
    if value not in known:
        yield Problem(path, f'no {noun} "{value}"{_did_you_mean(value, known)}')


def _criteria_problems(criteria: list[CriterionSpec], area_keys: list[str]) -> Iterator[Problem]:
    yield from _duplicates("criteria", "code", [criterion.code for criterion in criteria])
    for index, criterion in enumerate(criteria):
        yield from _reference(("criteria", index, "area"), criterion.area, area_keys, "area with the key")
        if criterion.kind == "indicator":
            for key in ("indicator", "comparator", "threshold"):
                if getattr(criterion, key) is None:
                    yield Problem(("criteria", index, key), 'missing: a criterion of kind "indicator" needs it')
        if criterion.kind == "fact" and not criterion.fact_key:
            yield Problem(("criteria", index, "fact_key"), 'missing: a criterion of kind "fact" needs it')


def _band_problems(bands: list[BandSpec]) -> Iterator[Problem]:
    if not bands:
        yield Problem(("bands",), "missing: a framework needs at least one band ([[bands]])")
    yield from _duplicates("bands", "code", [band.code for band in bands])
    yield from _duplicates("bands", "severity", [band.severity for band in bands])
    for index, band in enumerate(bands):
        if not band.entitlements:
            yield Problem(
                ("bands", index, "entitlements"),
                "missing: say what support the band brings ([[bands.entitlements]])",
            )
        for number, entitlement in enumerate(band.entitlements):
            if entitlement.term is not None and entitlement.per != "year":
                yield Problem(
                    ("bands", index, "entitlements", number, "term"),
                    'only a yearly entitlement (per = "year") can be tied to one term',
                )


# The keys a rule of each kind needs beyond code, label and kind: those Rule.clean asks for, and the grade without
# which an ofsted_grade rule never fires.
RULE_NEEDS: dict[str, tuple[str, ...]] = {
    "concerns": ("band",),
    "ofsted_category": ("band", "ofsted_categories"),
    "ofsted_grade": ("band", "grade"),
    "ofsted_judgement": ("band", "ofsted_areas", "grade"),
    "report_card": ("band", "report_card_grade"),
    "safeguarding": ("band",),
    "new_headteacher": ("band", "months"),
    "time_in_band": ("from_band", "months"),
    "fact": ("band", "fact_key"),
    "grades": ("band", "grade"),
    "default": ("band",),
}


def _rule_problems(rules: list[RuleSpec], area_keys: list[str], band_codes: list[str]) -> Iterator[Problem]:
    yield from _duplicates("rules", "code", [rule.code for rule in rules])
    for index, rule in enumerate(rules):
        for key in RULE_NEEDS[rule.kind]:
            if not getattr(rule, key):
                yield Problem(("rules", index, key), f'missing: a rule of kind "{rule.kind}" needs it')
        for key in ("band", "from_band"):
            code = getattr(rule, key)
            if code:
                yield from _reference(("rules", index, key), code, band_codes, "band with the code")
        for area in csv_parts(rule.areas):
            yield from _reference(("rules", index, "areas"), area, area_keys, "area with the key")
        if rule.focus_area:
            yield from _reference(("rules", index, "focus_area"), rule.focus_area, area_keys, "area with the key")
        ofsted_areas = OFSTED_AREAS.get(rule.kind)
        if rule.ofsted_areas and ofsted_areas is None:
            yield Problem(("rules", index, "ofsted_areas"), f'a rule of kind "{rule.kind}" does not read Ofsted areas')
        for part in csv_parts(rule.ofsted_areas):
            if ofsted_areas is not None:
                yield from _reference(("rules", index, "ofsted_areas"), part, ofsted_areas, "Ofsted area")
    if not any(rule.kind == "default" for rule in rules):
        yield Problem(("rules",), 'missing: a framework needs a rule of kind "default" (the band when no other fires)')
