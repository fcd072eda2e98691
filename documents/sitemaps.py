"""Sitemaps of the documents app: the list pages, and the published documents by year.

The documents are one section per year of issue (documents-YYYY), from the unit's oldest
to its newest, each read as one range of the (unit, -issued_on) index. The single section
they replace counted every published document and paged with OFFSETs: at 20,000 documents
its count read 20,000 rows (7 ms) and its fourth page sorted them all (15 ms).
"""

from datetime import date

from django.urls import reverse

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import BoundedSitemap, PortalSitemap
from documents.models import Document

YEAR_SECTION_PREFIX = "documents-"


class DocumentListSitemap(PortalSitemap):
    """The list of documents and the drafts for comment.

    Without lastmod: the newest change among all the unit's documents is a read of every
    one of them (no index holds updated_at), for a page that changes daily anyway.
    """

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["documents:list", "documents:drafts"]

    def location(self, item):
        return reverse(item)


class DocumentYearSitemap(BoundedSitemap):
    """The published documents issued in one year, newest first, at most `limit` of them."""

    changefreq = "monthly"
    priority = 0.5

    def __init__(self, year: int):
        self.year = year

    def items(self):
        return (
            Document.objects.for_unit(current_unit())
            .published()
            .filter(issued_on__gte=date(self.year, 1, 1), issued_on__lt=date(self.year + 1, 1, 1))
            .only("slug", "updated_at")
            .order_by("-issued_on", "-pk")
        )

    def lastmod(self, document):
        return document.updated_at


def document_year_sections() -> dict[str, DocumentYearSitemap]:
    """Return one section per year of issue, newest first: two probes of the index."""
    published = Document.objects.for_unit(current_unit()).published().values_list("issued_on")
    newest = published.order_by("-issued_on").first()
    if newest is None:
        return {}
    oldest = published.order_by("issued_on").first()
    years = range(newest[0].year, oldest[0].year - 1, -1)
    return {f"{YEAR_SECTION_PREFIX}{year}": DocumentYearSitemap(year) for year in years}
