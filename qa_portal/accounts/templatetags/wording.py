"""{{ label|in_sentence }}: a label inside a sentence, keeping the case of acronyms and names (qa_portal.wording)."""

from django import template

from qa_portal.wording import in_sentence as _in_sentence

register = template.Library()


@register.filter
def in_sentence(label):
    return _in_sentence(str(label)) if label is not None else ""
