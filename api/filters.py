"""The API's filters (django-filter): each narrows a list the person may already see."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from classification.models import Classification
from schools.models import School
from visits.models import Visit


class TextWithoutNulField(forms.CharField):
    """Text as given, less any NUL character (which no name or URN holds, and which the database cannot take)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"})
class SearchFilter(django_filters.CharFilter):
    field_class = TextWithoutNulField

    def __init__(self, **kwargs):
        super().__init__(method="filter_search", max_length=200, label="Name or URN", **kwargs)


class SchoolFilter(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(choices=School.Phase.choices)
    type_group = django_filters.ChoiceFilter(choices=School.TypeGroup.choices)
    status = django_filters.ChoiceFilter(choices=School.Status.choices)
    search = SearchFilter()

    class Meta:
        model = School
        fields = ["phase", "type_group", "status", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        condition = Q(name__icontains=value)
        if value.isdigit() and len(value) <= 9:
            condition |= Q(urn=int(value))
        return queryset.filter(condition)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 999999999})
class UrnFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, field_name="school__urn", **kwargs):
        super().__init__(field_name=field_name, label="The school's URN", min_value=1, max_value=999999999, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 2000, "maximum": 2100})
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        super().__init__(
            field_name="academic_year", label="Start year: 2026 means 2026/27", min_value=2000, max_value=2100, **kwargs
        )


class SchoolUrnFilterMixin(django_filters.FilterSet):
    school = UrnFilter()


class ClassificationFilter(SchoolUrnFilterMixin):
    current = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_current",
        label="true: only each school's current classification; false: only past ones",
    )

    class Meta:
        model = Classification
        fields = ["school", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(is_current=value == "true")


class VisitFilter(SchoolUrnFilterMixin):
    academic_year = YearFilter()
    status = django_filters.ChoiceFilter(choices=Visit.Status.choices)

    class Meta:
        model = Visit
        fields = ["school", "academic_year", "status"]


class NoteFilter(django_filters.FilterSet):
    school = UrnFilter(field_name="visit__school__urn")


class ConversationFilter(SchoolUrnFilterMixin):
    academic_year = YearFilter()


class BoardFilter(SchoolUrnFilterMixin):
    pass
