"""The escalation ladders (Barnsley policy; Telford 2014 protocol — both texts list the same steps).

The ladder a school is on follows from whether the authority has intervention powers (school.is_maintained),
not from which authority it is in.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    code: str
    label: str


MAINTAINED = (
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
)

ACADEMY = (
    Step("informal_head", "Informal discussion with the headteacher"),
    Step("informal_governors", "Informal discussion with the governing body or trust"),
    Step("letter_head", "Formal letter to the headteacher"),
    Step("letter_trust", "Formal letter to the trust"),
    Step("letter_secretary_of_state", "Letter to the Secretary of State"),
    Step("letter_ofsted", "Letter to Ofsted"),
)

# Steps recorded through their own forms (with grounds, powers, dates), not the general step form.
SPECIAL_STEPS = frozenset({"warning_notice", "statutory_powers"})


def ladder_for(school):
    return MAINTAINED if school.is_maintained else ACADEMY


def step_label(school, code):
    return next((step.label for step in ladder_for(school) if step.code == code), code)


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


def position_for(school, taken_codes):
    """Where the school stands: the furthest step taken (steps may be skipped) and the one after it."""
    steps = ladder_for(school)
    reached = max((i for i, step in enumerate(steps) if step.code in set(taken_codes)), default=-1)
    return Position(steps=steps, reached_index=reached)
