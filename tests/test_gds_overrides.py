"""The two crispy-forms-gds templates we override: inline radios keep `govuk-radios`, and the error summary
links a radio group's error to its first radio (the group's own id does not exist in the page)."""

from django import forms
from django.template import Context, Template

from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Field, Layout


class ChoiceForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("met", "Met"), ("partly", "Partly met"), ("not_met", "Not met")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an answer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("answer", inline=True))


def render(form):
    return Template(
        '{% load crispy_forms_tags %}{% include "govuk/layout/error_summary.html" %}{% crispy form %}'
    ).render(Context({"form": form}))


def test_inline_radios_keep_the_govuk_radios_class():
    html = render(ChoiceForm())
    assert 'class="govuk-radios govuk-radios--inline"' in html
    assert 'data-module="govuk-radios"' in html


def test_radio_errors_link_to_the_first_radio():
    form = ChoiceForm(data={})
    assert not form.is_valid()
    html = render(form)
    assert '<a href="#id_answer_1">Choose an answer</a>' in html
    assert 'id="id_answer_1"' in html
    assert 'href="#id_answer"' not in html
