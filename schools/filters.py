"""The register's filters, for the schools of the authority the page is about. Apps above schools add their own
through `schools.register` (e.g. classification's band); every form field is rendered by
schools/includes/register_filters.html, so a new filter needs no template change. Queryset-backed choices are
resolved once per request (a fixed number of queries).
"""

import django_filters
from django import forms
from django.db.models import Q

from qa_portal.forms import Form
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.wording import in_sentence

from . import register
from .display import OUTCOME_CHOICES
from .models import OfstedInspection, School
from .selectors import qa_leads_of_schools, trusts_of_schools, with_lowest_report_card_grade

F = OfstedInspection.Framework
CoC = OfstedInspection.CategoryOfConcern
RC = OfstedInspection.ReportCardGrade

SORT_FIELDS = (
    ("name", "name"),
    ("urn", "urn"),
    ("phase", "phase"),
    ("establishment_type", "type"),
    ("status", "status"),
    ("latest_ofsted_overall", "ofsted"),
    ("trust_name", "trust"),
    ("qa_lead__last_name", "qa_lead"),
)


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or URN", method="filter_name_or_urn")
    phase = django_filters.ChoiceFilter(label="Phase", choices=School.Phase.choices, empty_label="Any")
    type_group = django_filters.ChoiceFilter(label="Type group", choices=School.TypeGroup.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(label="Status", choices=School.Status.choices, empty_label="Any")
    qa_lead = django_filters.ModelChoiceFilter(label="QA lead", queryset=None, empty_label="Any")
    ofsted = django_filters.ChoiceFilter(
        label="Latest Ofsted outcome", choices=OUTCOME_CHOICES, empty_label="Any", method="filter_ofsted"
    )
    trust = django_filters.ChoiceFilter(label="Trust", choices=(), empty_label="Any", field_name="trust_name")
    sort = django_filters.OrderingFilter(fields=SORT_FIELDS, label="Sort by")

    class Meta:
        model = School
        fields = []
        form = Form

    def __init__(self, data=None, *args, authority, schools, **kwargs):
        """`schools`: the rows the person may see in `authority` (the filter's queryset, before filtering)."""
        super().__init__(data, *args, queryset=schools, **kwargs)
        self.filters["qa_lead"].queryset = qa_leads_of_schools(schools)
        self.filters["trust"].extra["choices"] = [(name, name) for name in trusts_of_schools(schools)]
        sort = self.filters.pop("sort")
        for column in register.columns():
            if column.filter_choices is not None:
                self.filters[column.key] = django_filters.ChoiceFilter(
                    label=column.filter_label or column.heading,
                    choices=column.filter_choices(authority),
                    empty_label="Any",
                    method=self._registered_filter(column),
                )
                self.filters[column.key].parent = self
                self.filters[column.key].model = School
        self.filters["sort"] = sort  # sorting stays last in the form

    def rows(self):
        """The filtered schools, in the order chosen (by name unless the person sorts them)."""
        rows = self.qs  # validates the form
        if self.is_bound and self.form.cleaned_data.get("sort"):
            return rows
        return rows.order_by("name", "urn")

    @staticmethod
    def _registered_filter(column):
        def apply(queryset, name, value):
            return column.filter_rows(queryset, value) if value else queryset

        return apply

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_govuk", False):
            for name, field in form.fields.items():
                widget = field.widget
                if isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "govuk-select")
                else:
                    widget.attrs.setdefault("class", "govuk-input")
                field.error_messages["invalid_choice"] = f"Choose a {in_sentence(field.label)} from the list"
                if name == "q":
                    widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
            form.helper = FormHelper()
            form.helper.form_tag = False
            form._govuk = True
        return form

    def filter_name_or_urn(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value) | Q(laestab=value)
        if value.isdigit():
            condition |= Q(urn=int(value))
        return queryset.filter(condition)

    def filter_ofsted(self, queryset, name, value):
        """By the latest graded or report-card inspection (register_queryset's annotations)."""
        if value in (RC.NEEDS_ATTENTION, RC.URGENT_IMPROVEMENT):  # the report card's lowest grade
            return with_lowest_report_card_grade(queryset).filter(latest_ofsted_lowest=value)
        graded = Q(latest_ofsted_framework=F.GRADED)
        in_category = Q(latest_ofsted_category__in=[CoC.SPECIAL_MEASURES, CoC.SERIOUS_WEAKNESSES])
        conditions = {
            "outstanding": graded & Q(latest_ofsted_overall=1),
            "good": graded & Q(latest_ofsted_overall=2),
            "requires_improvement": graded & Q(latest_ofsted_overall=3),
            # Graded Inadequate, or a category of concern (which, since September 2024, has no overall grade).
            "inadequate": (graded & Q(latest_ofsted_overall=4)) | in_category,
            "special_measures": Q(latest_ofsted_category=CoC.SPECIAL_MEASURES),
            "serious_weaknesses": Q(latest_ofsted_category=CoC.SERIOUS_WEAKNESSES),
            "report_card": Q(latest_ofsted_framework=F.REPORT_CARD),
            "not_inspected": Q(latest_ofsted_framework__isnull=True),
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset
