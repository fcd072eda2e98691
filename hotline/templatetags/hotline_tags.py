"""Template tags of the hotline app."""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from anphu_portal.caching import page_cache_seconds, versioned_key
from anphu_portal.current_unit import current_unit
from hotline.models import ContactGroup

register = template.Library()


@register.simple_tag
def hotline_boxes():
    """Render the sidebar boxes of the contact groups marked for the sidebar (2 queries, cached)."""
    key = versioned_key("hotline-boxes")
    html = cache.get(key)
    if html is None:
        in_sidebar = ContactGroup.objects.for_unit(current_unit()).in_sidebar()
        groups = [group for group in in_sidebar if group.public_contacts]
        html = render_to_string("hotline/sidebar_boxes.html", {"groups": groups})
        cache.set(key, html, page_cache_seconds())
    return mark_safe(html)
