"""Sitemap of the hotline app: the directory page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from hotline.models import Contact


class DirectorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["hotline:directory"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Contact.objects.active().aggregate(latest=Max("updated_at"))["latest"]
