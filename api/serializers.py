"""What the API says about each thing: the fields its pages show the school and the authority, never an internal
one (no rationale, decision comment or internal comment; no draft)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from classification.models import Band, Classification
from governance.models import AgreedAction, Board, Conversation, Governor
from schools.models import School
from visits.models import NoteSection, Visit, VisitNote


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class SchoolRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["urn", "name"]


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = [
            "urn",
            "laestab",
            "name",
            "status",
            "phase",
            "type_group",
            "open_date",
            "close_date",
            "trust_name",
            "number_on_roll",
            "statutory_low_age",
            "statutory_high_age",
            "head_name",
            "street",
            "locality",
            "town",
            "postcode",
        ]


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Band
        fields = ["code", "label", "colour", "severity"]


class ClassificationSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()
    band = BandSerializer()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="The reasons the school is told")
    is_current = serializers.BooleanField(help_text="The school's latest published classification")

    class Meta:
        model = Classification
        fields = ["id", "school", "band", "reasons", "band_since", "published_at", "is_current"]


class VisitTypeField(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    is_meeting = serializers.BooleanField()


class VisitSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()
    visit_type = VisitTypeField()
    minutes_sent_on = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "school",
            "visit_type",
            "academic_year",
            "term",
            "planned_date",
            "start_time",
            "duration_minutes",
            "venue",
            "status",
            "agenda_due",
            "papers_due",
            "papers_received_on",
            "minutes_due",
            "minutes_sent_on",
        ]

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_minutes_sent_on(self, visit):
        """The day the note reached the school, when it has (never a draft's)."""
        note = getattr(visit, "note", None)
        if note is None or note.sent_at is None:
            return None
        return timezone.localtime(note.sent_at).date()


class NoteSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoteSection
        fields = ["title", "evaluation", "evidence"]


class NoteVisitSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()
    visit_type = VisitTypeField()

    class Meta:
        model = Visit
        fields = ["id", "school", "visit_type", "planned_date"]


class NoteSerializer(serializers.ModelSerializer):
    visit = NoteVisitSerializer()
    sections = NoteSectionSerializer(many=True)
    attendees = serializers.ListField(child=serializers.CharField(), source="attendee_list")

    class Meta:
        model = VisitNote
        fields = ["id", "visit", "aspect", "going_well", "next_steps", "attendees", "sections", "published_at"]


class GovernorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Governor
        fields = ["name", "category", "board_role", "term_start", "term_end"]


class BoardSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()
    governors = GovernorSerializer(many=True)
    vacancies = serializers.SerializerMethodField()

    class Meta:
        model = Board
        fields = ["school", "kind", "size", "instrument_date", "vacancies", "governors"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "places": {"type": "integer"},
                "filled": {"type": "integer"},
                "vacancies": {"type": "integer"},
                "percent": {"type": "string", "description": "Vacancies as a percentage of places, e.g. 12.5"},
            },
            "required": ["places", "filled", "vacancies", "percent"],
        }
    )
    def get_vacancies(self, board):
        places, filled, vacancies, percent = board.vacancies_on(self.context["today"])
        return {"places": places, "filled": filled, "vacancies": vacancies, "percent": str(percent)}


class ChecklistRowSerializer(serializers.Serializer):
    area = serializers.CharField()
    item = serializers.CharField()
    rating = serializers.CharField(help_text="Blank when not rated")
    comment = serializers.CharField()


class AreaViewSerializer(serializers.Serializer):
    area = serializers.CharField()
    authority_view = serializers.CharField()


class AgreedActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreedAction
        fields = ["description", "owner", "due_on"]


class ConversationSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()
    checklist = serializers.SerializerMethodField()
    authority_views = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    outcome_summary = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = [
            "id",
            "school",
            "academic_year",
            "status",
            "due_by",
            "submitted_at",
            "held_on",
            "agreed_at",
            "checklist",
            "authority_views",
            "outcome_summary",
            "actions",
        ]

    def _agreed(self, conversation):
        return conversation.status == Conversation.Status.AGREED

    @extend_schema_field(ChecklistRowSerializer(many=True))
    def get_checklist(self, conversation):
        responses = sorted(
            conversation.responses.all(), key=lambda r: (r.item.area.order, r.item.area_id, r.item.order, r.item_id)
        )
        return [
            {"area": r.item.area.title, "item": r.item.text, "rating": r.rating, "comment": r.comment}
            for r in responses
        ]

    @extend_schema_field(AreaViewSerializer(many=True))
    def get_authority_views(self, conversation):
        """The authority's view of each area: part of the agreed record, not before."""
        if not self._agreed(conversation):
            return []
        reviews = sorted(conversation.area_reviews.all(), key=lambda r: (r.area.order, r.area_id))
        return [{"area": r.area.title, "authority_view": r.authority_view} for r in reviews]

    @extend_schema_field(AgreedActionSerializer(many=True))
    def get_actions(self, conversation):
        return AgreedActionSerializer(conversation.actions.all(), many=True).data if self._agreed(conversation) else []

    @extend_schema_field(OpenApiTypes.STR)
    def get_outcome_summary(self, conversation):
        return conversation.outcome_summary if self._agreed(conversation) else ""


class DashboardTableRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    caption = serializers.CharField()


CELL = {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}], "nullable": True}


class DashboardTableSerializer(serializers.Serializer):
    slug = serializers.CharField()
    caption = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "array", "items": CELL}})
    def get_rows(self, table):
        return [[cell_value(value) for value in row] for row in table.rows]


def cell_value(value):
    """A table's cell as JSON: numbers and booleans as they are, everything else as the text its CSV shows."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


class DashboardFilterSerializer(serializers.Serializer):
    """The dashboard's filters, as on its page."""

    phase = serializers.ChoiceField(choices=School.Phase.choices, required=False)
    type_group = serializers.ChoiceField(choices=School.TypeGroup.choices, required=False)
    moved_from = serializers.DateField(required=False, help_text="Band movements from this day")
    moved_to = serializers.DateField(required=False, help_text="Band movements to this day")

    def validate_moved_from(self, value):
        return _year_checked(value)

    def validate_moved_to(self, value):
        return _year_checked(value)

    def validate(self, attrs):
        start, end = attrs.get("moved_from"), attrs.get("moved_to")
        if start and end and start > end:
            raise serializers.ValidationError({"moved_to": ["The ‘to’ date must be the same as or after the ‘from’"]})
        return attrs


def _year_checked(value):
    if value is not None and not 2000 <= value.year <= 2099:
        raise serializers.ValidationError("Give a date in the years 2000 to 2099")
    return value


class RegionalBandSerializer(serializers.Serializer):
    label = serializers.CharField()
    schools = serializers.IntegerField()


class RegionalAuthoritySerializer(serializers.Serializer):
    """One authority of the regional overview, as its row on the page shows it."""

    name = serializers.CharField(source="authority.name")
    code = serializers.CharField(source="authority.code")
    kind = serializers.CharField(source="authority.kind")
    open_schools = serializers.IntegerField(source="summary.schools")
    bands = RegionalBandSerializer(
        source="summary.bands", many=True, help_text="Schools per band now, most support last"
    )
    not_classified = serializers.IntegerField(source="summary.not_classified")
    changed_band = serializers.IntegerField(
        source="summary.changed_band", help_text="Schools whose band differs from a year ago (first bands included)"
    )
    more_support = serializers.IntegerField(source="summary.more_support")
    less_support = serializers.IntegerField(source="summary.less_support")
    causing_concern = serializers.IntegerField(source="summary.causing_concern")
    visits_due = serializers.IntegerField(source="summary.visits_due", help_text="Due by today this academic year")
    visits_held = serializers.IntegerField(source="summary.visits_held")
    compliance = serializers.IntegerField(
        source="summary.compliance", allow_null=True, help_text="Held against due, in per cent (null: none due yet)"
    )
