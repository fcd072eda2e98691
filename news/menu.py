"""The category list of the menu and the home page, cached until the next content change.

Each category carries when its next scheduled article is published (`next_publication`,
a subquery on the category's listing index in the same query): the page cache ends the
pages with news at that moment (the "news-scheduled" page deadline) without a query of
its own. Once that moment has passed, the list is read again.
"""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from anphu_portal.caching import keep, kept, per_request, versioned_key
from anphu_portal.current_unit import current_unit
from news.models import Article, Category


def categories_key() -> str:
    """Return the cache key of the current unit's categories (a view may prefetch it)."""
    # Named for the list's shape: a list cached by an earlier release, without
    # `next_publication`, is never read as one with it.
    return versioned_key("news-categories:next-publication", sections=("news",))


def all_categories() -> list[Category]:
    """Return the current unit's categories in menu order, cached until its next change."""
    unit = current_unit()

    def read() -> list[Category]:
        key = categories_key()
        categories = kept(key)
        now = timezone.now()
        if categories is None or any(
            category.next_publication is not None and category.next_publication <= now
            for category in categories
        ):
            categories = list(with_next_publication(Category.objects.for_unit(unit), now))
            keep(key, categories, None)
        return categories

    return per_request(f"news-categories:{getattr(unit, 'pk', None)}", read)


def with_next_publication(categories, now):
    """Return the categories in menu order, each with its next scheduled publication."""
    scheduled = Article.objects.filter(
        category=OuterRef("pk"), status=Article.Status.PUBLISHED, publish_at__gt=now
    )
    first = scheduled.order_by("publish_at").values("publish_at")[:1]
    return categories.annotate(next_publication=Subquery(first)).order_by("position", "name")


def next_publication(unit_id, now):
    """Return when the unit's next scheduled article is published, or None (a page deadline)."""
    if unit_id is None:
        return None
    moments = [category.next_publication for category in all_categories()]
    return min((moment for moment in moments if moment is not None and moment > now), default=None)
