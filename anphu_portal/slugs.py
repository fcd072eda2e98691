"""ASCII slugs of Vietnamese text, the one definition models, commands and views use.

The admin's slug boxes fill in the same way in the browser (static/js/admin-slug.js).
"""

from django.db.models import Model
from django.utils.text import slugify

from anphu_portal.folding import fold

# Room kept for the "-2", "-3"… that makes a slug unique.
SUFFIX_ROOM = 10


def ascii_slug(text: str | None, *, max_length: int = 200, fallback: str = "") -> str:
    """Return an ASCII slug of Vietnamese text: "Đất đai" -> "dat-dai"."""
    return (slugify(fold(text)) or fallback)[:max_length].strip("-")


def unique_slug(instance: Model, text: str | None, *, fallback: str, field: str = "slug") -> str:
    """Return a slug of text that no other row of the instance's model uses."""
    max_length = min(200, instance._meta.get_field(field).max_length - SUFFIX_ROOM)
    base = ascii_slug(text, max_length=max_length) or fallback
    taken = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, number = base, 1
    while taken.filter(**{field: slug}).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
