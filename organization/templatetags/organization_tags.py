"""Template tags of the organization app: the menu entry, the banner, the footer's links."""

from django import template
from django.urls import reverse

from organization.chrome import generated_pages_missing, shown_banners, unit_chrome

register = template.Library()


@register.inclusion_tag("organization/partials/menu_item.html")
def introduction_menu(path: str) -> dict:
    """Render the "Giới thiệu" and "Lịch công tác" entries of the main menu."""
    pages_url = reverse("organization:pages")
    schedule_url = reverse("organization:schedule")
    menu = unit_chrome()["menu"]
    return {
        "pages": menu,
        "generated": generated_pages_missing(menu),
        "pages_url": pages_url,
        "schedule_url": schedule_url,
        "in_pages": path.startswith(pages_url),
        "in_schedule": path.startswith(schedule_url),
    }


@register.inclusion_tag("organization/partials/banners.html")
def emergency_banners() -> dict:
    """Render the banners shown now on the current unit's pages."""
    return {"banners": shown_banners()}


@register.inclusion_tag("organization/partials/footer_links.html")
def footer_links() -> dict:
    """Render the footer's list of external websites."""
    return {"links": unit_chrome()["links"]}


@register.inclusion_tag("organization/partials/language_link.html")
def language_link() -> dict:
    """Render the header's link to the English page (every unit has one)."""
    return {"english_url": reverse("organization:english")}


@register.simple_tag
def english_alternate_url() -> str:
    """Return the English page's path for an hreflang alternate."""
    return reverse("organization:english")
