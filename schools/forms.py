from django import forms

from qa_portal.forms import Form, ModelForm
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Layout
from qa_portal.uploads import CSV, upload_problem

from .imports.base import Columns, CsvText, ImportFileError, read_rows
from .imports.gias import COLUMNS as GIAS_COLUMNS
from .imports.gias import required_columns as gias_required_columns
from .imports.indicators import COLUMNS as INDICATOR_COLUMNS
from .imports.indicators import REQUIRED as INDICATOR_REQUIRED
from .imports.ofsted import check_header as ofsted_check_header
from .models import Authority, ImportUpload, School
from .services import BRAND_FIELDS, LOGO_MAX_BYTES, LOGO_TYPES


class SchoolContactsForm(ModelForm):
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


MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # the national GIAS file is about 60 MB


class ImportUploadForm(Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds"},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="A CSV file up to 100 MB, in UTF-8 or Windows-1252 (as GIAS and Ofsted publish it)",
        error_messages={
            "required": "Choose a CSV file to upload",
            "empty": "The selected file is empty",
            "invalid": "Choose a CSV file to upload",
        },
    )
    dry_run = forms.BooleanField(label="Check the file only, without saving anything", required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.fields["kind"].choices = ImportUpload.Kind.choices
        self.content = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("kind", legend_size="m"),
            Field("file"),
            Field.checkboxes("dry_run"),
            Button("submit", "Upload and start the import"),
        )

    def clean(self):
        """Refuse what cannot be a usable CSV before anything is queued: type, size, encoding, headings."""
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if not upload:
            return cleaned
        if not upload.name.lower().endswith((".csv", ".txt")):
            self.add_error("file", "The selected file must be a CSV")
            return cleaned
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", "The selected file must be smaller than 100 MB")
            return cleaned
        content = upload.read()
        if content[:4] == b"PK\x03\x04" or b"\x00" in content[:65536]:
            self.add_error("file", "The selected file must be a CSV: save the spreadsheet as CSV and upload that")
            return cleaned
        wanted = {
            # A local authority's rows are chosen by LA (code), a trust's by Trusts (code): both must be there.
            ImportUpload.Kind.GIAS: (GIAS_COLUMNS, gias_required_columns(self.authority.kind)),
            ImportUpload.Kind.INDICATORS: (INDICATOR_COLUMNS, INDICATOR_REQUIRED),
        }.get(kind)
        try:
            csv_text = CsvText(content)  # the encoding checked in chunks: the text is never whole in memory
        except ImportFileError as exc:
            self.add_error("file", exc.reason)
            return cleaned
        # The product's one upload checker: a web page, script or other markup saved as .csv is refused by content.
        problem = upload_problem(upload, allowed={CSV}, max_bytes=MAX_UPLOAD_BYTES)
        if problem:
            self.add_error("file", problem)
            return cleaned
        try:
            with csv_text:
                header, _rows = read_rows(csv_text.text)
            if wanted:
                Columns(header, wanted[0], required=wanted[1])
            if kind == ImportUpload.Kind.OFSTED:
                ofsted_check_header(header)
        except ImportFileError as exc:
            self.add_error("file", exc.reason)
            return cleaned
        self.content = content
        return cleaned


class QaLeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class QaLeadForm(Form):
    """One school's QA lead (the school page's "Assign a QA lead")."""

    qa_lead = QaLeadChoiceField(
        label="QA lead",
        queryset=None,
        empty_label="Choose a QA lead",
        error_messages={"required": "Choose a QA lead", "invalid_choice": "Choose a QA lead from the list"},
    )
    button = "Assign QA lead"

    def __init__(self, *args, qa_leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qa_lead"].queryset = qa_leads
        self.fields["qa_lead"].widget.attrs["class"] = "govuk-select"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("qa_lead"), Button("submit", self.button))


class BulkQaLeadForm(QaLeadForm):
    """The register's "Assign QA lead": the schools ticked in the table (rendered there, one checkbox per row) and
    the QA lead to give them."""

    schools = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one school",
            "invalid_choice": "Choose schools from the register",
            "invalid_pk_value": "Choose schools from the register",
        },
    )

    def __init__(self, *args, schools, **kwargs):
        # The register's filters have a "QA lead" too (id_qa_lead): this form's ids are its own.
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools
        self.fields["qa_lead"].label = "QA lead for the schools you selected"
        self.order_fields(["schools", "qa_lead"])


class AuthorityBrandForm(ModelForm):
    """The authority's brand page: the colour, the letterhead's address and contacts, who signs its letters, the
    footer and marking of its documents, and its logo (a new one, or none)."""

    logo = forms.FileField(
        label="Upload a new logo",
        required=False,
        help_text="A PNG or JPEG image up to 1 MB. It is shown in the header of every page and on the letterhead.",
        error_messages={"invalid": "Choose a PNG or JPEG image to upload", "empty": "The selected file is empty"},
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)

    class Meta:
        model = Authority
        fields = list(BRAND_FIELDS)
        labels = {
            "brand_colour": "Brand colour",
            "address": "Postal address",
            "contact_email": "Contact email address",
            "contact_phone": "Contact telephone number",
            "signatory_name": "Who signs letters",
            "signatory_title": "Their job title",
            "letter_footer": "Letter footer",
            "protective_marking": "Protective marking",
        }
        help_texts = {
            "brand_colour": "A hex code, like #1d70b8. White text on it must have a contrast of at least 4.5:1.",
            "address": "As it is printed on letters, one line per line",
            "signatory_name": "Their name under “Yours sincerely”. If you leave it empty, letters are signed with "
            "the authority’s name.",
            "letter_footer": "Printed at the foot of every page of a letter",
            "protective_marking": "Printed at the top and foot of every page of the authority’s documents",
        }
        error_messages = {
            "brand_colour": {"required": "Enter the brand colour as a hex code, like #1d70b8"},
            "contact_email": {"invalid": "Enter an email address in the correct format, like qa@council.gov.uk"},
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, has_logo=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protective_marking"].widget = forms.RadioSelect(choices=Authority.Marking.choices)
        if not has_logo:
            del self.fields["remove_logo"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        fields = [
            Field.text("brand_colour", field_width=10),
            Field.textarea("address", rows=5),
            Field.text("contact_email"),
            Field.text("contact_phone", field_width=20),
            Field.text("signatory_name"),
            Field.text("signatory_title"),
            Field.text("letter_footer"),
            Field.radios("protective_marking", legend_size="s"),
            Field("logo"),
        ]
        if has_logo:
            fields.append(Field.checkbox("remove_logo"))
        self.helper.layout = Layout(*fields, Button("submit", "Save brand"))

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            problem = upload_problem(upload, allowed=LOGO_TYPES, max_bytes=LOGO_MAX_BYTES)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            self.add_error("remove_logo", "Either upload a new logo or remove the logo, not both")
        return cleaned


class AuthoritySignInForm(Form):
    """Whether the authority's people may sign in with a password, or only through single sign-on."""

    password_sign_in = forms.TypedChoiceField(
        label="Can people sign in with a password?",
        choices=[
            ("yes", "Yes, with a password or single sign-on"),
            ("no", "No, with single sign-on only"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether people can sign in with a password"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("password_sign_in", legend_size="m"), Button("submit", "Save"))
