from datetime import date

from django import forms
from django.urls import reverse

from qa_portal.accounts.selectors import qa_leads_of_authority
from qa_portal.forms import Form
from qa_portal.govuk_forms.fields import DateInputField
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Fieldset, Layout, Size
from schools.models import School


class OptionalDateField(DateInputField):
    """A GOV.UK date input that may be left blank, with our own messages."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, required=False, **kwargs)
        self.error_messages["incomplete"] = "Enter the day, month and year"

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(part) for part in data_list)
            return date(year, month, day)
        except (TypeError, ValueError):
            raise forms.ValidationError("Enter a real date, like 31 8 2026") from None


class DashboardFilterForm(Form):
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "All phases"), *School.Phase.choices])
    type_group = forms.ChoiceField(
        label="Type group", required=False, choices=[("", "All type groups"), *School.TypeGroup.choices]
    )
    qa_lead = forms.ModelChoiceField(label="QA lead", required=False, queryset=None, empty_label="All QA leads")
    moved_from = OptionalDateField(label="Movements from", help_text="For example, 1 9 2025")
    moved_to = OptionalDateField(label="Movements to", help_text="For example, 24 11 2026")

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qa_lead"].queryset = qa_leads_of_authority(authority)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("dashboards:dashboard")  # the authority's own dashboard (its prefix)
        self.helper.layout = Layout(
            Fieldset(
                Field.select("phase"),
                Field.select("type_group"),
                Field.select("qa_lead"),
                legend="Filter schools",
                legend_size=Size.SMALL,
            ),
            Field("moved_from"),
            Field("moved_to"),
            Button("apply", "Apply filters"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("moved_from"), cleaned.get("moved_to")
        if start and end and start > end:
            self.add_error("moved_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned


class TermlyReportForm(Form):
    term = forms.ChoiceField(label="Term", widget=forms.RadioSelect, error_messages={"required": "Choose a term"})
    commentary = forms.CharField(
        label="Commentary (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Printed in the report under ‘Commentary’: what the figures mean, what is being done",
    )

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(t.key, t.label) for t in terms]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("term", legend_size=Size.MEDIUM),
            Field.textarea("commentary", label_size=Size.SMALL),
            Button("make", "Make the report"),
        )
