"""How a label reads inside a sentence, and how a code reads when there is no label for it.

`in_sentence("Schools per band")` is "schools per band", but a label that starts with an acronym or a name keeps
its own case: "QA visit", "GIAS records", "Ofsted outcomes", "Get Information About Schools (GIAS) records" stay
as they are (lower-casing a whole label gives "qa visit" and "(gias)"). `from_code("sen_qa_visit")` is "SEN QA
visit", not "Sen qa visit".
"""

# Words written with their own capitals wherever they are in a label.
OWN_CASE = {
    word.lower(): word
    for word in (
        "QA",
        "LA",
        "SEN",
        "SEND",
        "SENCO",
        "EHCP",
        "EYFS",
        "KS1",
        "KS2",
        "KS4",
        "KS5",
        "GIAS",
        "DfE",
        "MAT",
        "PRU",
        "RI",
        "Ofsted",
        "England",
        "CSV",
    )
}


def _keeps_its_case(word: str) -> bool:
    """An acronym ("QA", "KS2", "DfE"), a name the service knows ("Ofsted") or a word with a capital inside it."""
    bare = word.strip("()‘’'\"")
    return bare.lower() in OWN_CASE or any(letter.isupper() for letter in bare[1:])


def in_sentence(label: str) -> str:
    """The label after "the" or "of" in a sentence: its first letter lower-cased unless its first word keeps its
    case, or it is a title-cased name ("Get Information About Schools …": its first two words capitalised)."""
    words = (label or "").split(" ")
    if not words[0] or _keeps_its_case(words[0]):
        return label or ""
    if len(words) > 1 and words[1][:1].isupper() and not _keeps_its_case(words[1]):
        return label
    return label[:1].lower() + label[1:]


def from_code(code: str) -> str:
    """A code made readable ("qa_visit" → "QA visit"): its words spaced, the first capitalised, acronyms in
    capitals."""
    words = [word for word in code.replace("-", "_").split("_") if word]
    shown = [OWN_CASE.get(word.lower(), word.lower()) for word in words]
    if shown and shown[0] == words[0].lower():
        shown[0] = shown[0].capitalize()
    return " ".join(shown)
