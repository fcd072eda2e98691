"""Word matching shared by every search of the portal (site search, catalogue, directory)."""

from django.db.models import QuerySet

from anphu_portal.folding import fold_words


def filter_by_words(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet:
    """Return the rows whose folded search text contains every word of the query."""
    for word in fold_words(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
