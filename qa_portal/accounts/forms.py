from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from .roles import Role


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
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


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("email"), Button("submit", "Send me a reset link"))


class GovukSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages = {"required": "Enter a new password"}
        self.fields["new_password2"].error_messages = {"required": "Enter the new password again"}
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("new_password1"), Field("new_password2"), Button("submit", "Save password"))


class InvitePersonForm(forms.Form):
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
