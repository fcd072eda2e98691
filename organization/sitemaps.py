"""Sitemap sections of the organization app: introduction pages and generated pages."""

from django.urls import reverse

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import PortalSitemap
from organization.models import Page
from organization.models.pages import GENERATED_SLUGS


class PageSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        pages = Page.objects.for_unit(current_unit()).published()
        return pages.exclude(slug__in=GENERATED_SLUGS)

    def lastmod(self, page):
        return page.updated_at


class OrganizationSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "organization:leaders",
            "organization:chart",
            "organization:schedule",
            "organization:english",
        ]

    def location(self, item):
        return reverse(item)
