from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from qa_portal.forms import Form, ModelForm
from qa_portal.uploads import CSV, upload_problem

from .imports.base import Columns, ImportFileError, decode, read_rows
from .imports.gias import COLUMNS as GIAS_COLUMNS
from .imports.gias import required_columns as gias_required_columns
from .imports.indicators import COLUMNS as INDICATOR_COLUMNS
from .imports.indicators import REQUIRED as INDICATOR_REQUIRED
from .imports.ofsted import check_header as ofsted_check_header
from .models import ImportUpload, School


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
            text, _encoding = decode(content)
        except ImportFileError as exc:
            self.add_error("file", exc.reason)
            return cleaned
        # The product's one upload checker: a web page, script or other markup saved as .csv is refused by content.
        problem = upload_problem(upload, allowed={CSV}, max_bytes=MAX_UPLOAD_BYTES)
        if problem:
            self.add_error("file", problem)
            return cleaned
        try:
            header, _rows = read_rows(text)
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
