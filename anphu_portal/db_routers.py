"""An optional read replica (DATABASE_REPLICA_URL): anonymous page reads go there.

`ReplicaReadsMiddleware` decides per request, before the view runs, whether its reads
may use the replica: only an anonymous visitor's GET or HEAD of a public page (no session
cookie, not the admin), only when the unit has had no write for REPLICA_AFTER_WRITE_SECONDS,
and never when that cannot be known (the cache is down or has just been emptied). So a
page cached under a new content version is always rendered from the primary, and an edit
is seen at once by its editor. Everything else, and every write, uses the primary.
Views that must read what was just written (a citizen's tracking look-up) use
`@primary_reads`.
"""

from __future__ import annotations

import contextlib
import time
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

from anphu_portal.caching import unit_of
from anphu_portal.middleware import is_admin_path

REPLICA = "replica"
ROUTER = "anphu_portal.db_routers.ReplicaRouter"
WRITE_KEY = "portal:replica:last-write"
# Written when the write log starts (or starts again after the cache was emptied): before
# it plus the window, recent writes are unknown, so reads stay on the primary.
LOG_STARTED_KEY = "portal:replica:log-started"
ALL_UNITS = "all"
# Rows that no public page shows: writing them does not make the replica stale for pages.
NOT_CONTENT_APPS = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "otp_static",
    "otp_totp",
    "reversion",
    "sessions",
}
NOT_CONTENT_MODELS = {
    "anphu_portal.AuditEvent",
    "anphu_portal.ArticleViewOfDay",
    "anphu_portal.DailyVisitStats",
    "anphu_portal.RateLimitCounter",
    "anphu_portal.RecentVisitor",
}

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    """Return True when a replica is set up and this router sends reads to it."""
    return REPLICA in settings.DATABASES and ROUTER in settings.DATABASE_ROUTERS


class ReplicaRouter:
    """Reads to the replica while the current request allows it; writes to the primary."""

    def db_for_read(self, model, **hints):
        if not _replica_reads.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # Inside a transaction on the primary, its own reads stay with it.
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication, never by migrate.
        return db != REPLICA


@contextlib.contextmanager
def reads_from_primary():
    """Read from the primary inside this block, whatever the request allows."""
    token = _replica_reads.set(False)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def primary_reads(view):
    """Decorate a view that must see the latest writes (e.g. a tracking look-up)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with reads_from_primary():
            return view(*args, **kwargs)

    return wrapper


# --- Recent writes, per unit, in the shared cache ------------------------------------------


def write_key(unit_id: object) -> str:
    return f"{WRITE_KEY}:{unit_id}"


def record_write(sender, instance=None, **kwargs) -> None:
    """Remember when content of a unit (or of every unit, when unknown) was last written."""
    meta = sender._meta
    if meta.app_label in NOT_CONTENT_APPS or meta.label in NOT_CONTENT_MODELS:
        return
    unit_id = unit_of(instance) if isinstance(instance, sender) else None
    now = time.time()
    timeout = max(settings.REPLICA_AFTER_WRITE_SECONDS * 2, 60)
    try:
        cache.add(LOG_STARTED_KEY, now, timeout=None)
        cache.set(write_key(ALL_UNITS if unit_id is None else unit_id), now, timeout)
    except Exception:
        # The cache is down: the check below cannot read it either, so pages use the
        # primary until it is back.
        pass


def connect_write_log() -> None:
    """Listen to every save and delete; called once when a replica is configured."""
    post_save.connect(record_write, dispatch_uid="replica-write-log.save")
    post_delete.connect(record_write, dispatch_uid="replica-write-log.delete")
    m2m_changed.connect(record_write, dispatch_uid="replica-write-log.m2m")


def written_recently(unit_id: object) -> bool:
    """Return True when the unit's reads must use the primary: a recent write, or unknown."""
    now = time.time()
    window = settings.REPLICA_AFTER_WRITE_SECONDS
    keys = [LOG_STARTED_KEY, write_key(ALL_UNITS), write_key(unit_id)]
    try:
        found = cache.get_many(keys)
    except Exception:
        return True  # the cache is down (the database cache with the database, say)
    started = found.get(LOG_STARTED_KEY)
    if started is None:
        # An empty cache, or one that does not answer: writes of the last seconds unknown.
        with contextlib.suppress(Exception):
            cache.add(LOG_STARTED_KEY, now, timeout=None)
        return True
    if now - started < window:
        return True
    return any(now - found[key] < window for key in keys[1:] if key in found)


class ReplicaReadsMiddleware:
    """Let an anonymous GET/HEAD of a public page read from the replica (see module doc).

    Listed after the unit middleware. Staff are told apart without reading their session:
    any request with a session cookie uses the primary.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (replica_configured() and self.may_use_replica(request)):
            return self.get_response(request)
        token = _replica_reads.set(True)
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)

    @staticmethod
    def may_use_replica(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or is_admin_path(request.path):
            return False
        from anphu_portal.units import request_unit

        unit = request_unit(request)
        return unit is not None and not written_recently(unit.pk)
