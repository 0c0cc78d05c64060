"""The project's own django-crispy-forms template pack ("govuk") for GOV.UK Frontend 6 markup.

Small on purpose: only the layout objects, the date field and the templates the project's forms use. Parts are
adapted from crispy-forms-gds (MIT, Wildfish Ltd.; see LICENSE in this package), corrected for Frontend 6
(<p> error messages, hint and error ids ending -hint/-error, the date input's items) and for the Design System's
date messages ("<Label> must include a month", "<Label> must be a real date, like 31 8 2026").

Forms import from here::

    from qa_portal.govuk_forms.fields import DateInputField
    from qa_portal.govuk_forms.helper import FormHelper
    from qa_portal.govuk_forms.layout import HTML, Button, Field, Fieldset, Layout, Size
"""
