"""Control characters have no place in the product's data: one check for every form, query string and import.

Refused: NUL and the other C0 and C1 control characters except tab, line feed and carriage return, DEL, the
non-characters U+FFFE and U+FFFF and lone surrogates. PostgreSQL cannot store a NUL at all (the driver raises), and
the others are invisible, break exports (XML cannot hold them) and have never been meant by anyone who typed them.
"""

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "ESC",
    "\x7f": "DEL",
}


def character_name(character: str) -> str:
    """A short name a person can look up: 'NUL', 'ESC', otherwise the code point ('U+0085')."""
    return _NAMES.get(character) or f"U+{ord(character):04X}"


def find_control_character(text: str) -> tuple[int, str] | None:
    """(position counting from 1, name) of the first refused character in `text`, or None."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return found.start() + 1, character_name(found.group())


def has_control_character(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def text_problem(text: str, *, label: str) -> str | None:
    """The message for a form field or query parameter called `label`, or None when `text` is clean."""
    found = find_control_character(text)
    if found is None:
        return None
    position, name = found
    return (
        f"{label} must not contain control characters, such as the invisible character ({name}) at position "
        f"{position}. Remove it and try again."
    )


def cell_problem(text: str) -> str | None:
    """The reason for a cell of an imported file (the caller names the line and column), or None."""
    found = find_control_character(text)
    if found is None:
        return None
    position, name = found
    return f"contains a control character ({name}) at position {position}: remove it and try again"


def validate_text(text: str, *, label: str) -> None:
    """Raise ValidationError (code 'control_character') when `text` holds a refused character."""
    problem = text_problem(text, label=label)
    if problem:
        raise ValidationError(problem, code="control_character")


def strings_in(value):
    """Every string inside a value read from a data file (TOML, JSON): dict keys and values, list items."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def data_problem(value) -> tuple[str, str] | None:
    """(the string, reason) for the first string in a data file's values that holds a refused character."""
    for text in strings_in(value):
        problem = cell_problem(text)
        if problem:
            return text, problem
    return None


def field_label(form, name: str) -> str:
    """The label a person sees for a form field, to name it in the message."""
    field = form.fields.get(name)
    label = str(field.label) if field is not None and field.label else ""
    if not label:
        label = name.replace("_", " ")
    label = label.strip().removesuffix("(optional)").strip().rstrip(":?")
    return label[:1].upper() + label[1:] if label else "This field"


def _bound_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _bound_strings(item)


class TextHygieneMixin:
    """A form refusing control characters in every value sent to it, before any field (or database) sees them.

    Every project form inherits it (through `qa_portal.forms.Form`/`ModelForm`, or directly for Django's auth
    forms); tests/test_input_hygiene.py walks every form class to make sure.
    """

    def _clean_fields(self):
        # Django's loop (django.forms.BaseForm._clean_fields), leaving out every field sent a refused character:
        # its value never reaches the field's clean() (a ModelChoiceField would query the database with it).
        for name, bound in self._bound_items():
            problem = None if bound.field.disabled else _bound_problem(self, name, bound.data)
            if problem:
                self.add_error(name, ValidationError(problem, code="control_character"))
                continue
            try:
                self.cleaned_data[name] = bound.field._clean_bound_field(bound)
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)


def _bound_problem(form, name, data):
    for text in _bound_strings(data):
        if has_control_character(text):
            return text_problem(text, label=field_label(form, name))
    return None
