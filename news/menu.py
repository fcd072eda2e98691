"""The category list of the menu and the home page, cached until the next content change."""

from django.core.cache import cache

from anphu_portal.caching import versioned_key
from anphu_portal.current_unit import current_unit
from news.models import Category


def all_categories() -> list[Category]:
    """Return the current unit's categories in menu order, cached until its next change."""
    key = versioned_key("news-categories", sections=("news",))
    categories = cache.get(key)
    if categories is None:
        categories = list(Category.objects.for_unit(current_unit()).order_by("position", "name"))
        cache.set(key, categories, None)
    return categories
