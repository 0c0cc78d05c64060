"""What a visit is called on its pages: its type's name, with the trust's for a visit planned once per trust.

{% load visit_titles %}{{ visit|visit_title }}
"""

from django import template

from visits.selectors import visit_title as _visit_title

register = template.Library()


@register.filter
def visit_title(visit):
    """ "QA visit"; "Conversation with the CEO of Oak Trust" (visits.selectors.visit_titles)."""
    return _visit_title(visit)
