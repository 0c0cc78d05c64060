"""The notification kinds classification sends at each hand-off (autodiscovered by qa_portal.notifications), and
who is told: the authority's directors (schools.people) and the heads who still head the school."""

from qa_portal.accounts.models import RoleAssignment
from qa_portal.accounts.roles import Role
from qa_portal.notifications.kinds import register_kind
from schools.people import directors_of_authorities

CLASSIFICATION_PROPOSED = "classification_proposed"
CLASSIFICATION_CONFIRMED = "classification_confirmed"
CLASSIFICATION_RETURNED = "classification_returned"
DISCUSSION_REQUESTED = "discussion_requested"
DISCUSSION_CLOSED = "discussion_closed"
REASSESSMENT_TRIGGERED = "reassessment_triggered"
REVIEW_REQUESTED = "review_requested"
REVIEW_DECIDED = "review_decided"

register_kind(CLASSIFICATION_PROPOSED, "A classification is proposed for confirmation", default="immediate")
register_kind(CLASSIFICATION_CONFIRMED, "A director confirms your proposed classification", default="immediate")
register_kind(CLASSIFICATION_RETURNED, "A director returns your proposed classification", default="immediate")
register_kind(DISCUSSION_REQUESTED, "A headteacher asks to discuss a classification", default="immediate")
register_kind(DISCUSSION_CLOSED, "The discussion you asked for is closed", default="immediate")
register_kind(REASSESSMENT_TRIGGERED, "Something changed at a school: reassess it", default="immediate")
register_kind(REVIEW_REQUESTED, "A headteacher asks for a review of a classification", default="immediate")
register_kind(REVIEW_DECIDED, "A review of a classification is decided", default="immediate")
FRAMEWORK_PUBLISHED = "framework_published"
register_kind(FRAMEWORK_PUBLISHED, "A new framework version changes your schools' plans", default="immediate")


def directors_of_authority(authority):
    """The active directors of `authority` (who confirm or return proposals), by name."""
    return directors_of_authorities([authority.pk]).get(authority.pk, [])


def heads_now(school, people):
    """Those of `people` who still head `school` (a head who has left no longer sees its classification)."""
    ids = set(
        RoleAssignment.objects.filter(
            school=school, role=Role.HEADTEACHER, user__in=[person for person in people if person is not None]
        ).values_list("user_id", flat=True)
    )
    return [person for person in people if person is not None and person.pk in ids]
