from django import forms
from django.urls import reverse

from dashboards.forms import OptionalDateField
from qa_portal.forms import Form
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Fieldset, Layout, Size

from .selectors import audit_people, audit_schools


class AuditFilterForm(Form):
    school = forms.ModelChoiceField(label="School", required=False, queryset=None, empty_label="All schools")
    person = forms.ModelChoiceField(label="Person", required=False, queryset=None, empty_label="Everyone")
    date_from = OptionalDateField(label="Changes from", help_text="For example, 1 9 2026")
    date_to = OptionalDateField(label="Changes to", help_text="For example, 30 11 2026")

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = audit_schools(authority)
        self.fields["person"].queryset = audit_people(authority)
        self.fields["person"].label_from_instance = lambda person: person.get_full_name() or person.email
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("records:audit-log")
        self.helper.layout = Layout(
            Fieldset(Field.select("school"), Field.select("person"), legend="Filter changes", legend_size=Size.SMALL),
            Field("date_from"),
            Field("date_to"),
            Button("apply", "Apply filters"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned


class ErasureForm(Form):
    reason = forms.CharField(
        label="Why is this person's personal data to be erased?",
        help_text="For example, the request they made and the date they made it. This is kept on the audit log.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the reason for erasing this person's personal data"},
    )
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone",
        error_messages={"required": "Confirm that you understand this cannot be undone"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason"),
            Field.checkbox("confirm"),
            Button.warning("erase", "Erase personal data"),
        )
