"""Template tags of the news app: menu, home blocks, cover pictures, JSON-LD."""

import json

from django import template
from django.utils.safestring import mark_safe

from anphu_portal.current_unit import current_unit
from news.models import Article, all_categories

register = template.Library()

FEATURED_ON_HOME = 3
LATEST_ON_HOME = 8
PER_CATEGORY_ON_HOME = 5

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def menu_categories():
    """Return the categories shown under "Tin tức" in the main menu."""
    return all_categories()


@register.inclusion_tag("news/partials/home_news.html")
def home_news():
    """Render the featured articles and the latest news of the home page (one query)."""
    rows = list(
        Article.objects.for_unit(current_unit())
        .published()
        .newest_and_featured(latest=FEATURED_ON_HOME + LATEST_ON_HOME, featured=FEATURED_ON_HOME)
    )
    featured = [a for a in rows if a.featured][:FEATURED_ON_HOME] or rows[:1]
    latest = [a for a in rows if a not in featured][:LATEST_ON_HOME]
    return {"featured": featured, "latest": latest}


@register.inclusion_tag("news/partials/home_categories.html")
def home_category_blocks():
    """Render one block of the newest articles per category marked show_on_home (one query)."""
    categories = [c for c in all_categories() if c.show_on_home]
    if not categories:
        return {"blocks": []}
    rows = (
        Article.objects.for_unit(current_unit())
        .published()
        .newest_per_category(categories, PER_CATEGORY_ON_HOME)
    )
    by_category = {c.pk: [] for c in categories}
    for article in rows:
        by_category[article.category_id].append(article)
    blocks = [(c, by_category[c.pk]) for c in categories if by_category[c.pk]]
    return {"blocks": blocks}


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
