"""Sitemap of the hotline app: the directory page."""

from django.db.models import Max
from django.urls import reverse

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import PortalSitemap
from hotline.models import Contact


class DirectorySitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["hotline:directory"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        contacts = Contact.objects.for_unit(current_unit()).active()
        return contacts.aggregate(latest=Max("updated_at"))["latest"]
