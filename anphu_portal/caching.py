"""Content version numbers that are part of every page cache key.

Three numbers make a key: the platform's (units and host names changed), the unit's
own (its news, contacts) and the province's catalogue (procedures, shared by every
unit). Any save or delete of published content bumps the one it affects (each app
names its models to `invalidate_on_change`), so no cached page outlives an edit and an
edit in one unit leaves the other units' cached pages alone.
"""

import contextvars
import hashlib
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from anphu_portal.current_unit import current_unit

VERSION_KEY = "portal:content-version"
CATALOGUE = "catalogue"


# What one request has already read from the cache, so that a page asking again (three
# fragments keyed by the content version, a tag used twice) makes no second round trip.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "request_memo", default=None
)


@contextmanager
def request_memo() -> Iterator[None]:
    """Remember cache reads made by per_request() until the block ends (one request)."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def per_request(key: str, compute: Callable[[], object]) -> object:
    """Return compute(), computed once per request (every time outside a request)."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_request_memo() -> None:
    """Drop what this request remembered: a content version it bumped has changed."""
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def _version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key, 1)
    return version


def _bump(key: str) -> None:
    forget_request_memo()
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def unit_version_key(unit_id: object) -> str:
    """Return the cache key of one unit's content version (or the catalogue's)."""
    return f"{VERSION_KEY}:{unit_id}"


def content_version() -> str:
    """Return the versions the current unit's pages depend on, as one key part.

    Read once per request: a page has several fragments keyed by it.
    """
    unit = current_unit()
    return per_request(f"content-version:{unit.pk if unit else 0}", lambda: _read_versions(unit))


def _read_versions(unit) -> str:
    keys = [VERSION_KEY, unit_version_key(unit.pk if unit else 0), unit_version_key(CATALOGUE)]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        found = {key: found.get(key) or _version(key) for key in keys}
    return ".".join(str(found[key]) for key in keys)


def bump_content_version(*args, **kwargs) -> None:
    """Invalidate every unit's cached pages and fragments; usable as a signal receiver."""
    _bump(VERSION_KEY)


def bump_unit_version(unit_id: object) -> None:
    """Invalidate one unit's cached pages and fragments (or, with CATALOGUE, the catalogue's)."""
    _bump(unit_version_key(unit_id))


def versioned_key(name: str, *parts: object) -> str:
    """Return a cache key for a fragment of the current unit, valid for its content version."""
    unit = current_unit()
    digest = hashlib.md5("|".join(str(p) for p in parts).encode(), usedforsecurity=False)
    return f"portal:{name}:{unit.pk if unit else 0}:{content_version()}:{digest.hexdigest()}"


def page_cache_seconds() -> int:
    """Return how long an anonymous page may stay cached."""
    return settings.PAGE_CACHE_SECONDS


def page_lifetime(unit_id: object, now: datetime | None = None) -> int:
    """Return how long a unit's page may stay cached: up to the next change the apps foresee.

    A banner that starts or ends in ten seconds ends the pages cached now in ten seconds,
    so no visitor sees a page without it (or with it) after that moment.
    """
    from anphu_portal.registry import portal

    now = now or timezone.now()
    seconds = page_cache_seconds()
    for deadline in portal.page_deadlines.values():
        moment = deadline(unit_id, now)
        if moment is not None:
            seconds = min(seconds, max(0, math.ceil((moment - now).total_seconds())))
    return seconds


# --- Wiring: which edits end the cached pages --------------------------------------------


def unit_of(instance) -> object:
    """Return the unit id whose pages show this row: its own, or its parent row's."""
    unit_id = getattr(instance, "unit_id", None)
    if unit_id is None and hasattr(instance, "owning_unit_id"):
        unit_id = instance.owning_unit_id()
    return unit_id


def bump_for_instance(sender, instance=None, **kwargs) -> None:
    """Bump the version of the unit a changed row belongs to; all units' when unknown."""
    unit_id = unit_of(instance) if instance is not None else None
    if unit_id is None:
        bump_content_version()
    else:
        bump_unit_version(unit_id)


def bump_catalogue_version(*args, **kwargs) -> None:
    """Invalidate the pages that show the province's shared catalogue, in every unit."""
    bump_unit_version(CATALOGUE)


def invalidate_on_change(*models: type[Model], catalogue: bool = False) -> None:
    """Bump a content version whenever a row of these models, or one of their links, changes.

    Called from each app's AppConfig.ready(): saves, deletes and the many-to-many fields
    the models declare (an article's extra categories) all reach the public pages. A
    unit's rows bump their unit's version; `catalogue=True` models, shared by every
    unit, bump the catalogue's.
    """
    receiver = bump_catalogue_version if catalogue else bump_for_instance
    for model in models:
        label = model._meta.label
        post_save.connect(receiver, sender=model, dispatch_uid=f"{label}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{label}.delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                dispatch_uid=f"{label}.{field.name}.m2m",
            )
