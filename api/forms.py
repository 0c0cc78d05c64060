from django import forms

from qa_portal.forms import Form
from qa_portal.govuk_forms.helper import FormHelper
from qa_portal.govuk_forms.layout import Button, Field, Layout, Size

from .models import ApiToken


class ApiTokenForm(Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you can tell your tokens apart, for example ‘Termly report script’.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    authority = forms.ChoiceField(
        label="Authority",
        widget=forms.RadioSelect,
        help_text="The token works in this authority only, with the roles you hold there.",
        error_messages={
            "required": "Choose the authority the token works in",
            "invalid_choice": "Choose an authority you work in",
        },
    )
    lifetime_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=ApiToken.Lifetime.choices,
        initial=ApiToken.Lifetime.DAYS_90,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the token expires", "invalid_choice": "Choose when the token expires"},
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {str(authority.pk): authority for authority in authorities}
        self.fields["authority"].choices = [(pk, authority.name) for pk, authority in self.authorities.items()]
        if len(self.authorities) == 1:
            self.fields["authority"].initial = next(iter(self.authorities))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.radios("authority", legend_size=Size.MEDIUM),
            Field.radios("lifetime_days", legend_size=Size.MEDIUM),
            Button("submit", "Create token"),
        )

    def chosen_authority(self):
        return self.authorities[self.cleaned_data["authority"]]
