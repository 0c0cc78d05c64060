"""The project's form renderer writes a <select> exactly as Django's templates do (issue 20: without an include
per option)."""

from django import forms
from django.forms.renderers import DjangoTemplates

from qa_portal.govuk_forms.renderer import FormRenderer


class Choices(forms.Form):
    trust = forms.ChoiceField(
        choices=[("", "Any"), ("A & B Trust", 'A & B "Trust"'), ("2", "Two")],
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select", "data-x": True, "hidden": False}),
    )
    phase = forms.ChoiceField(choices=[("Primary", [("p", "Infant"), ("j", "Junior")]), ("s", "Secondary")])
    leads = forms.MultipleChoiceField(choices=[(1, "Ann"), (2, "Bo <b>")], required=False)


def test_a_select_is_written_as_djangos_templates_write_it():
    form = Choices(data={"trust": "A & B Trust", "phase": "j", "leads": ["2"]})
    ours = {name: form[name].as_widget() for name in form.fields}
    form.renderer = DjangoTemplates()
    theirs = {name: form[name].as_widget() for name in form.fields}
    assert isinstance(Choices().renderer, FormRenderer)
    assert ours == theirs
    assert '<option value="A &amp; B Trust" selected>A &amp; B &quot;Trust&quot;</option>' in ours["trust"]
    assert '<select name="trust" class="govuk-select" data-x id="id_trust">' in ours["trust"]
    assert '\n  <optgroup label="Primary">\n  <option value="p">Infant</option>\n' in ours["phase"]
    assert '<option value="2" selected>Bo &lt;b&gt;</option>' in ours["leads"]
