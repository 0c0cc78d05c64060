"""{% cached_content %}…{% endcached_content %}: the page's content from the cache (`cached_content` in the
context), or rendered now and kept under `content_key` (see qa_portal.page_cache)."""

from django import template
from django.core.cache import cache

from qa_portal.page_cache import CACHE_SECONDS, page_cache_enabled

register = template.Library()


class CachedContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = context.get("cached_content")
        if html is not None:
            return html
        html = self.nodelist.render(context)
        key = context.get("content_key")
        if key and page_cache_enabled():
            cache.set(key, html, CACHE_SECONDS)
        return html


@register.tag
def cached_content(parser, token):
    nodelist = parser.parse(("endcached_content",))
    parser.delete_first_token()
    return CachedContentNode(nodelist)
