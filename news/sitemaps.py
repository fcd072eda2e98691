"""Sitemap sections of the news app, merged into /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from anphu_portal.current_unit import current_unit
from news.models import Article, Category


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.for_unit(current_unit()).order_by("position", "name")


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.for_unit(current_unit())
            .published()
            .select_related("category")
            .order_by("-publish_at")
        )

    def lastmod(self, article):
        return article.updated_at
