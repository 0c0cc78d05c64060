"""The layout objects the project's forms use, for the "govuk" template pack.

`Field.text(...)`, `Field.textarea(...)`, `Field.radios(...)` ... build a Field with the template variables for
that component; `Fieldset(*fields, legend=..., legend_size=...)` groups fields; `Button(name, value)` is a GOV.UK
button. `Layout` and `HTML` are crispy-forms' own.
"""

from crispy_forms import layout as crispy_layout
from crispy_forms.layout import HTML, BaseInput, Layout
from crispy_forms.utils import TEMPLATE_PACK, flatatt
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.text import slugify

__all__ = ["HTML", "Button", "Field", "Fieldset", "Fixed", "Fluid", "Layout", "Size"]


class Size:
    """Sizes of labels and legends: Size.SMALL, MEDIUM, LARGE, EXTRA_LARGE."""

    SMALL = "s"
    MEDIUM = "m"
    LARGE = "l"
    EXTRA_LARGE = "xl"
    _values = (SMALL, MEDIUM, LARGE, EXTRA_LARGE)

    @classmethod
    def _check(cls, value):
        if value not in cls._values:
            raise ValueError("Unexpected size", value)

    @classmethod
    def for_label(cls, value):
        cls._check(value)
        return f"govuk-label--{value}"

    @classmethod
    def for_legend(cls, value):
        cls._check(value)
        return f"govuk-fieldset__legend--{value}"


class Fixed:
    """Fixed widths of a text input, in characters: `Field.text("urn", field_width=Fixed.TEN)` (or just 10)."""

    TWO, THREE, FOUR, FIVE, TEN, TWENTY, THIRTY = 2, 3, 4, 5, 10, 20, 30
    _values = (TWO, THREE, FOUR, FIVE, TEN, TWENTY, THIRTY)

    @classmethod
    def for_input(cls, value):
        if value not in cls._values:
            raise ValueError("Unexpected fixed width", value)
        return f"govuk-input--width-{value}"


class Fluid:
    """Fluid widths of a text input: `Field.text("name", field_width=Fluid.ONE_HALF)`."""

    ONE_QUARTER = "one-quarter"
    ONE_THIRD = "one-third"
    ONE_HALF = "one-half"
    TWO_THIRDS = "two-thirds"
    THREE_QUARTERS = "three-quarters"
    FULL = "full"
    _values = (ONE_QUARTER, ONE_THIRD, ONE_HALF, TWO_THIRDS, THREE_QUARTERS, FULL)

    @classmethod
    def for_input(cls, value):
        if value not in cls._values:
            raise ValueError("Unexpected fluid width", value)
        return f"govuk-!-width-{value}"


def _sized(context, *, label_size=None, label_tag=None, legend_size=None, legend_tag=None):
    if label_size:
        context["label_size"] = Size.for_label(label_size)
    if label_tag:
        context["label_tag"] = label_tag
    if legend_size:
        context["legend_size"] = Size.for_legend(legend_size)
    if legend_tag:
        context["legend_tag"] = legend_tag
    return context


class Field(crispy_layout.LayoutObject):
    """One or more form fields, rendered with `govuk/field.html`; `context` adds template variables for them and
    the other keyword arguments become attributes of the widget (underscores become hyphens)."""

    template = "%s/field.html"

    def __init__(self, *fields, css_class=None, context=None, template=None, **kwargs):
        self.fields = list(fields)
        self.attrs = {}
        self.context = dict(context or {})
        if css_class:
            self.attrs["class"] = css_class
        if template:
            self.template = template
        self.attrs.update({key.replace("_", "-"): conditional_escape(value) for key, value in kwargs.items()})

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return self.get_rendered_fields(
            form,
            context,
            template_pack,
            template=self.get_template_name(template_pack),
            attrs=self.attrs,
            extra_context=self.context,
            **kwargs,
        )

    @classmethod
    def text(cls, field, label_size=None, label_tag=None, field_width=None, **kwargs):
        """A text input; `field_width` is a number of characters (Fixed) or a fluid width (Fluid)."""
        if field_width:
            kwargs["css_class"] = (
                Fixed.for_input(field_width) if isinstance(field_width, int) else Fluid.for_input(field_width)
            )
        return cls(field, context=_sized({}, label_size=label_size, label_tag=label_tag), **kwargs)

    @classmethod
    def textarea(cls, field, label_size=None, label_tag=None, rows=10, **kwargs):
        return cls(field, context=_sized({}, label_size=label_size, label_tag=label_tag), rows=rows, **kwargs)

    @classmethod
    def select(cls, field, label_size=None, label_tag=None, **kwargs):
        return cls(field, context=_sized({}, label_size=label_size, label_tag=label_tag), **kwargs)

    @classmethod
    def checkbox(cls, field, small=False, **kwargs):
        """A single checkbox (a BooleanField)."""
        return cls(field, context={"checkboxes_small": small}, **kwargs)

    @classmethod
    def checkboxes(cls, field, legend_size=None, legend_tag=None, small=False, **kwargs):
        context = _sized({"checkboxes_small": small}, legend_size=legend_size, legend_tag=legend_tag)
        return cls(field, context=context, **kwargs)

    @classmethod
    def radios(cls, field, legend_size=None, legend_tag=None, small=False, inline=False, **kwargs):
        context = _sized(
            {"radios_small": small, "radios_inline": inline}, legend_size=legend_size, legend_tag=legend_tag
        )
        return cls(field, context=context, **kwargs)


class Fieldset(crispy_layout.LayoutObject):
    """A <fieldset> around layout objects, with an optional legend: `Fieldset(*fields, legend="Filter",
    legend_size=Size.SMALL)`."""

    template = "%s/layout/fieldset.html"

    def __init__(self, *fields, legend=None, legend_size=None, legend_tag=None, css_class=None, **kwargs):
        self.fields = list(fields)
        self.context = _sized({"legend": legend} if legend else {}, legend_size=legend_size, legend_tag=legend_tag)
        self.css_class = "govuk-fieldset" + (f" {css_class}" if css_class else "")
        self.css_id = kwargs.pop("css_id", None)
        self.template = kwargs.pop("template", self.template)
        self.flat_attrs = flatatt(kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        return render_to_string(
            self.get_template_name(template_pack), {"fieldset": self, "fields": fields, **self.context}
        )


class Button(BaseInput):
    """A GOV.UK button (`<button class="govuk-button">`) that submits the form with `name=value`;
    `Button.secondary(...)` and `Button.warning(...)` for the other styles."""

    template = "%s/layout/button.html"
    field_classes = "govuk-button"

    def __init__(self, name, value, disabled=False, **kwargs):
        if disabled:
            kwargs["disabled"] = "disabled"
            kwargs["aria-disabled"] = "true"
        kwargs.setdefault("css_id", f"id_{slugify(name)}")
        super().__init__(name, value, data_module="govuk-button", **kwargs)

    @classmethod
    def primary(cls, name, value, disabled=False, **kwargs):
        return cls(name, value, disabled=disabled, **kwargs)

    @classmethod
    def secondary(cls, name, value, disabled=False, **kwargs):
        return cls(name, value, disabled=disabled, css_class="govuk-button--secondary", **kwargs)

    @classmethod
    def warning(cls, name, value, disabled=False, **kwargs):
        return cls(name, value, disabled=disabled, css_class="govuk-button--warning", **kwargs)
