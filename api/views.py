"""The API's resources: read-only, each starting from the selectors the pages use (api.selectors), so the same
scope applies: out of scope is 404, not allowed 403."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from classification.models import Classification
from dashboards.homes import overseen_authorities
from dashboards.regional import regional_view
from dashboards.rules import VIEW_REGIONAL
from dashboards.selectors import SECTIONS, Filters, cached_dashboard, dashboard_table
from governance.models import Board, Conversation
from qa_portal.permissions import authority_with_perm
from schools.models import School
from visits.models import Visit, VisitNote

from . import filters, selectors
from .serializers import (
    BoardSerializer,
    ClassificationSerializer,
    ConversationSerializer,
    DashboardFilterSerializer,
    DashboardTableRefSerializer,
    DashboardTableSerializer,
    ErrorSerializer,
    NoteSerializer,
    RegionalAuthoritySerializer,
    SchoolSerializer,
    VisitSerializer,
)

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No token, or a token unknown, revoked or expired"),
    403: OpenApiResponse(ErrorSerializer, description="Your roles do not allow this"),
    404: OpenApiResponse(ErrorSerializer, description="Not among what you may see, or no such page"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests: wait and try again"),
}
BAD_QUERY = {
    400: OpenApiResponse(
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        description="A filter's value is not valid",
    )
}


def documented(serializer, tag, summary_list, summary_detail):
    """The schema of a read-only resource: its list (paginated, filtered) and its detail, with their errors."""
    return extend_schema_view(
        list=extend_schema(
            summary=summary_list, tags=[tag], responses={200: serializer(many=True), **BAD_QUERY, **ERRORS}
        ),
        retrieve=extend_schema(summary=summary_detail, tags=[tag], responses={200: serializer, **ERRORS}),
    )


def check_query(request, allowed):
    """Refuse (400) a query parameter the operation does not take, one given twice, or one given empty: a typo in
    a filter's name would otherwise quietly list everything."""
    problems = {}
    for name, values in request.query_params.lists():
        if name not in allowed:
            problems[name] = ["This operation takes no such parameter."]
        elif len(values) > 1:
            problems[name] = ["Give this parameter once."]
        elif not values[0].strip():
            problems[name] = ["Give a value, or leave the parameter out."]
    if problems:
        raise ValidationError(problems)


PAGINATION_PARAMETERS = {"page", "page_size"}


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A resource of the authority the request works in (a token's own; a session's as on the pages)."""

    model = None
    lookup_value_regex = "[0-9]{1,18}"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            check_query(request, set(self.filterset_class.base_filters) | PAGINATION_PARAMETERS)
        elif self.action == "retrieve":
            check_query(request, set())

    def scoped(self, user, authority):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # generating the schema: no person to scope by
            return selectors.none_of(self.model)
        return self.scoped(self.request.user, self.request.authority)


@documented(SchoolSerializer, "schools", "Schools you may see", "One school, by URN")
class SchoolViewSet(ScopedViewSet):
    model = School
    serializer_class = SchoolSerializer
    filterset_class = filters.SchoolFilter
    lookup_field = "urn"
    lookup_value_regex = "[0-9]{1,9}"

    def scoped(self, user, authority):
        return selectors.schools_for(user, authority)


@documented(
    ClassificationSerializer, "classifications", "Published classifications, current and past", "One classification"
)
class ClassificationViewSet(ScopedViewSet):
    model = Classification
    serializer_class = ClassificationSerializer
    filterset_class = filters.ClassificationFilter

    def scoped(self, user, authority):
        return selectors.published_classifications_for(user, authority)


@documented(VisitSerializer, "visits", "Visits and meetings, with their deadlines", "One visit")
class VisitViewSet(ScopedViewSet):
    model = Visit
    serializer_class = VisitSerializer
    filterset_class = filters.VisitFilter

    def scoped(self, user, authority):
        return selectors.visits_for(user, authority)


@documented(NoteSerializer, "notes", "Published notes of visit you may read", "One published note of visit")
class NoteViewSet(ScopedViewSet):
    model = VisitNote
    serializer_class = NoteSerializer
    filterset_class = filters.NoteFilter

    def scoped(self, user, authority):
        return selectors.published_notes_for(user, authority)


@documented(BoardSerializer, "governance", "Governing boards", "One school's board, by URN")
class BoardViewSet(ScopedViewSet):
    model = Board
    serializer_class = BoardSerializer
    filterset_class = filters.BoardFilter
    lookup_field = "school__urn"
    lookup_url_kwarg = "urn"
    lookup_value_regex = "[0-9]{1,9}"

    def scoped(self, user, authority):
        return selectors.boards_for(user, authority)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@documented(
    ConversationSerializer,
    "governance",
    "Annual governance conversations, submitted or agreed",
    "One annual governance conversation",
)
class ConversationViewSet(ScopedViewSet):
    model = Conversation
    serializer_class = ConversationSerializer
    filterset_class = filters.ConversationFilter

    def scoped(self, user, authority):
        return selectors.conversations_for(user, authority)


# --- The dashboard (its directors): its tables, as the page and its CSV show them ------------------------------

TABLE_SLUGS = [key.replace("_", "-") for keys in SECTIONS.values() for key in keys]


DAY_IN_RANGE = {"type": "string", "format": "date", "pattern": "^20[0-9]{2}-"}
DASHBOARD_PARAMETERS = [
    OpenApiParameter("phase", str, enum=School.Phase.values, description="Only schools of this phase"),
    OpenApiParameter("type_group", str, enum=School.TypeGroup.values, description="Only schools of this type group"),
    OpenApiParameter("moved_from", DAY_IN_RANGE, description="Band movements from this day (2000 to 2099)"),
    OpenApiParameter("moved_to", DAY_IN_RANGE, description="Band movements to this day (2000 to 2099)"),
]


def _dashboard_filters(request):
    check_query(request, set(DashboardFilterSerializer().fields))
    query = DashboardFilterSerializer(data=request.query_params)
    if not query.is_valid():
        raise ValidationError(query.errors)
    data = query.validated_data
    chosen = Filters(phase=data.get("phase", ""), type_group=data.get("type_group", ""))
    return chosen, data.get("moved_from"), data.get("moved_to")


class DashboardTablesView(APIView):
    @extend_schema(
        summary="The dashboard's tables",
        tags=["dashboard"],
        parameters=DASHBOARD_PARAMETERS,
        responses={200: DashboardTableRefSerializer(many=True), **BAD_QUERY, **ERRORS},
    )
    def get(self, request):
        authority = authority_with_perm(request, "dashboards.view_dashboard")
        chosen, moved_from, moved_to = _dashboard_filters(request)
        board = cached_dashboard(authority, chosen, timezone.localdate(), moved_from, moved_to)
        tables = [board.tables[slug.replace("-", "_")] for slug in TABLE_SLUGS]
        return Response(DashboardTableRefSerializer(tables, many=True).data)


class DashboardTableView(APIView):
    @extend_schema(
        summary="One table of the dashboard: its headers and rows",
        tags=["dashboard"],
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, enum=TABLE_SLUGS, description="The table's name"),
            *DASHBOARD_PARAMETERS,
        ],
        responses={200: DashboardTableSerializer, **BAD_QUERY, **ERRORS},
    )
    def get(self, request, slug):
        authority = authority_with_perm(request, "dashboards.view_dashboard")
        if slug not in TABLE_SLUGS:
            raise NotFound("No dashboard table with that name.")
        chosen, moved_from, moved_to = _dashboard_filters(request)
        table = dashboard_table(authority, chosen, timezone.localdate(), slug, moved_from, moved_to)
        return Response(DashboardTableSerializer(table).data)


class RegionalView(APIView):
    @extend_schema(
        summary="Every authority you oversee, side by side (regional overseers)",
        tags=["regional"],
        responses={200: RegionalAuthoritySerializer(many=True), **BAD_QUERY, **ERRORS},
    )
    def get(self, request):
        authority_with_perm(request, VIEW_REGIONAL)
        check_query(request, set())
        view = regional_view(overseen_authorities(request.user), timezone.localdate())
        return Response(RegionalAuthoritySerializer(view.rows, many=True).data)


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@authentication_classes([])
@throttle_classes([])
def not_found(request):
    """Any other address under /api/: a 404 the API's way (JSON), not the pages' HTML one."""
    raise NotFound("There is no such address in the API. See /api/docs/.")
