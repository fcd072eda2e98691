"""Content version numbers that are part of every page and fragment cache key.

A page's key is made of the platform's version (units and host names changed), its
unit's identity version, the province's catalogue version (procedures, shared by every
unit) when the page shows the catalogue, and one version per *section* of the unit the
page shows (news, procedures, ...; a section is a string an app names when it calls
`invalidate_on_change`). A save bumps only the sections it affects, so an edit to the
news leaves the unit's procedure pages cached, and an edit in one unit leaves the other
units alone.

Bumps are *soft* (a section's version: a page built for the previous version may still
be served while one request rebuilds it, see the page cache) or *hard* (the platform's
or a unit's identity version: every page of the unit is rebuilt, never served stale) —
for what must never show late: the unit's name and host names, a banner, hotline numbers.
"""

import contextvars
import hashlib
import math
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from anphu_portal.current_unit import current_unit
from anphu_portal.release import release

T = TypeVar("T")

VERSION_KEY = "portal:content-version"
CATALOGUE = "catalogue"
# On every page: the unit's identity, its menus and banner (the header and the sidebar).
SITE = "site"
EVERY_PAGE = (SITE,)
# The sections apps declared (invalidate_on_change), and those that show the catalogue.
SECTIONS: set[str] = {SITE}
CATALOGUE_SECTIONS: set[str] = set()
# The first versions of a page's list are the hard ones: the platform's and the unit's.
HARD_VERSIONS = 2
# How long the next scheduled moment of a unit's section is kept (an edit moves its key).
SCHEDULED_SECONDS = 24 * 3600


def declare_section(section: str, *, catalogue: bool = False) -> None:
    """Name a section of the unit's pages (an app's), optionally one showing the catalogue."""
    SECTIONS.add(section)
    if catalogue:
        CATALOGUE_SECTIONS.add(section)


# What one request has already read from the cache, so that a page asking again (three
# fragments keyed by the content version, a tag used twice) makes no second round trip.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "request_memo", default=None
)


@contextmanager
def request_memo() -> Iterator[None]:
    """Remember cache reads made by per_request() until the block ends (one request).

    Nested blocks (the page cache, then the unit middleware) share the outer memo.
    """
    if _request_memo.get() is not None:
        yield
        return
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


def remember(key: str, value: object) -> None:
    """Give per_request(key, …) of this request a value already read (with others)."""
    memo = _request_memo.get()
    if memo is not None and value is not None:
        memo[key] = value


@dataclass(frozen=True)
class ScriptRead:
    """A Lua script a page runs on the cache's Redis, sent with its fragments' read.

    `name` is what `kept_reply(name)` answers its reply under for the rest of the
    request; `context` is kept with the reply (what the caller needs to read it: the
    moment the visitor figures were asked for).
    """

    name: str
    source: str
    keys: list
    args: list
    context: object = None


def prefetch(keys: list[str], scripts: list[ScriptRead] = ()) -> None:
    """Read cache entries this request will ask for in one round trip (`get_many`).

    A page's layout fragments (the header, the organization app's layout, the hotline
    boxes) and a view's own (the article) were one `get` each. What is read here, found
    or not, is answered by `kept()` for the rest of the request; keys read already are
    not read again, so a view may prefetch its own with the layout's and the layout's
    tag then makes no round trip. On Redis, `scripts` go in the same round trip (the
    visitor figures); their replies are answered by `kept_reply()`.
    """
    memo = _request_memo.get()
    if memo is None:
        return
    wanted = [key for key in dict.fromkeys(keys) if ("kept", key) not in memo]
    scripts = [script for script in scripts if ("reply", script.name) not in memo]
    read_with_scripts = getattr(cache, "get_many_and_run_scripts", None)
    if scripts and read_with_scripts is not None:
        calls = [(script.source, script.keys, script.args) for script in scripts]
        answered = read_with_scripts(wanted, calls)
        if answered is not None:  # None: Redis is unreachable, each asks on its own.
            found, replies = answered
            for script, reply in zip(scripts, replies, strict=True):
                memo[("reply", script.name)] = (reply, script.context)
            for key in wanted:
                memo[("kept", key)] = found.get(key)
            return
    if not wanted:
        return
    found = cache.get_many(wanted)
    for key in wanted:
        memo[("kept", key)] = found.get(key)


def prefetch_page(request, keys: list[str] = ()) -> None:
    """Read the layout's fragments of a public page, and a view's own `keys`, at once.

    With them, the fragments an app registered for this page (`register_page_fragment`:
    the home page's news, which the portal's own view does not know). The layout's
    scripts (the visitor figures of the sidebar) go in the same round trip.
    """
    from anphu_portal.registry import portal

    if settings.FRAGMENT_CACHE_SECONDS <= 0 or _request_memo.get() is None:
        return
    layout = [cache_key(request) for cache_key in portal.layout_fragments.values()]
    match = request.resolver_match
    page = portal.page_fragments.get(match.view_name, ()) if match is not None else ()
    layout.extend(cache_key(request) for cache_key in page)
    scripts = [read(request) for read in portal.layout_scripts.values()]
    prefetch([*layout, *keys], [script for script in scripts if script is not None])


def kept_reply(name: str) -> tuple[object, object] | None:
    """Return the reply and context of a script this request's prefetch ran, or None."""
    memo = _request_memo.get()
    return None if memo is None else memo.get(("reply", name))


def kept(key: str) -> object:
    """Return a cache entry (None when missing), from this request's prefetch when it read it."""
    memo = _request_memo.get()
    if memo is not None and ("kept", key) in memo:
        return memo[("kept", key)]
    return cache.get(key)


def keep(key: str, value: object, timeout: int) -> None:
    """Store a cache entry, and give it to this request's later `kept(key)`."""
    cache.set(key, value, timeout)
    memo = _request_memo.get()
    if memo is not None:
        memo[("kept", key)] = value


def forget_request_memo() -> None:
    """Drop what this request remembered: a content version it bumped has changed."""
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def first_version(key: str) -> int:
    """Return the number a missing version key starts from.

    The platform's version starts at a random number: a cache emptied (Redis restarted,
    its keys evicted, a test's `cache.clear()`) then gives it another value, so a copy
    of the unit map a process read under the old one is never taken as current
    (`units.unit_map_copy`). A section's version starts at 1.
    """
    return secrets.randbelow(10**9) + 1 if key == VERSION_KEY else 1


def _version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        start = first_version(key)
        cache.add(key, start, timeout=None)
        version = cache.get(key, start)
    return version


def _bump(key: str) -> None:
    forget_request_memo()
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, first_version(key) + 1, timeout=None)


def unit_version_key(unit_id: object) -> str:
    """Return the cache key of one unit's identity version (or the catalogue's)."""
    return f"{VERSION_KEY}:{unit_id}"


def section_version_key(unit_id: object, section: str) -> str:
    """Return the cache key of one section's version in one unit."""
    return f"{VERSION_KEY}:{unit_id}:{section}"


def version_keys(unit_id: object, sections=None) -> list[str]:
    """Return the version keys a page or fragment of these sections (None: all) depends on.

    The hard ones (`HARD_VERSIONS`) come first; then the catalogue's, when a section
    shows it; then the sections', in a stable order.
    """
    chosen = set(SECTIONS if sections is None else sections) | set(EVERY_PAGE)
    keys = [VERSION_KEY, unit_version_key(unit_id)]
    if chosen & CATALOGUE_SECTIONS:
        keys.append(unit_version_key(CATALOGUE))
    keys.extend(section_version_key(unit_id, section) for section in sorted(chosen))
    return keys


def read_versions(keys: list[str], found: dict) -> tuple:
    """Return the versions of `keys` from a `get_many` answer, starting the missing ones."""
    return tuple(found[key] if found.get(key) is not None else _version(key) for key in keys)


def content_version(sections=None) -> str:
    """Return the versions the current unit's pages of these sections depend on, as a key part.

    Read once per request: a page has several fragments keyed by it.
    """
    unit = current_unit()
    unit_id = unit.pk if unit else 0
    memo = _request_memo.get()
    if memo is None:
        return ".".join(str(version) for version in versions_of(version_keys(unit_id, sections)))
    # A page's fragments (and the prefetch of their keys) ask for a few sets of sections
    # a dozen times: each set's versions are joined once per request.
    chosen = None if sections is None else frozenset(sections)
    remembered = ("content-version", unit_id, chosen)
    if remembered not in memo:
        # A page's fragments show different sections: read all the unit's versions at once.
        versions_of(version_keys(unit_id))
        keys = version_keys(unit_id, sections)
        memo[remembered] = ".".join(str(version) for version in versions_of(keys))
    return memo[remembered]


def versions_of(keys: list[str], found: dict | None = None) -> tuple:
    """Return the versions of `keys`, each read from the cache once per request.

    `found` is a `get_many` answer already in hand (the page cache reads the versions with
    the page itself); the keys it lacks are read in one more `get_many`.
    """
    memo = _request_memo.get()
    if memo is None:
        return read_versions(keys, found if found is not None else cache.get_many(keys))
    missing = [key for key in keys if ("version", key) not in memo]
    if missing:
        answer = found if found is not None else cache.get_many(missing)
        for key, version in zip(missing, read_versions(missing, answer), strict=True):
            memo[("version", key)] = version
    return tuple(memo[("version", key)] for key in keys)


def unread_versions(keys: list[str]) -> list[str]:
    """Return those of the version `keys` this request has not read yet (all, outside one)."""
    memo = _request_memo.get()
    if memo is None:
        return list(keys)
    return [key for key in keys if ("version", key) not in memo]


def bump_content_version(*args, **kwargs) -> None:
    """Invalidate every unit's cached pages and fragments at once; usable as a signal receiver."""
    _bump(VERSION_KEY)


def bump_unit_version(unit_id: object) -> None:
    """Invalidate every page of one unit at once, never served stale (a hard bump)."""
    _bump(unit_version_key(unit_id))


def bump_section_version(unit_id: object, section: str) -> None:
    """Invalidate one section's pages of one unit (a soft bump: rebuilt by one request)."""
    _bump(section_version_key(unit_id, section))


def versioned_key(name: str, *parts: object, sections=None) -> str:
    """Return a cache key for a fragment of the current unit, valid for its sections' versions.

    Without `sections`, the fragment depends on every section of the unit. A fragment is
    this release's (`release.release`): another release's markup is never served.
    """
    unit = current_unit()
    named = "|".join([release(), *(str(p) for p in parts)])
    digest = hashlib.md5(named.encode(), usedforsecurity=False)
    version = content_version(sections)
    return f"portal:{name}:{unit.pk if unit else 0}:{version}:{digest.hexdigest()}"


def page_cache_seconds() -> int:
    """Return how long an anonymous page may stay cached."""
    return settings.PAGE_CACHE_SECONDS


def page_lifetime(unit_id: object, now: datetime | None = None, *, sections=None) -> int:
    """Return how long a unit's page may stay cached: up to the next change the apps foresee.

    A banner that starts or ends in ten seconds ends the pages cached now in ten seconds,
    so no visitor sees a page without it (or with it) after that moment. `sections` are
    those the page shows (None: every section).
    """
    return seconds_to_next_change(unit_id, page_cache_seconds(), now, sections=sections)


def seconds_to_next_change(
    unit_id: object, longest: int, now: datetime | None = None, *, sections=None, page=True
) -> int:
    """Return `longest`, or fewer seconds when a change the apps foresee comes sooner.

    The changes are the page deadlines apps register (a banner's start or end, the next
    local midnight, a scheduled publication): nothing is saved at such a moment, so no
    version moves, and what is cached before it must end by then. Of them, those of the
    `sections` shown (None: every section) count, and for a whole `page` those of every
    page too; a fragment shows no banner and ends at midnight only when it says so.
    """
    from anphu_portal.registry import portal

    now = now or timezone.now()
    seconds = longest
    for key, deadline in portal.page_deadlines.items():
        shown_in = portal.deadline_sections.get(key)
        if shown_in is None and not page:
            continue
        if shown_in is not None and sections is not None and not set(shown_in) & set(sections):
            continue
        if sections is None and key in portal.deadlines_off_general_pages:
            continue
        moment = deadline(unit_id, now)
        if moment is not None:
            seconds = min(seconds, max(0, math.ceil((moment - now).total_seconds())))
    return seconds


def next_scheduled(name: str, *, sections, next_moment: Callable) -> Callable:
    """Return a page deadline: the next moment `next_moment(unit_id, now)` finds, kept.

    For content published at a set time (an article, a document). The moment is kept per
    unit and version of `sections` (an edit may move it) and looked up again once it has
    passed; within a request it is read once.
    """

    def deadline(unit_id, now: datetime) -> datetime | None:
        if unit_id is None:
            return None

        def read():
            key = versioned_key(name, unit_id, sections=sections)
            kept = cache.get(key)
            if kept is None or (kept[0] is not None and kept[0] <= now):
                kept = (next_moment(unit_id, now),)
                cache.set(key, kept, SCHEDULED_SECONDS)
            return kept[0]

        moment = per_request(f"{name}:{unit_id}", read)
        return moment if moment is not None and moment > now else None

    return deadline


def cached_by_sections(
    name: str,
    render: Callable[[], T],
    *parts: object,
    sections,
    daily: bool = False,
    scheduled: bool = False,
) -> T:
    """Return a fragment of the current unit's pages, rendered once per version of its sections.

    The fragments every page repeats (the header, the hotline boxes) and the costly parts
    of a section (the home page's news, the documents' filter counts) are kept, keyed by
    the versions of the sections they show and by `parts` (what else they vary on). They
    stay on when the page cache is off, and outlive a whole page: an edit of the news
    rebuilds the pages that show news, and those pages then rebuild only their news
    fragments. A fragment lives settings.FRAGMENT_CACHE_SECONDS (0 turns fragments off),
    when `daily` (what it shows depends on today's date) no later than midnight, and when
    `scheduled` (it lists content published at a set time) no later than the next such
    publication in its sections.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return render()
    key = versioned_key(name, *parts, sections=sections)
    value = kept(key)
    if value is None:
        value = render()
        if daily:
            seconds = min(seconds, seconds_to_midnight())
        if scheduled:  # A scheduled article joins the home page's news at its time.
            unit = current_unit()
            seconds = seconds_to_next_change(
                unit.pk if unit else None, seconds, sections=sections, page=False
            )
        if seconds > 0:
            keep(key, value, seconds)
    return value


def seconds_to_midnight(now: datetime | None = None) -> int:
    """Return the whole seconds left until the next local midnight (at least 1)."""
    now = timezone.localtime(now, timezone.get_default_timezone())
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)
    return max(1, math.ceil((midnight - now).total_seconds()))


# --- Wiring: which edits end the cached pages --------------------------------------------


def unit_of(instance) -> object:
    """Return the unit id whose pages show this row: its own, or its parent row's."""
    unit_id = getattr(instance, "unit_id", None)
    if unit_id is None and hasattr(instance, "owning_unit_id"):
        unit_id = instance.owning_unit_id()
    return unit_id


def bump_catalogue_version(*args, **kwargs) -> None:
    """Invalidate the pages that show the province's shared catalogue, in every unit."""
    bump_unit_version(CATALOGUE)


def section_bumper(sections: tuple[str, ...], *, hard: bool):
    """Return a signal receiver bumping these sections (or, hard, the whole unit) of a row's unit."""

    def receiver(sender, instance=None, **kwargs) -> None:
        unit_id = unit_of(instance) if instance is not None else None
        if unit_id is None:
            bump_content_version()  # A row of no known unit: every unit, at once.
        elif hard:
            bump_unit_version(unit_id)
        else:
            for section in sections:
                bump_section_version(unit_id, section)

    return receiver


def invalidate_on_change(
    *models: type[Model],
    sections: tuple[str, ...] | None = None,
    catalogue: bool = False,
    hard: bool = False,
) -> None:
    """Bump a content version whenever a row of these models, or one of their links, changes.

    Called from each app's AppConfig.ready(): saves, deletes and the many-to-many fields
    the models declare (an article's extra categories) all reach the public pages. A
    unit's rows bump the `sections` they are shown in (default: their app's label) in
    their unit; `hard=True` rows (identity, banners, hotline numbers) end every page of
    their unit at once, never served stale. `catalogue=True` models, shared by every unit,
    bump the catalogue's version, read by the pages of their sections in every unit.
    """
    for model in models:
        label = model._meta.label
        model_sections = tuple(sections or (model._meta.app_label,))
        for section in model_sections:
            declare_section(section, catalogue=catalogue)
        if catalogue:
            receiver = bump_catalogue_version
        else:
            receiver = section_bumper(model_sections, hard=hard)
        post_save.connect(receiver, sender=model, dispatch_uid=f"{label}.save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{label}.delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                dispatch_uid=f"{label}.{field.name}.m2m",
                weak=False,
            )
