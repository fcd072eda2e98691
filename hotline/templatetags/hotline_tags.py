"""Template tags of the hotline app."""

import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from anphu_portal.caching import cached_by_sections, per_request, versioned_key
from anphu_portal.current_unit import current_unit
from hotline.models import ContactGroup

register = template.Library()

# The numbers of the phone bar: enough to call at once, few enough to stay one or two lines.
NUMBERS_IN_STRIP = 2
BREAK_AFTER = re.compile(r"([@.])")


def sidebar_key(request=None) -> str:
    """Return the cache key of the current unit's sidebar boxes and phone bar."""
    return versioned_key("hotline-boxes", sections=("hotline",))


def sidebar_html() -> dict[str, str]:
    """Return the sidebar boxes and the phone bar, rendered together (2 queries, cached).

    A page shows both, so they are read (or rendered) once per request, and kept until
    the unit's hotline changes.
    """
    return per_request(
        "hotline-boxes",
        lambda: cached_by_sections("hotline-boxes", render_sidebar_html, sections=("hotline",)),
    )


def render_sidebar_html() -> dict[str, str]:
    in_sidebar = ContactGroup.objects.for_unit(current_unit()).in_sidebar()
    groups = [group for group in in_sidebar if group.public_contacts]
    return {
        "boxes": render_to_string("hotline/sidebar_boxes.html", {"groups": groups}),
        "strip": render_to_string("hotline/phone_strip.html", {"numbers": first_numbers(groups)}),
    }


def first_numbers(groups) -> list:
    """Return the first numbers of the sidebar groups, in their order, with their contact."""
    numbers = []
    for group in groups:
        for contact in group.public_contacts:
            numbers += [(contact, number) for number in contact.phone_numbers]
    return numbers[:NUMBERS_IN_STRIP]


@register.simple_tag
def hotline_boxes():
    """Render the sidebar boxes of the contact groups marked for the sidebar."""
    return mark_safe(sidebar_html()["boxes"])


@register.simple_tag
def hotline_strip():
    """Render the compact hotline bar that phones show above the content."""
    return mark_safe(sidebar_html()["strip"])


@register.filter
def email_with_breaks(address: str) -> str:
    """Return the address escaped, with a line-break chance after each @ and dot."""
    return mark_safe(BREAK_AFTER.sub(r"\1<wbr>", escape(address)))
