"""The notification kinds the register sends (autodiscovered by qa_portal.notifications)."""

from qa_portal.notifications.kinds import register_kind

QA_LEAD_ASSIGNED = "qa_lead_assigned"

register_kind(QA_LEAD_ASSIGNED, "A QA lead is assigned to a school", default="immediate")
