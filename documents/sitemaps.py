"""Sitemaps of the documents app: the list pages and each published document."""

from django.db.models import Max
from django.urls import reverse

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import PortalSitemap
from documents.models import Document


class DocumentListSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["documents:list", "documents:drafts"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        documents = Document.objects.for_unit(current_unit()).published()
        return documents.aggregate(latest=Max("updated_at"))["latest"]


class DocumentSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return (
            Document.objects.for_unit(current_unit())
            .published()
            .only("slug", "updated_at")
            .order_by("-issued_on", "-pk")
        )

    def lastmod(self, document):
        return document.updated_at
