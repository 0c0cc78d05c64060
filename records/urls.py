from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/export/", views.person_export, name="person-export"),
    path("people/<int:person_id>/erase/", views.person_erase, name="person-erase"),
]
