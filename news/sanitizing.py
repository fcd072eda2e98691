"""Article bodies pass the portal's rich-text allow-list (anphu_portal.sanitizing)."""

from anphu_portal.sanitizing import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    URL_SCHEMES,
    html_to_text,
    sanitize_body,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "DROPPED_WITH_CONTENT",
    "URL_SCHEMES",
    "html_to_text",
    "sanitize_body",
]
