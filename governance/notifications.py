"""The notification kinds the governance app sends (autodiscovered by qa_portal.notifications)."""

from qa_portal.notifications.kinds import register_kind

CHECKLIST_SUBMITTED = "governance_checklist_submitted"

register_kind(CHECKLIST_SUBMITTED, "Governors submit the annual governance checklist", default="immediate")
