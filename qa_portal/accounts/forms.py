from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from qa_portal.forms import Form
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Layout, Size
from qa_portal.text_hygiene import TextHygieneMixin

from .roles import Role
from .sso import authorities_without_password_sign_in, providers


class SignInForm(TextHygieneMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. The password is case-sensitive.",
        "inactive": "This account has been closed. Contact your authority's admin team.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages = {"required": "Enter your email address"}
        # No autofocus: keyboard users start at the skip link, as on every other page.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["password"].error_messages = {"required": "Enter your password"}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username"),
            Field("password"),
            Button("submit", "Sign in"),
        )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # After the right password only: the refusal says nothing to someone who does not know it.
        refusing = authorities_without_password_sign_in(user)
        if refusing:
            names = " and ".join(authority.name for authority in refusing)
            buttons = " or ".join(f"“{provider.name}”" for provider in providers())
            how = f"Use {buttons} above" if buttons else "Ask your authority’s admin how to sign in"
            raise forms.ValidationError(
                f"{names} does not allow sign-in with a password. {how} to sign in with your organisation’s account.",
                code="password_sign_in_off",
            )


class GovukPasswordResetForm(TextHygieneMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("email"), Button("submit", "Send me a reset link"))

    def get_users(self, email):
        # No reset link for someone who may not sign in with a password (the page says the same as for anyone).
        return (user for user in super().get_users(email) if not authorities_without_password_sign_in(user))


class GovukSetPasswordForm(TextHygieneMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages = {"required": "Enter a new password"}
        self.fields["new_password2"].error_messages = {"required": "Enter the new password again"}
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("new_password1"), Field("new_password2"), Button("submit", "Save password"))


class InvitePersonForm(Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter their last name"})
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    school = forms.ModelChoiceField(
        label="School (headteachers and governors only)",
        queryset=None,
        required=False,
        empty_label="Not for one school",
    )
    is_chair = forms.BooleanField(label="Chair of governors", required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = authority.schools.only("urn", "name").order_by("name")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email"),
            Field.text("first_name"),
            Field.text("last_name"),
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.select("school"),
            Field.checkbox("is_chair"),
            Button("submit", "Add person and send invitation"),
        )


class SecondFactorForm(Form):
    """The code from the authenticator app, or one recovery code, after the password."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("code", field_width=10), Button("submit", self.submit_label))


class SecondFactorSetUpForm(SecondFactorForm):
    """The first code of a new authenticator, which proves it is set up."""

    submit_label = "Turn on two-factor sign-in"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app"
        self.fields["code"].help_text = "The 6-digit code the app shows for School Quality Assurance."
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
