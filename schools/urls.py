from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:urn>/", views.school_detail, name="detail"),
    path("<int:urn>/contacts/", views.school_contacts_edit, name="contacts-edit"),
]
