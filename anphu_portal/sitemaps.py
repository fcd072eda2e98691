"""The sections of the sitemap index: the portal's own and those the apps register.

/sitemap.xml is an index of sections, each at /sitemap-<section>.xml. The index names
them without reading their items: Django's Sitemap.get_latest_lastmod() reads every item
of a section to find the newest (every document of a unit for one line of the index), so
the portal's sections leave the index without a lastmod; each URL in a section has one.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from anphu_portal.registry import portal


class PortalSitemap(Sitemap):
    """A section the index names without reading its items."""

    def get_latest_lastmod(self):
        return None


class OnePagePaginator(Paginator):
    """One page holding every item, so the index names a section without counting it."""

    @cached_property
    def num_pages(self):
        return 1

    def page(self, number):
        number = self.validate_number(number)
        return self._get_page(list(self.object_list), number, self)


class BoundedSitemap(PortalSitemap):
    """A section of at most `limit` items (a month of news, a year of documents), one query.

    Django's paginated section counts its items and pages with OFFSETs, both growing with
    the table; a bounded section reads one range of an index instead, and a range past the
    limit leaves its oldest items out (they stay reachable through the site's own lists).
    """

    limit = 5_000

    @property
    def paginator(self):
        return OnePagePaginator(self.items()[: self.limit], self.limit)


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
