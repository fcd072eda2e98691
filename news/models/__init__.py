"""Models of the news app, split by topic: articles, images, sanitizing, workflow."""

from news.models.articles import Article, ArticleQuerySet, Category, all_categories
from news.models.images import store_editor_image, validate_image_upload
from news.models.sanitizing import html_to_text, sanitize_body
from news.models.workflow import (
    can_publish,
    publish_article,
    record_article_view,
    submit_for_review,
    unpublish_article,
)

__all__ = [
    "Article",
    "ArticleQuerySet",
    "all_categories",
    "Category",
    "can_publish",
    "html_to_text",
    "publish_article",
    "record_article_view",
    "sanitize_body",
    "store_editor_image",
    "submit_for_review",
    "unpublish_article",
    "validate_image_upload",
]
