"""The escalation ladders, as data. Which one a school is on follows from who runs its framework
(`Framework.run_by`: a local authority or an academy trust) and whether the school is maintained — never from
which authority it is in. The powers that may be taken and who issues a warning notice come with the ladder.

- A local authority over a maintained school: Barnsley policy and Telford 2014 protocol (both list the same
  steps), with the statutory warning notice and powers of the Education and Inspections Act 2006.
- A local authority looking at an academy: it has no powers; "In line with DfE guidance, unresolved concerns will
  be referred to the appropriate body, for example, the Regional Schools Commissioner, the Education Funding
  Agency or Ofsted." (Worcestershire Aiming for Outstanding 2017-18, Section 5).
- A trust over its own academy: "The Trust will use its powers of intervention where necessary but will
  communicate intentions to the Governors through the Chair. This will include notifying the DfE and Regional
  Schools Commissioner of the concerns where appropriate. The Trust may need exercise its responsibility by:
  appointing additional governors; establishment of an Interim Advisory Board (IAB)." (West Somerset Academies
  Trust, Securing School Improvement Policy 2021, Intervening); a warning notice comes from the Regional Schools
  Commissioner (Level 4).
"""

from dataclasses import dataclass

from classification.models import RunBy
from classification.selectors import framework_for_school

from .models import StatutoryPower, WarningNotice

Power = StatutoryPower.Power


@dataclass(frozen=True)
class Step:
    code: str
    label: str


@dataclass(frozen=True)
class Ladder:
    key: str
    summary: str  # one sentence on the escalation page
    steps: tuple
    powers: tuple = ()  # StatutoryPower.Power values that may be taken; empty: none
    no_powers: str = ""  # why none may be taken
    wrong_power: str = ""  # a power not in `powers` was chosen
    powers_title: str = "Record a statutory power"
    powers_caption: str = "Statutory powers taken"
    powers_step: str = "statutory_powers"  # the step a power taken records
    warning_notice_by: str = ""  # WarningNotice.IssuedBy value; blank: no warning notice is recorded


LA_MAINTAINED = Ladder(
    key="la_maintained",
    summary="Maintained school: the authority can use its statutory powers.",
    steps=(
        Step("informal_head", "Informal discussion with the headteacher"),
        Step("informal_governors", "Informal discussion with the governing body"),
        Step("letter_head", "Formal letter to the headteacher"),
        Step("letter_governors", "Formal letter to the governing body, with the next steps"),
        Step(
            "meetings_chair_head",
            "Meetings with the chair, then the headteacher, where the head’s performance is in question",
        ),
        Step("warning_notice", "Formal warning notice (section 60, Education and Inspections Act 2006)"),
        Step("statutory_powers", "Statutory powers (sections 63 to 66, Education and Inspections Act 2006)"),
    ),
    powers=(Power.REQUIRE_ARRANGEMENTS, Power.ADDITIONAL_GOVERNORS, Power.IEB, Power.SUSPEND_BUDGET),
    wrong_power="Choose one of the local authority’s statutory powers over a maintained school",
    warning_notice_by=WarningNotice.IssuedBy.AUTHORITY,
)

LA_ACADEMY = Ladder(
    key="la_academy",
    summary="Academy: the authority raises its concerns with the trust and refers unresolved concerns to the "
    "Regional Schools Commissioner, the Education and Skills Funding Agency or Ofsted.",
    steps=(
        Step("informal_head", "Informal discussion with the headteacher"),
        Step("informal_governors", "Informal discussion with the governing body or trust"),
        Step("letter_head", "Formal letter to the headteacher"),
        Step("letter_trust", "Formal letter to the trust"),
        # The code is kept (stored steps): the Regional Schools Commissioner acts for the Secretary of State.
        Step(
            "letter_secretary_of_state",
            "Refer the concerns to the Regional Schools Commissioner (for the Secretary of State)",
        ),
        Step("refer_esfa", "Refer the concerns to the Education and Skills Funding Agency"),
        Step("letter_ofsted", "Letter to Ofsted"),
    ),
    no_powers="The local authority has no statutory intervention powers over an academy.",
)

TRUST_ACADEMY = Ladder(
    key="trust_academy",
    summary="Academy of the trust: the trust tells the governors its intentions through the chair, notifies the "
    "DfE and the Regional Schools Commissioner of its concerns where appropriate, and uses its own powers of "
    "intervention.",
    steps=(
        Step("informal_head", "Informal discussion with the headteacher"),
        Step("informal_governors", "Informal discussion with the chair of the local governing body"),
        Step("letter_head", "Formal letter to the headteacher"),
        Step("letter_governors", "Formal letter to the chair of governors, with the trust’s intentions"),
        Step("notify_dfe_rsc", "Notify the DfE and the Regional Schools Commissioner of the concerns"),
        Step("warning_notice", "Formal warning notice from the Regional Schools Commissioner"),
        Step(
            "trust_powers",
            "The trust’s powers of intervention: additional governors or an interim advisory board",
        ),
    ),
    powers=(Power.TRUST_ADDITIONAL_GOVERNORS, Power.INTERIM_BOARD, Power.REPLACE_LOCAL_BOARD),
    wrong_power="Choose one of the trust’s powers over its academies",
    powers_title="Record a power of intervention",
    powers_caption="Powers of intervention taken",
    powers_step="trust_powers",
    warning_notice_by=WarningNotice.IssuedBy.RSC,
)

# (who runs the framework, the school is maintained) -> its ladder. A trust runs academies only: a maintained
# school in a trust's framework is still one the trust, not a local authority, acts on.
LADDERS = {
    (RunBy.LOCAL_AUTHORITY, True): LA_MAINTAINED,
    (RunBy.LOCAL_AUTHORITY, False): LA_ACADEMY,
    (RunBy.TRUST, False): TRUST_ACADEMY,
    (RunBy.TRUST, True): TRUST_ACADEMY,
}

# Without a framework, who runs it follows from the authority's kind (schools.models.Authority.Kind).
RUN_BY_OF_AUTHORITY_KIND = {"la": RunBy.LOCAL_AUTHORITY, "trust": RunBy.TRUST}

# Steps recorded through their own forms (with grounds, powers, dates), not the general step form.
SPECIAL_STEPS = frozenset({"warning_notice", "statutory_powers", "trust_powers"})


def run_by_for(school):
    """Who runs the school's current framework (its authority's framework in force)."""
    framework = framework_for_school(school)
    if framework is not None:
        return framework.run_by
    return RUN_BY_OF_AUTHORITY_KIND.get(school.authority.kind, RunBy.LOCAL_AUTHORITY)


def ladder_of(school):
    """The school's Ladder (steps, powers, who issues a warning notice)."""
    return LADDERS[(run_by_for(school), bool(school.is_maintained))]


def ladder_for(school):
    """The school's escalation steps."""
    return ladder_of(school).steps


def step_label(school, code, ladder=None):
    steps = (ladder or ladder_of(school)).steps
    return next((step.label for step in steps if step.code == code), code)


@dataclass
class Position:
    steps: tuple
    reached_index: int  # -1 = not on the ladder

    @property
    def current(self):
        return self.steps[self.reached_index] if self.reached_index >= 0 else None

    @property
    def next_step(self):
        index = self.reached_index + 1
        return self.steps[index] if index < len(self.steps) else None

    def rows(self):
        for index, step in enumerate(self.steps):
            yield step, index <= self.reached_index, index == self.reached_index + 1


def position_for(school, taken_codes, ladder=None):
    """Where the school stands: the furthest step taken (steps may be skipped) and the one after it."""
    steps = (ladder or ladder_of(school)).steps
    reached = max((i for i, step in enumerate(steps) if step.code in set(taken_codes)), default=-1)
    return Position(steps=steps, reached_index=reached)
