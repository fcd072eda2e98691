"""The news app's part of the site search, most-read list and sitemap, for the registry."""

from django.utils.formats import date_format
from django.utils.timezone import localtime

from anphu_portal.current_unit import current_unit
from anphu_portal.matching import excerpt, highlight
from anphu_portal.registry import MostReadList, SearchSection
from news.models import Article
from news.workflow import record_article_view


def published_articles(request):
    """Return the articles the public may find, without the heavy body and search text."""
    return (
        Article.objects.for_unit(request.unit)
        .published()
        .select_related("category")
        .defer("body", "search_text")
    )


def describe_article(article, query: str) -> dict:
    """Return an article as a search result."""
    return {
        "title": highlight(article.title, query),
        "url": article.get_absolute_url(),
        "meta": f"{article.category.name} – {date_format(localtime(article.publish_at))}",
        "excerpt": excerpt(article.summary, query),
    }


def most_viewed_articles(limit: int) -> list:
    """Return the most viewed articles."""
    return list(
        Article.objects.for_unit(current_unit())
        .filter(view_count__gt=0)
        .select_related("category")
        .order_by("-view_count", "title")[:limit]
    )


SEARCH_SECTION = SearchSection(
    key="tin-tuc",
    label="Tin tức",
    position=10,
    queryset=published_articles,
    order=("-publish_at", "-pk"),
    merge_position=30,
    describe=describe_article,
    large=True,
)

MOST_READ = MostReadList(
    key="tin-bai",
    label="Tin bài",
    items=most_viewed_articles,
    record_view=lambda *, item_id: record_article_view(article_id=item_id),
)
