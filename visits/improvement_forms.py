"""Forms of the improvement plan and review body pages (the services validate again and decide)."""

from django import forms

from qa_portal.forms import Form
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Layout, Size

from .forms import _date


def _helper(*fields, button):
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def _textarea(label, *, required=False, rows=4, help_text=""):
    field = forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )
    field.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
    return field


class PlanForm(Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the plan's title"})
    agreed_on = _date("Day the plan was agreed")
    written_jointly = forms.BooleanField(label="Written jointly with the authority", required=False)
    success_criteria = _textarea("Success criteria", rows=6)
    file = forms.FileField(
        label="The plan (optional)",
        required=False,
        help_text="A PDF, Word, OpenDocument or Excel file, up to 10 MB. A new file replaces the one stored.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("title"),
            Field("agreed_on", legend_size=Size.SMALL),
            Field.checkbox("written_jointly"),
            Field.textarea("success_criteria"),
            Field("file"),
            button="Save the plan",
        )


class CloseForm(Form):
    closed_on = _date("Day it closed")

    def __init__(self, *args, button="Close", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("closed_on", legend_size=Size.SMALL), button=button)


class ReviewForm(Form):
    reviewed_on = _date("Day of the review")
    progress = _textarea("Progress against the success criteria", required=True, rows=6)
    progress.error_messages["required"] = "Enter the progress against the success criteria"
    next_steps = _textarea("Next steps")
    visit = forms.ModelChoiceField(label="At a visit (optional)", queryset=None, required=False, empty_label="None")

    def __init__(self, *args, visits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = visits
        self.fields["visit"].label_from_instance = lambda v: f"{v.visit_type.name}, {v.planned_date:%-d %B %Y}"
        self.helper = _helper(
            Field("reviewed_on", legend_size=Size.SMALL),
            Field.textarea("progress"),
            Field.textarea("next_steps"),
            Field.select("visit"),
            button="Record the review",
        )


def _person(user):
    return user.get_full_name() or user.email


class BodyForm(Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter its name"})
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=None,
        empty_label="Choose an officer",
        error_messages={"required": "Choose who chairs it"},
    )
    formed_on = _date("Day it was formed")
    minutes_to = forms.CharField(label="Minutes go to", max_length=300, required=False, help_text="Besides the school")
    exit_strategy = _textarea("Exit strategy", rows=5)

    def __init__(self, *args, officers, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = officers
        self.fields["chair"].label_from_instance = _person
        fields = [Field.text("name"), Field.select("chair")]
        if editing:
            del self.fields["formed_on"]
            fields += [Field.text("minutes_to"), Field.textarea("exit_strategy")]
        else:
            del self.fields["exit_strategy"]
            fields += [Field("formed_on", legend_size=Size.SMALL), Field.text("minutes_to")]
        self.helper = _helper(*fields, button="Save")


class MemberForm(Form):
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="Leave blank to use the person's name"
    )
    role = forms.CharField(
        label="Role",
        max_length=200,
        help_text="For example Attached Adviser, Educational Psychologist",
        error_messages={"required": "Enter the member's role"},
    )
    user = forms.ModelChoiceField(
        label="Person with an account (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = _person
        self.helper = _helper(Field.text("name"), Field.text("role"), Field.select("user"), button="Add the member")
