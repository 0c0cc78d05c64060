from django.urls import path

from . import letter_template_views, views

app_name = "classification"

urlpatterns = [
    path("decisions/", views.decisions_list, name="decisions"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("schools/<int:urn>/", views.school_classification, name="school"),
    path("schools/<int:urn>/assess/", views.assessment_start, name="assessment-start"),
    path("schools/<int:urn>/discuss/", views.request_discussion, name="request-discussion"),
    path("schools/<int:urn>/review/", views.request_review, name="request-review"),
    path("reviews/", views.reviews_list, name="reviews"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/propose/", views.propose, name="propose"),
    path("discussions/<int:pk>/close/", views.close_discussion, name="close-discussion"),
    path("letters/<int:pk>/", views.letter_download, name="letter"),
    path("letter-templates/", letter_template_views.letter_templates, name="letter-templates"),
    path("letter-templates/<slug:kind>/", letter_template_views.letter_template_edit, name="letter-template"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/<int:pk>/", views.framework_settings, name="framework"),
    path("frameworks/<int:pk>/new-version/", views.framework_draft_new, name="framework-draft"),
    path("frameworks/<int:pk>/publish/", views.framework_publish, name="framework-publish"),
    path("frameworks/<int:pk>/discard/", views.framework_discard, name="framework-discard"),
    path("frameworks/<int:pk>/bands/<int:band_pk>/", views.band_edit, name="band-edit"),
    path("frameworks/<int:pk>/entitlements/<int:entitlement_pk>/", views.entitlement_edit, name="entitlement-edit"),
    path("frameworks/<int:pk>/bands/<int:band_pk>/entitlements/add/", views.entitlement_add, name="entitlement-add"),
    path(
        "frameworks/<int:pk>/entitlements/<int:entitlement_pk>/remove/",
        views.entitlement_remove,
        name="entitlement-remove",
    ),
    path("frameworks/<int:pk>/agenda-items/add/", views.standing_agenda_item_add, name="agenda-item-add"),
    path("frameworks/<int:pk>/agenda-items/<int:item_pk>/", views.standing_agenda_item_edit, name="agenda-item-edit"),
    path(
        "frameworks/<int:pk>/agenda-items/<int:item_pk>/remove/",
        views.standing_agenda_item_remove,
        name="agenda-item-remove",
    ),
    path("frameworks/<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion-edit"),
    path("frameworks/<int:pk>/annual-letters/", views.annual_letters, name="annual-letters"),
]
