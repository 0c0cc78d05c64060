"""A GOV.UK date input (day, month, year) with the Design System's error messages.

One message per date, written from the field's label (https://design-system.service.gov.uk/components/date-input/):

- nothing entered, and the date is required: "Enter <label>" (a form may give its own "required" message)
- a part missing: "<Label> must include a month" (or "a day and year"...)
- a part that is not a number, or a day that does not exist: "<Label> must be a real date, like 31 8 2026"
- a year not of 4 digits: "<Label> must include a year with 4 numbers, like 2026"

The error names the parts it is about (its params["parts"], indexes 0-2): only those inputs get the error style
and the error summary links to the first of them; an error about the whole date (a form's own check) marks all
three and links to the day.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")
ALL_PARTS = (0, 1, 2)


class DateInputWidget(forms.MultiWidget):
    """Three text inputs, rendered with Frontend 6's date-input markup (govuk/widgets/date.html)."""

    template_name = "govuk/widgets/date.html"
    widths = (2, 2, 4)

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )
            for width in self.widths
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, part in zip(context["widget"]["subwidgets"], PARTS, strict=True):
            subwidget["label"] = part.capitalize()
        return context


def _sentence(label):
    label = str(label or "Date")
    return label[0].upper() + label[1:]


def _phrase(label):
    label = str(label or "the date")
    return label[0].lower() + label[1:] if not label[:2].isupper() else label


def _joined(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


class DateInputField(forms.MultiValueField):
    """A date entered as day, month and year, cleaned to a `datetime.date` (None when optional and left empty)."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter %(label)s",
        "missing": "%(Label)s must include %(missing)s",
        "real_date": "%(Label)s must be a real date, like 31 8 2026",
        "year_digits": "%(Label)s must include a year with 4 numbers, like 2026",
    }

    def __init__(self, **kwargs):
        # Each part is cleaned here, not by its own field: the messages are about the date as a whole.
        kwargs.setdefault("require_all_fields", False)
        fields = [forms.CharField(required=False) for _part in PARTS]
        super().__init__(fields=fields, **kwargs)

    def _error(self, code, parts=ALL_PARTS, **params):
        params = {"label": _phrase(self.label), "Label": _sentence(self.label), "parts": tuple(parts), **params}
        return ValidationError(self.error_messages[code], code=code, params=params)

    def clean(self, value):
        if self.disabled and not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        if not isinstance(value, list | tuple):
            value = [None, None, None]
        parts = [str(part).strip() if part is not None else "" for part in [*value, "", "", ""][:3]]
        if not any(parts):
            if self.required:
                raise self._error("required")
            return None
        missing = [index for index, part in enumerate(parts) if not part]
        if missing:
            words = [f"a {PARTS[index]}" if index == missing[0] else PARTS[index] for index in missing]
            raise self._error("missing", missing, missing=_joined(words))
        not_numbers = [index for index, part in enumerate(parts) if not (part.isascii() and part.isdigit())]
        if not_numbers:
            raise self._error("real_date", not_numbers)
        if len(parts[2]) != 4:
            raise self._error("year_digits", (2,))
        out = self.compress(parts)
        self.validate(out)
        self.run_validators(out)
        return out

    def compress(self, data_list):
        """The date of [day, month, year] (digits), None when empty; a day that does not exist is an error."""
        if not data_list or not all(data_list):
            return None
        day, month, year = (int(part) for part in data_list)
        if not 1 <= month <= 12:
            raise self._error("real_date", (1,))
        if year < 1:
            raise self._error("real_date", (2,))
        try:
            return date(year, month, day)
        except ValueError:
            raise self._error("real_date", (0,)) from None
