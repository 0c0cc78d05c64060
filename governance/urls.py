from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("overdue/", views.overdue_list, name="overdue"),
    path("<int:urn>/", views.board_detail, name="board"),
    path("<int:urn>/board/", views.board_edit, name="board-edit"),
    path("<int:urn>/governors/add/", views.governor_edit, name="governor-add"),
    path("<int:urn>/governors/<int:governor_id>/", views.governor_edit, name="governor-edit"),
    path(
        "<int:urn>/governors/<int:governor_id>/training/",
        views.governor_record_add,
        {"kind": "training"},
        name="training-add",
    ),
    path(
        "<int:urn>/governors/<int:governor_id>/declarations/",
        views.governor_record_add,
        {"kind": "declaration"},
        name="declaration-add",
    ),
    path(
        "<int:urn>/conversations/<int:year>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence",
    ),
    path("<int:urn>/conversations/open/", views.conversation_open, name="conversation-open"),
    path("<int:urn>/conversations/<int:year>/checklist/", views.checklist_edit, name="checklist"),
    path("<int:urn>/conversations/<int:year>/invite/", views.checklist_invite, name="checklist-invite"),
    path("<int:urn>/conversations/<int:year>/", views.record_detail, name="record"),
    path("<int:urn>/conversations/<int:year>/record.pdf", views.record_pdf, name="record-pdf"),
    path("<int:urn>/conversations/<int:year>/review/", views.review_edit, name="review"),
    path("<int:urn>/escalation/", views.escalation_detail, name="escalation"),
    path("<int:urn>/escalation/steps/add/", views.escalation_step_add, name="escalation-step-add"),
    path("<int:urn>/escalation/warning-notice/", views.warning_notice_add, name="warning-notice-add"),
    path(
        "<int:urn>/escalation/warning-notice/<int:notice_id>/outcome/",
        views.warning_notice_outcome,
        name="warning-notice-outcome",
    ),
    path("<int:urn>/escalation/statutory-power/", views.statutory_power_add, name="statutory-power-add"),
    path("<int:urn>/escalation/letters/<int:step_id>/", views.escalation_letter, name="letter"),
]
