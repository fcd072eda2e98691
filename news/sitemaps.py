"""Sitemap sections of the news app, merged into /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from anphu_portal.current_unit import current_unit
from news.listing import Month, listing, oldest_month
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


class MonthSitemap(Sitemap):
    """The month archive, from the oldest article's month to this one: one index probe."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        month, last, months = oldest_month(listing(current_unit())), Month.current(), []
        if month is None:
            return []
        while month <= last:
            months.append(month)
            month = month.next()
        return months[::-1]

    def location(self, month):
        return month.url()
