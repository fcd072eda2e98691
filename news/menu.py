"""The category list of the menu and the home page, cached until the next content change."""

from django.core.cache import cache

from anphu_portal.caching import versioned_key
from news.models import Category


def all_categories() -> list[Category]:
    """Return every category in menu order, cached until the next content change."""
    key = versioned_key("news-categories")
    categories = cache.get(key)
    if categories is None:
        categories = list(Category.objects.order_by("position", "name"))
        cache.set(key, categories, None)
    return categories
