import re
from datetime import time

from django import forms
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html

from qa_portal.concurrency import EditVersionField
from qa_portal.forms import Form
from qa_portal.govuk_forms.fields import DateInputField
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import HTML, Button, Field, Fieldset, Layout, Size
from qa_portal.uploads import check_upload
from qa_portal.wording import in_sentence

from .models import MAX_UPLOAD_BYTES, SCHOOL_PAPER_TYPES, NoteSection, VisitType


def _date(label):
    field = DateInputField(label=label, require_all_fields=False)
    field.error_messages["required"] = f"Enter the {in_sentence(label)}"
    return field


class MoveVisitForm(Form):
    planned_date = _date("New date")
    reason = forms.CharField(
        label="Reason for the move (optional)",
        help_text="The school's headteacher is told the new date and this reason",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_date"].help_text = (
            "A school day in term time (not a weekend, bank holiday, half-term break or closure day), today or "
            "later, for example 12 1 2027"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("planned_date", legend_size=Size.MEDIUM), Field.textarea("reason"), Button("submit", "Move visit")
        )


class CancelVisitForm(Form):
    reason = forms.CharField(
        label="Why is the visit cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the visit is cancelled"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason"), Button.warning("submit", "Cancel the visit"))


_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?")
_CLOCK_FORMAT = "Enter the start time as hours and minutes, for example 09:30 or 14:00"


def parse_clock(text):
    """The time in `text`: 24-hour "09:30", "9.30" or "14:00", or "9:30am", "2pm", "midday"; None when blank.
    forms.ValidationError with a message to show otherwise."""
    value = re.sub(r"\s+", "", (text or "").lower()).replace("a.m.", "am").replace("p.m.", "pm")
    if not value:
        return None
    if value in ("midday", "noon", "12noon"):
        return time(12, 0)
    match = _CLOCK.fullmatch(value)
    if match is None or (match[2] is None and match[3] is None):
        raise forms.ValidationError(_CLOCK_FORMAT, code="invalid")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if minute > 59 or (half and not 1 <= hour <= 12) or (not half and hour > 23):
        raise forms.ValidationError("Enter a real time, for example 09:30 or 14:00", code="invalid")
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute)


class TimePlaceForm(Form):
    """When a visit starts, how long it lasts and where it is (a venue, an online link, or both). The rules (a
    length of 15 minutes to 8 hours, an https link) are the service's: visits.services.visit_set_time_and_place."""

    start_time = forms.CharField(
        label="Start time",
        required=False,
        max_length=10,
        help_text="Use the 24-hour clock, for example 09:30 or 14:00. Leave it blank if the time is not agreed yet.",
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasts, in minutes",
        required=False,
        help_text="From 15 to 480 minutes, for example 90 for an hour and a half",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"invalid": "Enter how long it lasts as a whole number of minutes, for example 90"},
    )
    venue = forms.CharField(
        label="Venue",
        required=False,
        max_length=300,
        help_text="For example Brookmead Primary School, meeting room",
        error_messages={"max_length": "Enter a venue of 300 characters or fewer"},
    )
    online_link = forms.CharField(
        label="Online meeting link",
        required=False,
        max_length=500,
        help_text="If people join online: the link to the video call, starting https://",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={"max_length": "Enter a link of 500 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("start_time", field_width=5),
            Field.text("duration_minutes", field_width=4),
            Field.text("venue"),
            Field.text("online_link"),
            Button("submit", "Save time and place"),
        )

    @staticmethod
    def initial_for(visit):
        """What the form shows for `visit`: its time and place, or a usual length (90 minutes for a meeting)."""
        return {
            "start_time": f"{visit.start_time:%H:%M}" if visit.start_time else "",
            "duration_minutes": visit.duration_minutes or (90 if visit.visit_type.is_meeting else 60),
            "venue": visit.venue,
            "online_link": visit.online_link,
        }

    def clean_start_time(self):
        return parse_clock(self.cleaned_data["start_time"])


class ExtraVisitForm(Form):
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


class AgendaForm(Form):
    items = forms.CharField(
        label="Agenda items",
        help_text="One item per line",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter at least one agenda item"},
    )
    attendees = forms.CharField(
        label="Expected attendees", help_text="One per line", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    edit_version = EditVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("edit_version"), Field.textarea("items"), Field.textarea("attendees"), Button("submit", "Save agenda")
        )


class _OptionalDateField(DateInputField):
    """A date that may be left blank; a day that does not exist (31 2 2027) says "Enter a real …"."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ActionForm(Form):
    text = forms.CharField(label="Action", max_length=300, error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Who will do it", max_length=120, required=False)
    due_on = _OptionalDateField(label="Due by (optional)", required=False, require_all_fields=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


class ContributionForm(Form):
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


class NoteForm(Form):
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
    edit_version = EditVersionField()

    def __init__(self, *args, sections, answering=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.answered = [section for section in sections if answering and section.head_comment]
        parts = [Field("edit_version"), Field.text("aspect"), Field.textarea("attendees")]
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


class NoteResponseForm(Form):
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


class TermForm(Form):
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


class ClosureDayForm(Form):
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
