"""Template tags of the hotline app."""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from anphu_portal.caching import page_cache_seconds, versioned_key
from hotline.models import ContactGroup

register = template.Library()


@register.simple_tag
def hotline_boxes():
    """Render the sidebar boxes of the contact groups marked for the sidebar (2 queries, cached)."""
    key = versioned_key("hotline-boxes")
    html = cache.get(key)
    if html is None:
        groups = [group for group in ContactGroup.objects.in_sidebar() if group.public_contacts]
        html = render_to_string("hotline/sidebar_boxes.html", {"groups": groups})
        cache.set(key, html, page_cache_seconds())
    return mark_safe(html)
