from django.urls import path

from . import brand, sign_in_settings, views

app_name = "schools"

urlpatterns = [
    path("", views.register, name="register"),
    path("download.csv", views.register_download, {"extension": "csv"}, name="register-csv"),
    path("download.xlsx", views.register_download, {"extension": "xlsx"}, name="register-xlsx"),
    path("imports/", views.imports, name="imports"),
    path("brand/", brand.brand_edit, name="brand"),
    path("brand/<int:authority_id>/logo/", brand.brand_logo, name="brand-logo"),
    path("sign-in/", sign_in_settings.sign_in_settings_edit, name="sign-in-settings"),
    path("<int:urn>/", views.school_detail, name="detail"),
    path("<int:urn>/contacts/", views.school_contacts_edit, name="contacts-edit"),
    path("<int:urn>/qa-lead/", views.school_qa_lead_edit, name="qa-lead-edit"),
]
