"""The visit types every framework can name (codes fixed in the contracts between apps). Seeded by a data
migration; `visit_types_ensure()` is safe to call again."""

from .models import VisitType

# (code, name, is_meeting, default attendees)
SENIOR = "Headteacher and senior leaders"
VISIT_TYPES = [
    ("qa_visit", "QA visit", False, SENIOR),
    ("interim_visit", "Interim visit", False, SENIOR),
    (
        "monitoring_support_meeting",
        "Monitoring and support meeting",
        True,
        "\n".join(
            [
                SENIOR,
                "SENCo (where requested)",
                "Chair of governors",
                "HR adviser (as appropriate)",
                "Finance officer (as appropriate)",
            ]
        ),
    ),
    (
        "monitoring_intervention_meeting",
        "Monitoring and intervention meeting",
        True,
        "\n".join(["Chief executive officer (chair)", SENIOR, "SENCo (where requested)", "Chair of governors"]),
    ),
    (
        "review_team_meeting",
        "Review team meeting",
        True,
        "\n".join([SENIOR, "Chair of governors", "HR adviser (as appropriate)", "Finance officer (as appropriate)"]),
    ),
    ("project_board", "Project board", True, "\n".join([SENIOR, "Chair of governors"])),
    ("desktop_review", "Desktop review", False, ""),
    ("telephone_conversation", "Telephone conversation", False, "Headteacher"),
    ("learning_walk", "Learning walk", False, SENIOR),
    # Telford & Wrekin 2024-25, Academies: "An offer of an initial conversation with the CEO ..."; planned once per
    # trust, the visit is shown with the trust's name: "Conversation with the CEO of Oak Trust".
    ("trust_initial_conversation", "Conversation with the CEO", False, "Trust chief executive officer"),
    (
        "annual_governance_conversation",
        "Annual governance conversation",
        False,
        "\n".join(["Chair of governors", "Headteacher", "Clerk to the governing board"]),
    ),
    ("initial_visit", "Initial visit", False, SENIOR),
    ("self_evaluation_review", "Self-evaluation review", False, SENIOR),
    ("follow_up_call", "Follow-up call", False, "Headteacher"),
    ("improvement_plan_evaluation", "Improvement plan evaluation", False, SENIOR),
    ("impact_evaluation", "Impact evaluation", False, SENIOR),
    ("adviser_led_review", "School Improvement Adviser-led review", False, SENIOR),
    ("self_evaluation_visit", "Self-evaluation visit", False, SENIOR),
    (
        "ceo_meeting",
        "Meeting with the CEO",
        True,
        "\n".join(["Chief executive officer (chair)", "Headteacher", "Chair of governors"]),
    ),
    (
        "school_improvement_group",
        "School improvement strategic group",
        True,
        "\n".join([SENIOR, "Chair of governors"]),
    ),
]


def visit_types_ensure(visit_type_model=VisitType):
    """Create or update every visit type (the data migration passes its historical model)."""
    for order, (code, name, is_meeting, attendees) in enumerate(VISIT_TYPES, start=1):
        visit_type_model.objects.update_or_create(
            code=code, defaults={"name": name, "is_meeting": is_meeting, "default_attendees": attendees, "order": order}
        )
