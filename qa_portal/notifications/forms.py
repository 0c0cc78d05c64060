from django import forms

from qa_portal.forms import Form
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Layout, Size
from qa_portal.wording import in_sentence

from .kinds import Delivery


class NotificationSettingsForm(Form):
    """One question per kind of notification: how to be emailed about it."""

    def __init__(self, *args, settings, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, delivery in settings:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=delivery,
                error_messages={"required": f"Choose how to be told about {in_sentence(kind.label)}"},
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[Field.radios(code, legend_size=Size.SMALL) for code in self.fields],
            Button("submit", "Save notification settings"),
        )
