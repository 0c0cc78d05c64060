from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan.csv", views.plan_csv, name="plan-csv"),
    path("plan/run/", views.plan_run, name="plan-run"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("term-dates/", views.calendar_terms, name="calendar-terms"),
    path("term-dates/<int:start_year>/<slug:code>/", views.calendar_term_edit, name="term-edit"),
    path("term-dates/closure-days/", views.closure_day_add, name="closure-day-add"),
    path("term-dates/closure-days/<int:pk>/remove/", views.closure_day_delete, name="closure-day-delete"),
    path("add/<int:urn>/", views.visit_add, name="add"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/move/", views.visit_move, name="move"),
    path("<int:pk>/confirm/", views.visit_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.visit_cancel, name="cancel"),
    path("<int:pk>/time-and-place/", views.visit_time_place, name="time-place"),
    path("<int:pk>/held/", views.visit_held, name="held"),
    path("<int:pk>/held/undo/", views.visit_unheld, name="unheld"),
    path("<int:pk>/papers-received/", views.papers_received, name="papers-received"),
    path("<int:pk>/actions/", views.action_add, name="action-add"),
    path("<int:pk>/contribute/", views.visit_contribute, name="contribute"),
    path("<int:pk>/improvement-plan/", views.contribution_file, name="contribution-file"),
    path("<int:pk>/papers/<slug:kind>/", views.paper_file, name="paper"),
    path("<int:pk>/agenda/", views.agenda_edit, name="agenda"),
    path("<int:pk>/agenda/circulate/", views.agenda_circulate, name="agenda-circulate"),
    path("<int:pk>/agenda.pdf", views.agenda_download, name="agenda-pdf"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/note/start/", views.note_start, name="note-start"),
    path("<int:pk>/note/send/", views.note_send, name="note-send"),
    path("<int:pk>/note/withdraw/", views.note_recall, name="note-recall"),
    path("<int:pk>/note/publish/", views.note_publish, name="note-publish"),
    path("<int:pk>/note/unpublish/", views.note_unpublish, name="note-unpublish"),
    path("<int:pk>/note.pdf", views.note_download, name="note-pdf"),
]
