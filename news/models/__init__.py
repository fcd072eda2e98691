"""Models of the news app: categories, articles and articles shared upward, with query sets."""

from news.models.articles import Article, ArticleQuerySet, Category
from news.models.sharing import ArticleOffer, ArticleOfferQuerySet, source_fingerprint

__all__ = [
    "Article",
    "ArticleOffer",
    "ArticleOfferQuerySet",
    "ArticleQuerySet",
    "Category",
    "source_fingerprint",
]
