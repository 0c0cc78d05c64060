"""The visits sections of the school page and of the QA lead's and headteacher's home pages."""

from qa_portal.accounts import home_panels
from qa_portal.accounts.roles import Role
from schools import panels

from .improvement_selectors import improvement_panel
from .selectors import headteacher_dashboard, qa_lead_dashboard, school_visits_panel


@panels.register(order=30)
def visits_panel(request, school):
    data = school_visits_panel(request.user, school)
    data["school"] = school
    data["can_add"] = request.user.has_perm("visits.add_visit", school)
    return "visits/school_panel.html", data


@panels.register(order=35)
def improvement_plan_panel(request, school):
    """The school's improvement plan and review body, when its band asks for them (visits.improvement)."""
    data = improvement_panel(request.user, school)
    return ("visits/improvement/panel.html", data) if data is not None else None


@home_panels.register(Role.QA_LEAD, order=20)
def qa_lead_panel(user, authority):
    return "visits/home_qa_lead.html", qa_lead_dashboard(user, authority)


@home_panels.register(Role.HEADTEACHER, order=20)
def headteacher_panel(user, authority):
    return "visits/home_headteacher.html", headteacher_dashboard(user, authority)
