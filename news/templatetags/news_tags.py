"""Template tags of the news app."""

from django import template

register = template.Library()


@register.simple_tag
def menu_categories():
    """Return the categories shown under "Tin tức" in the main menu."""
    return []
