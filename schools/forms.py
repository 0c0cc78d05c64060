from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from .models import School


class SchoolContactsForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["telephone", "email", "website"]
        labels = {"telephone": "Telephone", "email": "School office email", "website": "Website"}
        error_messages = {
            "email": {"invalid": "Enter an email address in the correct format, like office@school.sch.uk"},
            "website": {"invalid": "Enter a web address in the correct format, like https://www.school.sch.uk"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("telephone", field_width=20),
            Field.text("email"),
            Field.text("website"),
            Button("submit", "Save contact details"),
        )
