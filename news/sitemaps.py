"""Sitemap sections of the news app: categories, the month archive, articles by month.

The articles are one section per month (news-YYYY-MM), from the month of the unit's
oldest article to this one, so the index names them after one index probe and each
section reads one month of the (unit, status, publish_at, id) index. The single section
it replaces counted every published article and paged with OFFSETs that grew with the
table.
"""

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import BoundedSitemap, PortalSitemap
from news.listing import Month, listing, oldest_month
from news.menu import all_categories
from news.models import Article

MONTH_SECTION_PREFIX = "news-"


class CategorySitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        # The menu's list, kept in the cache: no query of its own on most requests.
        return all_categories()


def months_with_news() -> list[Month]:
    """Return the months from the unit's oldest published article to this one, newest first."""
    month, last, months = oldest_month(listing(current_unit())), Month.current(), []
    if month is None:
        return []
    while month <= last:
        months.append(month)
        month = month.next()
    return months[::-1]


class MonthSitemap(PortalSitemap):
    """The month archive, from the oldest article's month to this one: one index probe."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return months_with_news()

    def location(self, month):
        return month.url()


class ArticleMonthSitemap(BoundedSitemap):
    """The articles published in one month, newest first, at most `limit` of them.

    A commune publishes tens of articles a month; a month past the limit leaves its oldest
    out of the sitemap, still reached through its month archive (in news-months). At
    100,000 bench articles a minute apart (44,640 in a month), the whole month took 10.6 s
    and 7.4 MB; `limit` keeps a section near the size of the pages it replaces.
    """

    changefreq = "weekly"
    priority = 0.8

    def __init__(self, month: Month):
        self.month = month

    def items(self):
        return (
            Article.objects.for_unit(current_unit())
            .published()
            .filter(**self.month.filters())
            .select_related("category")
            .only("slug", "updated_at", "category__slug")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


def article_month_sections() -> dict[str, ArticleMonthSitemap]:
    """Return one section per month with news, newest first, named news-YYYY-MM."""
    return {
        f"{MONTH_SECTION_PREFIX}{month}": ArticleMonthSitemap(month) for month in months_with_news()
    }
