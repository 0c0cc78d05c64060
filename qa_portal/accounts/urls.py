from django.urls import path

from . import sso_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/<slug:slug>/", sso_views.sso_start, name="sso-start"),
    path("sign-in/<slug:slug>/callback/", sso_views.sso_callback, name="sso-callback"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two-factor-recovery-codes"),
    path("account/", views.account, name="account"),
    path("authorities/", views.authority_choice, name="authorities"),
    path("people/", views.people, name="people"),
    path("people/add/", views.person_add, name="person-add"),
    path(
        "people/<int:pk>/reset-two-factor/",
        views.person_second_factor_reset,
        name="person-second-factor-reset",
    ),
]
