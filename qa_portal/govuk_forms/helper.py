from crispy_forms import helper as crispy_helper
from crispy_forms.utils import TEMPLATE_PACK

from .layout import Size


class FormHelper(crispy_helper.FormHelper):
    """crispy-forms' FormHelper for the "govuk" pack.

    The page writes the <form> and its {% csrf_token %} round `{% crispy form %}` (one form, one token: a <form>
    written by the helper as well would nest one form in another), so the helper writes no <form> of its own,
    unless it is given a `form_action` (a GET filter form that the page shows as is), when it writes the form.

    The browser's own validation is turned off (`required` attributes are not written), so that every error is
    reported the GOV.UK way: in the error summary above the form and at the field. `label_size` / `legend_size`
    ("s", "m", "l", "xl"; see Size) set the default size of every label or legend.
    """

    form_tag = False
    label_size = ""
    legend_size = ""

    @property
    def form_action(self):
        return super().form_action

    @form_action.setter
    def form_action(self, action):
        self._form_action = action
        self.form_tag = bool(action)

    def render_layout(self, form, context, template_pack=TEMPLATE_PACK):
        form.use_required_attribute = False
        if self.label_size:
            context["label_size"] = Size.for_label(self.label_size)
        if self.legend_size:
            context["legend_size"] = Size.for_legend(self.legend_size)
        return super().render_layout(form, context, template_pack=template_pack)
