"""The project's form base classes: every form inherits one, so every value sent is checked for control characters
(`qa_portal.text_hygiene`)."""

from django import forms

from .text_hygiene import TextHygieneMixin


class Form(TextHygieneMixin, forms.Form):
    pass


class ModelForm(TextHygieneMixin, forms.ModelForm):
    pass
