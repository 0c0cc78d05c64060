"""The dashboards' own sections of the role homes (qa_portal.accounts.home_panels; autodiscovered)."""

from qa_portal.accounts import home_panels
from qa_portal.accounts.roles import Role
from schools.selectors import schools_without_qa_lead

LISTED = 25


@home_panels.register(Role.AUTHORITY_ADMIN, order=10)
def schools_without_qa_lead_panel(user, authority):
    """Open schools of the authority that no QA lead looks after yet (two queries: the count and the first few)."""
    schools = schools_without_qa_lead(user, authority)
    return "home/admin_schools_without_qa_lead.html", {
        "count": schools.count(),
        "schools": list(schools[:LISTED]),
        "listed": LISTED,
    }
