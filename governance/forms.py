from django import forms
from django.utils.html import format_html

from qa_portal.concurrency import EditVersionField
from qa_portal.forms import Form, ModelForm
from qa_portal.govuk_forms.fields import DateInputField
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import HTML, Button, Field, Fieldset, Layout, Size
from qa_portal.wording import in_sentence

from . import ladder
from .models import Board, ChecklistResponse, Governor, StatutoryPower, WarningNotice
from .services import EVIDENCE_MAX_BYTES, evidence_problem, letter_problem


def _date(label, *, required=True, message=None):
    field = DateInputField(label=label, required=required, require_all_fields=False)
    field.error_messages["required"] = message or f"Enter the {in_sentence(label)}"
    return field


class BoardForm(ModelForm):
    instrument_date = _date("Date of the instrument of government", required=False)

    class Meta:
        model = Board
        fields = ["kind", "size", "instrument_date"]
        labels = {"kind": "Type of board", "size": "Number of governor places"}
        help_texts = {"size": "As set by the instrument of government"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "size": {"required": "Enter the number of governor places", "invalid": "Enter a whole number"},
            "kind": {"required": "Choose the type of board"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Board.Kind.choices
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("size", field_width=4),
            Field("instrument_date"),
            Button("submit", "Save board"),
        )


class GovernorForm(ModelForm):
    term_start = _date("Term start date")
    term_end = _date("Term end date", required=False)

    class Meta:
        model = Governor
        fields = ["name", "category", "board_role", "term_start", "term_end", "user"]
        labels = {"name": "Full name", "board_role": "Role on the board", "user": "Their sign-in account (optional)"}
        widgets = {"category": forms.RadioSelect, "board_role": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the governor’s full name"},
            "category": {"required": "Choose the governor’s category"},
        }

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Governor.Category.choices
        self.fields["board_role"].choices = Governor.BoardRole.choices
        self.fields["board_role"].required = False
        self.fields["user"].queryset = accounts
        self.fields["user"].empty_label = "No account"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.radios("category", legend_size=Size.SMALL),
            Field.radios("board_role", legend_size=Size.SMALL),
            Field("term_start"),
            Field("term_end"),
            Field.select("user"),
            Button("submit", "Save governor"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "The term end date must be after the term start date")
        return cleaned


class ChecklistForm(Form):
    """One rating, comment and evidence upload per checklist item. Ratings are required only on submit."""

    def __init__(self, *args, rows, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.submitting = submitting
        self.fields["edit_version"] = EditVersionField()
        layout = [Field("edit_version")]
        for area, items, _review in rows:
            layout.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', area.title)))
            for item, response in items:
                rating, comment, evidence = (f"item_{item.pk}_{n}" for n in ("rating", "comment", "evidence"))
                self.fields[rating] = forms.ChoiceField(
                    label=item.text + ("" if item.required else " (optional)"),
                    choices=ChecklistResponse.Rating.choices,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=response.rating if response else None,
                )
                self.fields[comment] = forms.CharField(
                    label=f"Comment on {in_sentence(item.text)}",
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                    initial=response.comment if response else "",
                )
                self.fields[evidence] = forms.FileField(
                    label=f"Evidence for {in_sentence(item.text)} (optional)",
                    help_text=f"PDF, Word, spreadsheet, text or image, up to {EVIDENCE_MAX_BYTES // (1024 * 1024)}MB",
                    required=False,
                )
                layout.extend(
                    [
                        Field.radios(rating, legend_size=Size.SMALL, inline=True),
                        Field.textarea(comment, label_size=Size.SMALL),
                        Field(evidence),
                    ]
                )
        layout.append(HTML('<div class="govuk-button-group">'))
        layout.append(Button("save", "Save as draft", css_class="govuk-button--secondary"))
        layout.append(Button("submit", "Submit to the authority"))
        layout.append(HTML("</div>"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        for area, items, _review in self.rows:
            for item, _response in items:
                upload = cleaned.get(f"item_{item.pk}_evidence")
                if upload:
                    problem = evidence_problem(upload)
                    if problem:
                        self.add_error(f"item_{item.pk}_evidence", problem)
                if self.submitting and item.required and not cleaned.get(f"item_{item.pk}_rating"):
                    self.add_error(
                        f"item_{item.pk}_rating", f"Choose met, partly met or not met for “{item.text}” ({area.title})"
                    )
        return cleaned

    def answers(self):
        return {
            item.pk: (
                self.cleaned_data.get(f"item_{item.pk}_rating") or "",
                self.cleaned_data.get(f"item_{item.pk}_comment") or "",
            )
            for _area, items, _review in self.rows
            for item, _response in items
        }

    def files_by_item(self):
        return {
            item.pk: [self.cleaned_data[f"item_{item.pk}_evidence"]]
            for _area, items, _review in self.rows
            for item, _response in items
            if self.cleaned_data.get(f"item_{item.pk}_evidence")
        }


class InviteHelperForm(Form):
    helper_user = forms.ModelChoiceField(
        label="Governor to invite", queryset=None, error_messages={"required": "Choose a governor to invite"}
    )

    def __init__(self, *args, governors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper_user"].queryset = governors
        self.fields["helper_user"].empty_label = "Choose a governor"
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.select("helper_user"), Button("submit", "Invite to help"))


ACTION_ROWS = 5


class ReviewForm(Form):
    held_on = _date("Date of the conversation", required=False)
    outcome_summary = forms.CharField(label="Outcome summary", widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, rows, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        layout = [Field("held_on")]
        for area, _items, review in rows:
            name = f"area_{area.pk}"
            self.fields[name] = forms.CharField(
                label=f"The authority’s view: {area.title}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=review.authority_view if review else "",
            )
            layout.append(Field.textarea(name, label_size=Size.SMALL))
        action_fields = []
        for index in range(ACTION_ROWS):
            existing = actions[index] if index < len(actions) else None
            self.fields[f"action_{index}_description"] = forms.CharField(
                label=f"Action {index + 1}", required=False, initial=existing.description if existing else ""
            )
            self.fields[f"action_{index}_owner"] = forms.CharField(
                label=f"Owner of action {index + 1}", required=False, initial=existing.owner if existing else ""
            )
            self.fields[f"action_{index}_due"] = _date(f"Due date of action {index + 1}", required=False)
            if existing:
                self.fields[f"action_{index}_due"].initial = existing.due_on
            action_fields.append(
                Fieldset(
                    Field.text(f"action_{index}_description"),
                    Field.text(f"action_{index}_owner"),
                    Field(f"action_{index}_due"),
                    legend=f"Agreed action {index + 1}",
                    legend_size=Size.SMALL,
                )
            )
        layout.append(HTML('<h2 class="govuk-heading-m">Agreed actions</h2>'))
        layout.extend(action_fields)
        layout.append(Field.textarea("outcome_summary", label_size=Size.SMALL))
        layout.append(HTML('<div class="govuk-button-group">'))
        layout.append(Button("save", "Save the review", css_class="govuk-button--secondary"))
        layout.append(Button("agree", "Agree the record"))
        layout.append(HTML("</div>"))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        for index in range(ACTION_ROWS):
            parts = [cleaned.get(f"action_{index}_{n}") for n in ("description", "owner", "due")]
            if any(parts) and not all(parts):
                for name, value in zip(("description", "owner", "due"), parts, strict=True):
                    if not value:
                        self.add_error(
                            f"action_{index}_{name}",
                            f"Enter the {name} of action {index + 1}".replace("due of", "due date of"),
                        )
        return cleaned

    def area_views(self):
        return {area.pk: self.cleaned_data.get(f"area_{area.pk}") or "" for area, _i, _r in self.rows}

    def actions(self):
        rows = []
        for index in range(ACTION_ROWS):
            parts = [self.cleaned_data.get(f"action_{index}_{n}") for n in ("description", "owner", "due")]
            if all(parts):
                rows.append(tuple(parts))
        return rows


class EscalationStepForm(Form):
    step = forms.ChoiceField(
        label="Step taken", widget=forms.RadioSelect, error_messages={"required": "Choose the step taken"}
    )
    taken_on = _date("Date of the step")
    who = forms.CharField(
        label="Who was involved", max_length=300, error_messages={"required": "Enter who was involved"}
    )
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter a summary"}
    )
    letter = forms.FileField(label="Letter (PDF, optional)", required=False)
    letter_to_school = forms.BooleanField(
        label="The letter is addressed to the school (the headteacher can read it)", required=False
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            (step.code, step.label) for step in ladder.ladder_for(school) if step.code not in ladder.SPECIAL_STEPS
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("step", legend_size=Size.SMALL),
            Field("taken_on"),
            Field.text("who"),
            Field.textarea("summary"),
            Field("letter"),
            Field.checkbox("letter_to_school"),
            Button("submit", "Record the step"),
        )

    def clean_letter(self):
        letter = self.cleaned_data.get("letter")
        problem = letter_problem(letter) if letter else None
        if problem:
            raise forms.ValidationError(problem)
        return letter


class WarningNoticeForm(Form):
    GROUNDS = [
        ("low_standards", "Unacceptably low standards of performance"),
        ("management_breakdown", "Serious breakdown in management or governance"),
        ("safety_threatened", "The safety of pupils or staff is threatened"),
    ]
    grounds = forms.MultipleChoiceField(
        label="Grounds for the warning notice",
        choices=GROUNDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground for the warning notice"},
    )
    issued_on = _date("Date of issue")
    compliance_days = forms.IntegerField(
        label="Compliance period in days",
        min_value=1,
        initial=15,
        error_messages={"required": "Enter the compliance period in days", "invalid": "Enter a whole number of days"},
    )

    issued_by = forms.ChoiceField(label="Issued by", widget=forms.RadioSelect, required=False)

    def __init__(self, *args, school_ladder, **kwargs):
        super().__init__(*args, **kwargs)
        # Who issues a warning notice follows from the school's ladder (governance.ladder): the one choice.
        issuer = school_ladder.warning_notice_by
        self.fields["issued_by"].choices = [(issuer, WarningNotice.IssuedBy(issuer).label)] if issuer else []
        self.fields["issued_by"].initial = issuer
        if not issuer:
            del self.fields["issued_by"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *([Field.radios("issued_by", legend_size=Size.SMALL)] if issuer else []),
            Field.checkboxes("grounds", legend_size=Size.SMALL),
            Field("issued_on"),
            Field.text("compliance_days", field_width=4),
            Button("submit", "Record the warning notice"),
        )


class StatutoryPowerForm(Form):
    power = forms.ChoiceField(
        label="Power taken",
        choices=StatutoryPower.Power.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the power taken"},
    )
    started_on = _date("Date the power was taken")
    ended_on = _date("Date the power ended", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, school_ladder, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the powers the school's ladder allows (governance.ladder).
        self.fields["power"].choices = [
            (value, label) for value, label in StatutoryPower.Power.choices if value in school_ladder.powers
        ]
        self.no_powers = "" if school_ladder.powers else school_ladder.no_powers
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("power", legend_size=Size.SMALL),
            Field("started_on"),
            Field("ended_on"),
            Field.textarea("notes"),
            Button("submit", "Record the power"),
        )

    def clean(self):
        cleaned = super().clean()
        if self.no_powers:
            self.add_error(None, self.no_powers)
        return cleaned


class TrainingForm(Form):
    title = forms.CharField(label="Training", max_length=200, error_messages={"required": "Enter the training"})
    completed_on = _date("Date completed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("title"), Field("completed_on"), Button("submit", "Add training"))


class DeclarationForm(Form):
    declared_on = _date("Date of the declaration")
    interests = forms.CharField(
        label="Interests declared",
        help_text="Leave blank if the governor declared no interests",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("declared_on"), Field.textarea("interests"), Button("submit", "Add declaration")
        )


class WarningNoticeOutcomeForm(Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[c for c in WarningNotice.Outcome.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the warning notice"},
    )
    outcome_on = _date("Date of the outcome")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.SMALL), Field("outcome_on"), Button("submit", "Record the outcome")
        )
