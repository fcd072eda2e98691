"""The sections of the sitemap index: the portal's own and those the apps register.

/sitemap.xml is an index of sections, each at /sitemap-<section>.xml. The index names
them without reading their items: Django's Sitemap.get_latest_lastmod() reads every item
of a section to find the newest (every document of a unit for one line of the index), so
the portal's sections leave the index without a lastmod; each URL in a section has one.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from anphu_portal.registry import portal


class PortalSitemap(Sitemap):
    """A section the index names without reading its items."""

    def get_latest_lastmod(self):
        return None


class StaticViewSitemap(PortalSitemap):
    """The portal's fixed entry pages: home, the news index and the procedure catalogue."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "news:index", "procedures:list"]

    def location(self, item):
        return reverse(item)


def sitemap_sections() -> dict[str, Sitemap | type[Sitemap]]:
    """Return the current unit's sections by name: fixed ones, then those found per request."""
    sections = {"portal": StaticViewSitemap, **portal.sitemaps}
    for group in portal.sitemap_groups.values():
        sections.update(group())
    return sections
