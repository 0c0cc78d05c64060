from django import forms
from django.utils.html import escape

from qa_portal.concurrency import EditVersionField
from qa_portal.forms import Form, ModelForm
from qa_portal.govuk_forms.fields import DateInputField
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Fieldset, Layout, Size
from qa_portal.wording import in_sentence

from .engine import GRADE_WORDS, grade_label
from .letter_templates import template_problems
from .models import AreaJudgement, Band, Criterion, Entitlement, Framework, ReviewRequest
from .selectors import REVIEW_RESPONSE_DAYS_DEFAULT
from .visit_types import visit_type_choices

PROGRESS_CHOICES = [("yes", "Yes"), ("no", "No"), ("unknown", "Not yet known")]
GRADE_CHOICES = [(grade, grade_label(grade)) for grade in GRADE_WORDS]


def capacity_levels(framework):
    """The framework's capacity-to-improve levels, best first (empty: not judged)."""
    return [level.strip() for level in (framework.capacity_levels or "").split(",") if level.strip()]


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _date(label, *, required=True, message=None):
    field = DateInputField(label=label, required=required, require_all_fields=False)
    field.error_messages["required"] = message or f"Enter the {in_sentence(label)}"
    return field


class AssessmentForm(Form):
    """The QA lead's judgement and evidence per area, calls on judgement criteria, progress and notes."""

    sufficient_progress = forms.ChoiceField(
        label="Has the school made sufficient progress since its last classification?",
        choices=PROGRESS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the school has made sufficient progress"},
    )
    internal_notes = forms.CharField(
        label="Internal notes",
        help_text="Only officers of the authority see these; never the school.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        judgements = {j.area_id: j for j in assessment.area_judgements.all()}
        rows = list(assessment.criterion_judgements.all())
        concerns = {j.criterion_id: j.is_concern for j in rows}
        grades = {j.criterion_id: j.grade for j in rows}
        self.areas = list(assessment.framework.areas.all())
        criteria = list(assessment.framework.criteria.filter(kind=Criterion.Kind.JUDGEMENT))
        fieldsets = []
        for area in self.areas:
            current = judgements.get(area.pk)
            self.fields[f"area_{area.key}"] = forms.ChoiceField(
                label=f"Judgement: {area.label}",
                choices=[c for c in AreaJudgement.Judgement.choices if c[0]],
                widget=forms.RadioSelect,
                required=False,
                initial=current.judgement if current else "",
            )
            self.fields[f"evidence_{area.key}"] = forms.CharField(
                label=f"Evidence: {area.label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=current.evidence if current else "",
            )
            items = [
                Field.radios(f"area_{area.key}", legend_size=Size.SMALL, inline=True),
                Field.textarea(f"evidence_{area.key}", label_size=Size.SMALL),
            ]
            for criterion in criteria:
                if criterion.area_id != area.pk:
                    continue
                if criterion.graded:
                    # The rubric's grade, 1 Outstanding to 4 Inadequate: a grade at concern_grade or worse is a concern.
                    name = f"grade_{criterion.code}"
                    current_grade = grades.get(criterion.pk)
                    self.fields[name] = forms.TypedChoiceField(
                        label=f"Grade: {criterion.label}",
                        choices=GRADE_CHOICES,
                        coerce=int,
                        empty_value=None,
                        widget=forms.RadioSelect,
                        required=False,
                        initial=current_grade,
                        help_text=criterion.quote[:300] if criterion.quote else "",
                    )
                    items.append(Field.radios(name, legend_size=Size.SMALL, small=True))
                    continue
                name = f"criterion_{criterion.code}"
                self.fields[name] = forms.BooleanField(
                    label=f"Concern: {criterion.label}",
                    required=False,
                    initial=concerns.get(criterion.pk, False),
                    help_text=criterion.quote[:300] if criterion.quote else "",
                )
                items.append(Field.checkbox(name, small=True))
            fieldsets.append(Fieldset(*items, legend=area.label, legend_size=Size.MEDIUM))
        if assessment.sufficient_progress is None:
            self.fields["sufficient_progress"].initial = "unknown"
        else:
            self.fields["sufficient_progress"].initial = "yes" if assessment.sufficient_progress else "no"
        self.fields["internal_notes"].initial = assessment.internal_notes
        levels = capacity_levels(assessment.framework)
        capacity = []
        if levels:
            self.fields["capacity"] = forms.ChoiceField(
                label="Capacity to improve",
                choices=[(level, level.capitalize()) for level in levels],
                widget=forms.RadioSelect,
                required=False,
                initial=assessment.capacity,
                help_text="The framework judges a school's capacity to improve as well as the criteria it meets.",
            )
            capacity = [Field.radios("capacity", legend_size=Size.SMALL)]
        self.helper = _helper()
        self.helper.layout = Layout(
            *fieldsets,
            *capacity,
            Field.radios("sufficient_progress", legend_size=Size.SMALL, inline=True),
            Field.textarea("internal_notes"),
            Button("save", "Save and update the suggestion"),
        )

    def cleaned_values(self):
        data = self.cleaned_data
        progress = {"yes": True, "no": False}.get(data["sufficient_progress"])
        return {
            "area_judgements": {
                area.key: (data.get(f"area_{area.key}") or "", data.get(f"evidence_{area.key}") or "")
                for area in self.areas
            },
            "criterion_concerns": {
                name.removeprefix("criterion_"): bool(value)
                for name, value in data.items()
                if name.startswith("criterion_")
            },
            "criterion_grades": {
                name.removeprefix("grade_"): value for name, value in data.items() if name.startswith("grade_")
            },
            "sufficient_progress": progress,
            "internal_notes": data.get("internal_notes", ""),
            **({"capacity": data.get("capacity") or ""} if "capacity" in self.fields else {}),
        }


class ProposeForm(Form):
    band = forms.ModelChoiceField(
        queryset=Band.objects.none(),
        label="Band you propose",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the band you propose"},
    )
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why this band. If it differs from the suggestion, say why. The director sees this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the rationale for the band you propose"},
    )
    school_reason = forms.CharField(
        label="A reason for the school (optional)",
        help_text="Shown to the headteacher and chair with the band, after the evidence. The rationale is not.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_meeting_on = _date("Date of the review meeting", required=False)
    entry_condition_on = _date("Date the condition for entering the band was met", required=False)
    concerns = forms.CharField(
        label="Concerns to raise with the trust (academies)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    trust_conversation = forms.CharField(
        label="Conversation with the trust (academies)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        bands = assessment.framework.bands.order_by("severity")
        if not assessment.school.is_maintained:
            bands = bands.filter(maintained_only=False)
        self.fields["band"].queryset = bands
        self.fields["band"].label_from_instance = lambda band: band.label
        if assessment.suggested_band_id and not self.is_bound:
            self.fields["band"].initial = assessment.suggested_band_id
        framework = assessment.framework
        items = [
            Field.radios("band", legend_size=Size.MEDIUM),
            Field.textarea("rationale"),
            Field.textarea("school_reason"),
        ]
        if framework.review_meeting_min_severity:
            self.fields[
                "review_meeting_on"
            ].help_text = "This framework changes the higher bands only after a review meeting, except on first entry."
            items.append(Field("review_meeting_on"))
        else:
            del self.fields["review_meeting_on"]
        conditions = [b for b in bands if b.entry_requires]
        if conditions:
            # Escaped here: the form library prints help text as it is, and the framework's text is data.
            self.fields["entry_condition_on"].help_text = escape(
                " ".join(f"Before a school enters {b.label}: {b.entry_requires}." for b in conditions)
            )
            items.append(Field("entry_condition_on"))
        else:
            del self.fields["entry_condition_on"]
        if not assessment.school.is_maintained:
            items += [Field.textarea("concerns"), Field.textarea("trust_conversation")]
        else:
            del self.fields["concerns"]
            del self.fields["trust_conversation"]
        self.helper = _helper()
        self.helper.layout = Layout(*items, Button("propose", "Send to the director"))


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("confirm", "Confirm the proposed band"), ("return", "Return it to the QA lead with a comment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to confirm or return the proposal"},
    )
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Needed to return it"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("comment"),
            Button("decide", "Record decision"),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Enter a comment saying why you are returning the proposal")
        return data


class DiscussionForm(Form):
    discussed_on = _date("Date discussed with the headteacher")
    note = forms.CharField(label="What was said", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Field("discussed_on"), Field.textarea("note"), Button("discussed", "Record discussion")
        )


class RequestDiscussionForm(Form):
    message = forms.CharField(
        label="What would you like to discuss?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you would like to discuss"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(Field.textarea("message"), Button("send", "Ask for a discussion"))


class CloseDiscussionForm(Form):
    outcome = forms.CharField(
        label="What was agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was agreed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(Field.textarea("outcome"), Button("close", "Close the discussion request"))


class RequestReviewForm(Form):
    reason = forms.CharField(
        label="Why are you asking for a review?",
        help_text="Say what you think the classification does not take into account, with any evidence.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter why you are asking for a review"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(Field.textarea("reason"), Button("send", "Ask for a review"))


class ReviewDecisionForm(Form):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=ReviewRequest.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the band is kept or is to change"},
    )
    outcome_text = forms.CharField(
        label="Your reasons",
        help_text="The headteacher and the QA lead are sent them.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("outcome_text"),
            Button("decide", "Record the decision"),
        )


class FrameworkSettingsForm(ModelForm):
    edit_version = EditVersionField()  # the draft's version the form was opened at

    class Meta:
        model = Framework
        fields = [
            "name",
            "agenda_days_before",
            "papers_days_before",
            "minutes_days_after",
            "minutes_working_days",
            "annual_governance_conversation",
            "review_meeting_min_severity",
            "annual_letter_month",
            "review_request_days",
            "review_response_days",
        ]
        labels = {
            "name": "Name",
            "agenda_days_before": "Agenda circulated (days before the meeting)",
            "papers_days_before": "Papers due (days before the meeting)",
            "minutes_days_after": "Minutes distributed within (days after the meeting)",
            "minutes_working_days": "Count the minutes deadline in working days",
            "annual_governance_conversation": "Hold an annual conversation with each maintained governing board",
            "review_meeting_min_severity": "Review meeting needed for moves into or out of bands of this severity",
            "annual_letter_month": "Month of the annual letter to every school (1 to 12)",
            "review_request_days": "A school may ask for a review within (days after its letter)",
            "review_response_days": "A review is decided within (days)",
        }
        help_texts = {
            "review_request_days": "Leave blank: a school may ask at any time",
            "review_response_days": f"Leave blank: {REVIEW_RESPONSE_DAYS_DEFAULT} days",
        }
        error_messages = {
            "name": {"required": "Enter a name"},
            "agenda_days_before": {"invalid": "Enter a whole number of days"},
            "papers_days_before": {"invalid": "Enter a whole number of days"},
            "minutes_days_after": {"invalid": "Enter a whole number of days"},
            "review_meeting_min_severity": {"invalid": "Enter a whole number"},
            "annual_letter_month": {"invalid": "Enter a month number from 1 to 12"},
            "review_request_days": {"invalid": "Enter a whole number of days"},
            "review_response_days": {"invalid": "Enter a whole number of days"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Field("edit_version"),
            Field.text("name"),
            Field.text("agenda_days_before", field_width=4),
            Field.text("papers_days_before", field_width=4),
            Field.text("minutes_days_after", field_width=4),
            Field.checkbox("minutes_working_days"),
            Field.checkbox("annual_governance_conversation"),
            Field.text("review_meeting_min_severity", field_width=4),
            Field.text("annual_letter_month", field_width=4),
            Field.text("review_request_days", field_width=4),
            Field.text("review_response_days", field_width=4),
            Button("save", "Save settings"),
        )

    def clean(self):
        data = super().clean()
        agenda, papers = data.get("agenda_days_before"), data.get("papers_days_before")
        if agenda is not None and papers is not None and papers > agenda:
            self.add_error("papers_days_before", "Papers cannot be due before the agenda is circulated")
        month = data.get("annual_letter_month")
        if month is not None and not 1 <= month <= 12:
            self.add_error("annual_letter_month", "Enter a month number from 1 to 12")
        for name in ("review_request_days", "review_response_days"):
            if data.get(name) == 0:
                self.add_error(name, "Enter a number of days of 1 or more, or leave it blank")
        return data


class BandForm(ModelForm):
    edit_version = EditVersionField()  # the draft's version the form was opened at

    class Meta:
        model = Band
        fields = ["label", "colour", "severity", "definition", "support_offer"]
        labels = {"support_offer": "Support and challenge offered"}
        error_messages = {
            "label": {"required": "Enter the band's name"},
            "severity": {"required": "Enter the severity", "invalid": "Enter a whole number"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour"].help_text = "GOV.UK tag colour: green, yellow, orange, red, purple, blue, grey, turquoise"
        self.fields["severity"].help_text = "Higher means more support and challenge. No two bands may share one."
        self.helper = _helper()
        self.helper.layout = Layout(
            Field("edit_version"),
            Field.text("label"),
            Field.text("colour", field_width=10),
            Field.text("severity", field_width=4),
            Field.textarea("definition"),
            Field.textarea("support_offer"),
            Button("save", "Save band"),
        )

    def clean_severity(self):
        severity = self.cleaned_data["severity"]
        clash = Band.objects.filter(framework_id=self.instance.framework_id, severity=severity).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            self.add_error("severity", f"{clash.first().label} already has severity {severity}; choose another")
        return severity

    def clean_colour(self):
        colour = self.cleaned_data["colour"].strip()
        allowed = {"", "green", "yellow", "orange", "red", "purple", "blue", "grey", "turquoise", "pink", "light-blue"}
        if colour not in allowed:
            raise forms.ValidationError("Enter a GOV.UK tag colour, for example green or red")
        return colour


class EntitlementForm(ModelForm):
    edit_version = EditVersionField()  # the draft's version the form was opened at
    # Chosen from the catalogue of visit types, never typed: a mistyped code would plan visits of a made-up type.
    visit_type = forms.ChoiceField(
        label="Visit type",
        error_messages={
            "required": "Choose a visit type from the list",
            "invalid_choice": "Choose a visit type from the list",
        },
    )

    class Meta:
        model = Entitlement
        fields = ["visit_type", "count", "per", "is_minimum", "term", "written_reports", "description"]
        labels = {
            "is_minimum": "This is a minimum ('at least')",
            "term": "Term (for a yearly visit the policy ties to one term)",
        }
        error_messages = {
            "count": {"required": "Enter the number of visits", "invalid": "Enter a whole number"},
            "per": {"required": "Choose how often"},
            "written_reports": {"invalid": "Enter a whole number"},
        }
        widgets = {"per": forms.RadioSelect}

    def __init__(self, *args, submit_label="Save entitlement", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["per"].choices = Entitlement.Per.choices
        choices = visit_type_choices()
        self.fields["visit_type"].choices = [("", "Choose a visit type"), *choices]
        if self.instance.visit_type not in {code for code, _name in choices}:
            self.initial["visit_type"] = ""  # a code the catalogue lacks is chosen again, not kept
        self.helper = _helper()
        self.helper.layout = Layout(
            Field("edit_version"),
            Field.select("visit_type"),
            Field.text("count", field_width=4),
            Field.radios("per", legend_size=Size.SMALL, inline=True),
            Field.checkbox("is_minimum"),
            Field.select("term"),
            Field.text("written_reports", field_width=4),
            Field.textarea("description"),
            Button("save", submit_label),
        )

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count is None or count < 1:
            raise forms.ValidationError("Enter a number of visits of 1 or more")
        return count


class StandingAgendaItemForm(Form):
    """A standing item of meeting agendas: its words, and the meetings it is on (every one, or one visit type's)."""

    edit_version = EditVersionField()  # the draft's version the form was opened at

    title = forms.CharField(
        label="Agenda item",
        max_length=300,
        error_messages={
            "required": "Enter the agenda item",
            "max_length": "Enter the agenda item in 300 characters or fewer",
        },
    )
    visit_type = forms.ChoiceField(
        label="On the agenda of",
        required=False,
        error_messages={"invalid_choice": "Choose a visit type from the list, or every meeting"},
    )

    def __init__(self, *args, submit_label="Save agenda item", **kwargs):
        super().__init__(*args, **kwargs)
        choices = visit_type_choices()
        self.fields["visit_type"].choices = [("", "Every meeting"), *choices]
        if self.initial.get("visit_type") not in {"", None, *(code for code, _name in choices)}:
            self.initial["visit_type"] = ""
        self.helper = _helper()
        self.helper.layout = Layout(
            Field("edit_version"),
            Field.text("title"),
            Field.select("visit_type"),
            Button("save", submit_label),
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Enter the agenda item")
        return title


class CriterionThresholdForm(Form):
    edit_version = EditVersionField()  # the draft's version the form was opened at
    threshold = forms.DecimalField(
        label="Threshold",
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the threshold",
            "invalid": "Enter the threshold as a number, like 10 or 2.5",
            "max_decimal_places": "Enter the threshold with no more than 2 decimal places",
        },
    )

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        if criterion.basis == Criterion.Basis.NATIONAL:
            self.fields[
                "threshold"
            ].help_text = "Added to the national value: 0 means the national value itself, -5 means 5 below it."
        self.helper = _helper()
        self.helper.layout = Layout(
            Field("edit_version"), Field.text("threshold", field_width=5), Button("save", "Save threshold")
        )


class FrameworkPublishForm(Form):
    effective_from = _date("Date the version comes into force")

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].help_text = (
            f"Today or a later day in {framework.academic_year_label}, for example 4 1 2027. Plans change for the "
            "visits after that day; a later day is brought into force by the daily job on that morning."
        )
        self.helper = _helper()
        self.helper.layout = Layout(Field("effective_from"), Button("check", "Show what changes"))


class LetterTemplateForm(Form):
    """The wording of one kind of letter: its subject and body, with placeholders (classification.letter_templates)."""

    subject = forms.CharField(
        label="Subject",
        max_length=200,
        help_text="The email’s subject and the letter’s heading, on one line",
        error_messages={"required": "Enter the subject", "max_length": "The subject must be 200 characters or fewer"},
    )
    body = forms.CharField(
        label="What the letter says",
        widget=forms.Textarea,
        help_text="Leave a blank line between paragraphs. The reasons, the support and challenge, what the school "
        "does and how to ask for a review follow it in every letter.",
        error_messages={"required": "Enter the letter’s text"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Field.text("subject"),
            Field.textarea("body", rows=14),
        )

    def _checked(self, name):
        text = self.cleaned_data.get(name, "")
        problems = template_problems(text)
        if problems:
            raise forms.ValidationError(problems)
        return text

    def clean_subject(self):
        return " ".join(self._checked("subject").split())

    def clean_body(self):
        return self._checked("body").strip()
