from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from qa_portal.uploads import check_upload

from .models import IMPROVEMENT_PLAN_TYPES, MAX_UPLOAD_BYTES, VisitType


def _date(label):
    field = DateInputField(label=label, require_all_fields=False)
    field.error_messages["required"] = f"Enter the {label.lower()}"
    field.error_messages["incomplete"] = f"Enter the {label.lower()} as a day, month and year"
    field.error_messages["invalid"] = f"Enter a real {label.lower()}"
    return field


class MoveVisitForm(forms.Form):
    planned_date = _date("New date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_date"].help_text = "A working day, for example 12 1 2027"
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("planned_date", legend_size=Size.MEDIUM), Button("submit", "Move visit"))


class CancelVisitForm(forms.Form):
    reason = forms.CharField(
        label="Why is the visit cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the visit is cancelled"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason"), Button.warning("submit", "Cancel the visit"))


class ExtraVisitForm(forms.Form):
    visit_type = forms.ModelChoiceField(
        label="Type of visit",
        queryset=VisitType.objects.all(),
        empty_label=None,
        error_messages={"required": "Choose the type of visit"},
    )
    planned_date = _date("Date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("visit_type"), Field("planned_date", legend_size=Size.SMALL), Button("submit", "Add visit")
        )


class AgendaForm(forms.Form):
    items = forms.CharField(
        label="Agenda items",
        help_text="One item per line",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter at least one agenda item"},
    )
    attendees = forms.CharField(
        label="Expected attendees", help_text="One per line", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("items"), Field.textarea("attendees"), Button("submit", "Save agenda")
        )


class ActionForm(forms.Form):
    text = forms.CharField(label="Action", max_length=300, error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Who will do it", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("text"), Field.text("owner", field_width=20), Button("submit", "Add action")
        )


class ContributionForm(forms.Form):
    lines_of_enquiry = forms.CharField(
        label="Lines of enquiry agreed with the QA lead", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    sef_summary = forms.CharField(
        label="Self-evaluation summary", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    improvement_plan_text = forms.CharField(
        label="Improvement plan summary", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    improvement_plan_file = forms.FileField(
        label="Upload the improvement plan",
        required=False,
        help_text="PDF, Word, OpenDocument or Excel file, smaller than 10MB",
    )

    def clean_improvement_plan_file(self):
        """The plan's real type is read from its content: a renamed program or web page is refused."""
        upload = self.cleaned_data.get("improvement_plan_file")
        if upload is None:
            return None
        check_upload(upload, allowed=IMPROVEMENT_PLAN_TYPES, max_bytes=MAX_UPLOAD_BYTES)
        return upload

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("lines_of_enquiry"),
            Field.textarea("sef_summary"),
            Field.textarea("improvement_plan_text"),
            Field("improvement_plan_file"),
            Button("submit", "Send to the QA lead"),
        )


class NoteForm(forms.Form):
    """The QA lead's note: one evaluation and evidence pair per evidence area, then going well and next steps."""

    aspect = forms.CharField(label="Aspect looked at", max_length=300, required=False)
    going_well = forms.CharField(label="What is going well", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(
        label="Next steps", help_text="One per line", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    internal_comments = forms.CharField(
        label="Internal comments",
        help_text="Never shown to the school",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        parts = [Field.text("aspect")]
        for section in sections:
            self.fields[f"evaluation_{section.pk}"] = forms.CharField(
                label="Evaluation", required=False, initial=section.evaluation, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields[f"evidence_{section.pk}"] = forms.CharField(
                label="Evidence used",
                required=False,
                initial=section.evidence,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            parts.append(
                Fieldset(
                    Field.textarea(f"evaluation_{section.pk}"),
                    Field.textarea(f"evidence_{section.pk}"),
                    legend=section.title,
                    legend_size=Size.MEDIUM,
                )
            )
        parts += [
            Field.textarea("going_well"),
            Field.textarea("next_steps"),
            Field.textarea("internal_comments"),
            Button("submit", "Save note"),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*parts)

    def section_values(self):
        return {
            s.pk: (self.cleaned_data[f"evaluation_{s.pk}"], self.cleaned_data[f"evidence_{s.pk}"])
            for s in self.sections
        }


class NoteResponseForm(forms.Form):
    accurate = forms.TypedChoiceField(
        label="Is the note factually accurate?",
        choices=[("yes", "Yes, it is accurate"), ("no", "No, I have comments on its accuracy")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the note is accurate"},
    )
    general_comment = forms.CharField(label="General comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        parts = [Field.radios("accurate", legend_size=Size.MEDIUM)]
        for section in sections:
            self.fields[f"comment_{section.pk}"] = forms.CharField(
                label=f"Comment on {section.title.lower()}", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            parts.append(Field.textarea(f"comment_{section.pk}"))
        parts += [Field.textarea("general_comment"), Button("submit", "Send my response")]
        self.helper = FormHelper()
        self.helper.layout = Layout(*parts)

    def section_comments(self):
        return {s.pk: self.cleaned_data[f"comment_{s.pk}"] for s in self.sections}


class TermForm(forms.Form):
    starts_on = _date("First day of term")
    half_term_break_starts = _date("First day of the half-term break")
    half_term_break_ends = _date("Last day of the half-term break")
    ends_on = _date("Last day of term")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *(Field(name, legend_size=Size.SMALL) for name in self.fields), Button("submit", "Save term dates")
        )


class ClosureDayForm(forms.Form):
    date = _date("Date")
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        initial="INSET day",
        error_messages={"required": "Enter the reason the schools are closed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("date", legend_size=Size.SMALL),
            Field.text("reason", field_width=20),
            Button("submit", "Add closure day"),
        )
