"""One content version number that is part of every page cache key.

Any save or delete of published content bumps it (each app names its models to
`invalidate_on_change`), so no cached page outlives an edit.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "portal:content-version"


def content_version() -> int:
    """Return the current content version, starting it at 1."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(*args, **kwargs) -> None:
    """Invalidate every cached page and fragment; usable directly as a signal receiver."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def versioned_key(name: str, *parts: object) -> str:
    """Return a cache key for a fragment that is valid only for the current content version."""
    digest = hashlib.md5("|".join(str(p) for p in parts).encode(), usedforsecurity=False)
    return f"portal:{name}:{content_version()}:{digest.hexdigest()}"


def page_cache_seconds() -> int:
    """Return how long an anonymous page may stay cached."""
    return settings.PAGE_CACHE_SECONDS


# --- Wiring: which edits end the cached pages --------------------------------------------


def invalidate_on_change(*models: type[Model]) -> None:
    """Bump the content version whenever a row of these models, or one of their links, changes.

    Called from each app's AppConfig.ready(): saves, deletes and the many-to-many fields
    the models declare (an article's extra categories) all reach the public pages.
    """
    for model in models:
        label = model._meta.label
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{label}.save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{label}.delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_content_version,
                sender=field.remote_field.through,
                dispatch_uid=f"{label}.{field.name}.m2m",
            )
