"""Sitemap of the feedback app: the Q&A list and each published question."""

from django.contrib.sitemaps import Sitemap

from anphu_portal.current_unit import current_unit
from feedback.models import Submission


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Submission.objects.for_unit(current_unit()).published().only("pk", "updated_at")

    def lastmod(self, question):
        return question.updated_at
