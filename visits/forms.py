from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html

from qa_portal.uploads import check_upload

from .models import MAX_UPLOAD_BYTES, SCHOOL_PAPER_TYPES, NoteSection, VisitType


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


class _OptionalDateField(DateInputField):
    """A date that may be left blank; a day that does not exist (31 2 2027) says "Enter a real …"."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ActionForm(forms.Form):
    text = forms.CharField(label="Action", max_length=300, error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Who will do it", max_length=120, required=False)
    due_on = _OptionalDateField(label="Due by (optional)", required=False, require_all_fields=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].error_messages["incomplete"] = "Enter the due date as a day, month and year"
        self.fields["due_on"].error_messages["invalid"] = "Enter a real due date"
        self.fields["due_on"].help_text = "On or after the day of the visit, for example 12 1 2027"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("text"),
            Field.text("owner", field_width=20),
            Field("due_on", legend_size=Size.SMALL),
            Button("submit", "Add action"),
        )


class ContributionForm(forms.Form):
    """What the school sends before the visit: three answers, then one upload per paper it is asked for (`slots`,
    visits.papers.PaperSlot), each showing the paper sent for it and replacing it when a new file is chosen. Every
    upload's real type is read from its content (qa_portal.uploads): a renamed program or web page is refused
    against its own field."""

    lines_of_enquiry = forms.CharField(
        label="Lines of enquiry agreed with the QA lead", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    sef_summary = forms.CharField(
        label="Self-evaluation summary", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    improvement_plan_text = forms.CharField(
        label="Improvement plan summary", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        parts = [
            Field.textarea("lines_of_enquiry"),
            Field.textarea("sef_summary"),
            Field.textarea("improvement_plan_text"),
            HTML('<h2 class="govuk-heading-m">Papers</h2>'),
        ]
        for index, slot in enumerate(self.slots):
            phrase = slot.asked.phrase
            self.fields[slot.field_name] = forms.FileField(
                label=f"Replace the {phrase}" if slot.paper else f"Upload the {phrase}",
                required=False,
                help_text="PDF, Word, OpenDocument or Excel file, smaller than 10MB",
            )
            # The page's `paper_slots` carry what was sent (never put a file's name into a layout's template).
            slot_html = HTML(f'{{% include "visits/_paper_slot.html" with slot=paper_slots.{index} %}}')
            parts += [slot_html, Field(slot.field_name)]
        parts.append(HTML('<div class="govuk-button-group">'))
        parts.append(Button("send", "Send papers to the QA lead"))
        parts.append(Button("save", "Save without sending", css_class="govuk-button--secondary"))
        parts.append(HTML("</div>"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*parts)

    def clean(self):
        cleaned = super().clean()
        for slot in self.slots:
            upload = cleaned.get(slot.field_name)
            if upload is None:
                continue
            try:
                check_upload(upload, allowed=SCHOOL_PAPER_TYPES, max_bytes=MAX_UPLOAD_BYTES)
            except forms.ValidationError as error:
                self.add_error(slot.field_name, error)
        return cleaned

    def papers(self):
        """{kind: uploaded file} for the papers given a new file."""
        return {
            slot.key: self.cleaned_data[slot.field_name]
            for slot in self.slots
            if self.cleaned_data.get(slot.field_name) is not None
        }


class _Escaped:
    """Text of the page inside a form's layout, escaped here (crispy's HTML would read a comment as a template)."""

    def __init__(self, html):
        self.html = html

    def render(self, form, context, template_pack=None, **kwargs):
        return self.html


OUTCOME_CHOICES = [
    (NoteSection.ResponseOutcome.CORRECTED, "Corrected: I have changed the evaluation or the evidence above"),
    (NoteSection.ResponseOutcome.NOT_CHANGED, "Not changed: the section stays as it is"),
]


class NoteForm(forms.Form):
    """The QA lead's note: one evaluation and evidence pair per evidence area, then going well and next steps.
    Once the head has answered (`answering`), each section the head commented on shows the comment and asks for
    the QA lead's response and whether the section was corrected."""

    aspect = forms.CharField(label="Aspect looked at", max_length=300, required=False)
    attendees = forms.CharField(
        label="Attendees",
        help_text="One per line: name and role",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
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

    def __init__(self, *args, sections, answering=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.answered = [section for section in sections if answering and section.head_comment]
        parts = [Field.text("aspect"), Field.textarea("attendees")]
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
            inner = []
            if section.head_comment:
                inner.append(
                    _Escaped(
                        format_html(
                            '<div class="govuk-inset-text"><p class="govuk-body"><strong>Headteacher\'s '
                            'comment</strong></p><p class="govuk-body">{}</p></div>',
                            linebreaksbr(section.head_comment),
                        )
                    )
                )
            inner += [Field.textarea(f"evaluation_{section.pk}"), Field.textarea(f"evidence_{section.pk}")]
            if section in self.answered:
                title = section.title[:1].lower() + section.title[1:]
                self.fields[f"response_{section.pk}"] = forms.CharField(
                    label=f"Your response to the headteacher's comment on {title}",
                    help_text="The headteacher sees it, and the published note records it",
                    required=False,
                    initial=section.lead_response,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                self.fields[f"outcome_{section.pk}"] = forms.ChoiceField(
                    label=f"Did you correct the section on {title}?",
                    choices=OUTCOME_CHOICES,
                    required=False,
                    initial=section.response_outcome or None,
                    widget=forms.RadioSelect,
                )
                inner += [
                    Field.textarea(f"response_{section.pk}"),
                    Field.radios(f"outcome_{section.pk}", legend_size=Size.SMALL),
                ]
            parts.append(Fieldset(*inner, legend=section.title, legend_size=Size.MEDIUM))
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

    def section_responses(self):
        """{section id: (response, outcome)} for the sections the head commented on."""
        data = self.cleaned_data
        return {s.pk: (data[f"response_{s.pk}"], data[f"outcome_{s.pk}"]) for s in self.answered}


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
