"""Kinds of school a framework can single out (an entitlement `only_kinds` / `except_kinds`), read from what GIAS
says of the school. "Special schools and Pupil Referral Units ... will receive a visit" (Worcestershire) is
`only_kinds = "special,pru"` on the visit and `except_kinds = "special,pru"` on the telephone call."""

from .models import School

KINDS = {
    "special": "Special schools",
    "pru": "Pupil referral units and alternative provision",
    "academy": "Academies and free schools",
    "maintained": "Maintained schools",
}


def school_kinds(school: School) -> set[str]:
    establishment = (school.establishment_type or "").lower()
    kinds = {"maintained" if school.is_maintained else "academy"}
    if school.type_group == School.TypeGroup.SPECIAL or "special" in establishment:
        kinds.add("special")
    if "pupil referral unit" in establishment or "alternative provision" in establishment:
        kinds.add("pru")
    return kinds


def kinds_match(school: School, *, only: str = "", exclude: str = "") -> bool:
    """True when the school is of one of `only` (blank: any) and of none of `exclude` (comma-separated kinds)."""
    kinds = school_kinds(school)
    wanted = {part.strip() for part in only.split(",") if part.strip()}
    unwanted = {part.strip() for part in exclude.split(",") if part.strip()}
    return (not wanted or bool(kinds & wanted)) and not (kinds & unwanted)
