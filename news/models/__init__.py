"""Models of the news app: categories and articles, with their query sets."""

from news.models.articles import Article, ArticleQuerySet, Category

__all__ = ["Article", "ArticleQuerySet", "Category"]
