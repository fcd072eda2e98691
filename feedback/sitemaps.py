"""Sitemap of the feedback app: the Q&A list and each published question."""

from django.db.models import Max
from django.urls import reverse

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import PortalSitemap
from feedback.models import Submission


class QuestionListSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["feedback:list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        published = Submission.objects.for_unit(current_unit()).published()
        return published.aggregate(latest=Max("updated_at"))["latest"]


class QuestionSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Submission.objects.for_unit(current_unit()).published().only("pk", "updated_at")

    def lastmod(self, question):
        return question.updated_at
