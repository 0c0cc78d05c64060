"""Reads of the API. Every resource starts from the selectors the pages use (the schools the person may see in the
authority the request works in), so a head's token sees one school and an outsider's nothing; only what is
published ever leaves: no draft classification, no unpublished note, no internal field."""

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from classification.models import Classification
from governance.models import AgreedAction, AreaReview, Board, ChecklistResponse, Conversation, Governor
from qa_portal.accounts.roles import OFFICER_ROLES, Role
from schools.selectors import school_list_for_user
from visits.models import VisitNote
from visits.selectors import visit_list_for_user

from .models import ApiToken
from .services import hash_key


def token_for_key(key):
    """The token whose key this is (revoked and expired ones too: the caller tells them apart), or None."""
    return ApiToken.objects.select_related("user", "authority").filter(key_hash=hash_key(key)).first()


def tokens_of(user):
    return ApiToken.objects.filter(user=user).select_related("authority")


def tokens_listed_for(user):
    """The person's tokens, newest first, each with its `state`: active, revoked or expired."""
    now = timezone.now()
    tokens = list(tokens_of(user))
    for token in tokens:
        token.state = "revoked" if token.revoked_at else "active" if token.expires_at > now else "expired"
    return tokens


def get_token_of(user, pk):
    """One of the person's own tokens (anyone else's is 404)."""
    token = tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such API token of yours")
    return token


def schools_for(user, authority):
    return school_list_for_user(user, authority).order_by("name", "urn")


def published_classifications_for(user, authority):
    """Published classifications (current and past) of the schools the person may see, each with `is_current`."""
    published = Classification.objects.filter(status=Classification.Status.PUBLISHED)
    latest = published.filter(school=OuterRef("school")).order_by("-published_at", "-pk").values("pk")[:1]
    return (
        published.filter(school__in=school_list_for_user(user, authority))
        .annotate(is_current=ExpressionWrapper(Q(pk=Subquery(latest)), output_field=BooleanField()))
        .select_related("school", "band")
        .order_by("school__name", "school__urn", "-published_at", "-pk")
    )


def visits_for(user, authority):
    return visit_list_for_user(user, authority).select_related("note").order_by("planned_date", "pk")


def published_notes_for(user, authority):
    """Published notes of the visits the person may see, those the pages let them read (visits.view_note: the
    school's officers, its head, and its chair of governors), chosen in the query rather than note by note."""
    visits = visit_list_for_user(user, authority)
    if authority is not None and authority.pk not in user.authority_ids_for(*OFFICER_ROLES):
        chaired = {a.school_id for a in user.role_assignments if a.role == Role.GOVERNOR and a.is_chair}
        headed = user.school_ids_for(Role.HEADTEACHER, authority_id=authority.pk)
        visits = visits.filter(school_id__in=headed | chaired)
    return (
        VisitNote.objects.filter(status=VisitNote.Status.PUBLISHED, visit__in=visits)
        .select_related("visit", "visit__school", "visit__visit_type")
        .prefetch_related("sections")
        .order_by("-published_at", "-pk")
    )


def boards_for(user, authority):
    governors = Governor.objects.order_by("name", "pk")
    return (
        Board.objects.filter(school__in=school_list_for_user(user, authority))
        .select_related("school")
        .prefetch_related(Prefetch("governors", queryset=governors))
        .order_by("school__name", "school__urn")
    )


def conversations_for(user, authority):
    """Annual governance conversations submitted or agreed (a checklist in progress is the board's draft)."""
    return (
        Conversation.objects.filter(school__in=school_list_for_user(user, authority))
        .exclude(status=Conversation.Status.DRAFT)
        .select_related("school")
        .prefetch_related(
            Prefetch("responses", queryset=ChecklistResponse.objects.select_related("item", "item__area")),
            Prefetch("actions", queryset=AgreedAction.objects.order_by("due_on", "pk")),
            Prefetch("area_reviews", queryset=AreaReview.objects.select_related("area")),
        )
        .order_by("-academic_year", "school__name", "pk")
    )


def none_of(model):
    """An empty queryset of `model` (the schema generator's view has no person to scope by)."""
    return model._default_manager.none()
