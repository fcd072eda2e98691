"""One content version number that is part of every page cache key.

Any save or delete of published content bumps it (apps connect their signals to
`bump_content_version`), so no cached page outlives an edit.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

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
