"""Template tags of the news app: menu, home blocks, cover pictures, JSON-LD."""

import json

from django import template
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from anphu_portal.caching import cached_by_sections, versioned_key
from anphu_portal.current_unit import current_unit
from news.menu import all_categories
from news.models import Article
from news.models.articles import read_cover_pictures

register = template.Library()

FEATURED_ON_HOME = 3
LATEST_ON_HOME = 8
PER_CATEGORY_ON_HOME = 5
# No row has a negative id, and no other parameter of the query is this number.
CATEGORY_STAND_IN = -1_000_003

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def menu_categories():
    """Return the categories shown under "Tin tức" in the main menu."""
    return all_categories()


@register.simple_tag
def home_news():
    """Render the featured, latest and category blocks of the home page, each article once.

    Sixty article cards from four queries: kept as HTML until the unit's news changes.
    """
    return mark_safe(
        cached_by_sections("home-news", render_home_news, sections=("news",), scheduled=True)
    )


def home_news_key(request) -> str:
    """Return the cache key of the home page's news, read with the layout's fragments."""
    return versioned_key("home-news", sections=("news",))


def render_home_news() -> str:
    featured, latest = featured_and_latest()
    shown = {article.pk for article in featured + latest}
    blocks = category_blocks(shown=shown)
    read_cover_pictures([*featured, *latest, *(a for _, articles in blocks for a in articles)])
    context = {"featured": featured, "latest": latest, "blocks": blocks}
    return render_to_string("news/partials/home_news.html", context)


def featured_and_latest() -> tuple[list, list]:
    """Return the featured articles (or else the newest one) and the latest others."""
    published = Article.objects.for_unit(current_unit()).published().for_cards()
    featured = list(published.filter(featured=True)[:FEATURED_ON_HOME])
    newest = list(published[: FEATURED_ON_HOME + LATEST_ON_HOME])
    featured = featured or newest[:1]
    latest = [article for article in newest if article not in featured][:LATEST_ON_HOME]
    return featured, latest


def category_blocks(*, shown: set[int]) -> list:
    """Return (category, newest articles not already shown) per home category."""
    categories = [c for c in all_categories() if c.show_on_home]
    if not categories:
        return []
    newest = {category.pk: [] for category in categories}
    ids = newest_ids(categories, PER_CATEGORY_ON_HOME, shown=shown)
    for article in Article.objects.filter(pk__in=ids).for_cards():
        newest[article.category_id].append(article)
    return [(category, newest[category.pk]) for category in categories if newest[category.pk]]


def newest_ids(categories: list, per_category: int, *, shown: set[int]) -> RawSQL:
    """Return, as a subquery, the ids of each category's newest published articles not shown.

    One LIMITed index scan per category joined by UNION ALL, in one query: a sliced
    Prefetch numbered every published row of the categories with a window function
    instead (283 ms at 100,000 articles, growing with the table; this 0.4 ms, by
    EXPLAIN ANALYZE in bench/explain_news.py).
    Each branch is wrapped in its own SELECT because SQLite allows no LIMIT in a branch.
    """
    # One branch is compiled, with a stand-in category id, and repeated for each category:
    # compiling ten querysets cost more than running the whole query.
    newest = (
        Article.objects.published()
        .filter(category_id=CATEGORY_STAND_IN)
        # The articles shown above are left out in SQL, not after fetching: a block then
        # needs no spare rows (fetching 5 + 11 per category built 3 times the objects).
        .exclude(pk__in=sorted(shown))
        .order_by("-publish_at", "-pk")
        .values("pk")[:per_category]
    )
    sql, branch_params = newest.query.sql_with_params()
    branches, params = [], []
    for number, category in enumerate(categories):
        branches.append(f"SELECT * FROM ({sql}) AS newest_{number}")
        params.extend(
            category.pk if value == CATEGORY_STAND_IN else value for value in branch_params
        )
    return RawSQL(" UNION ALL ".join(branches), params)


@register.inclusion_tag("news/partials/picture.html")
def article_picture(article, sizes="100vw", lazy=True, css_class=""):
    """Render the cover as <picture> with WebP and JPEG renditions, never the original."""
    return {
        "picture": article.cover_picture(),
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }


@register.filter
def json_ld(data) -> str:
    """Return a <script type="application/ld+json"> block that cannot break out of itself."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag
def pending_review_count() -> int:
    """Return how many articles wait for an approver."""
    return Article.objects.for_unit(current_unit()).waiting_for_review().count()
