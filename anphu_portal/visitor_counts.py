"""Visitor counting on Redis: a page view recorded in the page's one round trip.

With a Redis cache (`ResilientRedisCache`) a page view is recorded by a Lua script on
Redis, the same one that reads the cached page (see `redis_pages`), instead of four to six
SQL statements. The rules are those of the database path (`models/visits.py`):

- a *visit* starts when the visitor (the daily keyed hash of address and user agent) was
  not seen in the unit for VISIT_GAP: the unit's sorted set `online:<unit>` holds each
  visitor of the last VISIT_GAP with the time last seen (ZSCORE, ZADD, and
  ZREMRANGEBYSCORE for those gone), like the table RecentVisitor;
- "Đang online" is the number of members seen within ONLINE_WINDOW (ZCOUNT): exact,
  no HyperLogLog;
- an article's view counts once per visitor and local day: SADD of "hash:article" to the
  day's set `articles:<day>`, which expires when the local day ends (the privacy rule of
  ArticleViewOfDay);
- the counts not yet in the database are HINCRBYs in one hash, `pending`:
  `p:<unit>:<day>` page views, `v:<unit>:<day>` visits, `vt:<unit>` visits of any day
  (for the total shown), `a:<article>` article views.

Each minute `manage.py flush_visitor_counts` moves `pending` into the database: a script
RENAMEs it to `batch:<token>` (so views recorded meanwhile start a new `pending`, and
nothing is read and deleted apart) and lists the token in `batches`; the batch is added
to DailyVisitStats and the articles' view counts in one transaction that also inserts
the token into VisitCountFlush (unique), then a second script deletes the batch and bumps
`generation`. A run that dies after its commit leaves the batch listed; the next run sees
the token already in VisitCountFlush and only deletes it. Two runs at once claim
different batches, and when both take the same stale one, the unique token lets one
transaction commit. So each count reaches the database exactly once.

The figures shown stay exact: database figures (cached 30 s under the current
`generation`) plus `pending` plus the batches being flushed. The flush bumps `generation`
in the same script that deletes its batch, so a page never adds a batch to database
figures that already hold it, except for the milliseconds between the flush's commit and
that script. The admin's daily chart and the most-read lists read the database: they are
at most a minute (the cron interval) behind.

Without Redis (the database or local-memory cache) and while Redis is unreachable, views
go to the database as before. Visitors seen on Redis are not known to the database: the
first view of a visitor after an outage starts (or ends) a visit there once.

The keys carry the cache's KEY_PREFIX and version. The scripts name keys they derive
(from `ns`, the prefix) instead of receiving them all in KEYS: fine on one Redis server,
not on a Redis Cluster.
"""

import contextlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache, caches
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from anphu_portal.cache_backends import OUTAGE_ERRORS, ResilientRedisCache
from anphu_portal.caching import ScriptRead, kept_reply, seconds_to_midnight
from anphu_portal.models.visits import (
    ONLINE_WINDOW,
    VISIT_GAP,
    VISITOR_FIGURES_CACHE_SECONDS,
    ArticleViewOfDay,
    RecentVisitor,
    VisitCountFlush,
    _sqlite_lock,
    add_day_counts,
    local_date,
    record_article_views,
    record_page_view,
    visitor_figures,
)

NAMESPACE = "portal:visits:"
# A batch claimed this long ago by a run that did not finish it is taken by the next run.
STALE_BATCH_SECONDS = 120
# The tokens of applied batches are kept this long: longer than any run takes.
FLUSH_LEDGER_DAYS = 7

# Records one page view. Arguments: ns, unit, day, hash, article ('' for none), now (ms),
# gap (ms), seconds left in the local day. Returns 1.
RECORD_FUNCTION = """
local function record_view(ns, unit, day, hash, article, now, gap, day_left)
  local online = ns .. 'online:' .. unit
  local last = redis.call('ZSCORE', online, hash)
  local new_visit = (not last) or (now - tonumber(last) >= gap)
  redis.call('ZADD', online, now, hash)
  redis.call('ZREMRANGEBYSCORE', online, '-inf', now - gap)
  redis.call('PEXPIRE', online, gap)
  local pending = ns .. 'pending'
  redis.call('HINCRBY', pending, 'p:' .. unit .. ':' .. day, 1)
  if new_visit then
    redis.call('HINCRBY', pending, 'v:' .. unit .. ':' .. day, 1)
    redis.call('HINCRBY', pending, 'vt:' .. unit, 1)
  end
  if article ~= '' then
    local seen = ns .. 'articles:' .. day
    if redis.call('SADD', seen, hash .. ':' .. article) == 1 then
      redis.call('HINCRBY', pending, 'a:' .. article, 1)
    end
    redis.call('EXPIRE', seen, day_left)
  end
  return 1
end
"""

# Returns {generation, database figures cached for it ("total today") or nil, visits not
# yet in the database (all days, today), visitors online}.
FIGURES_FUNCTION = """
local function figures(ns, unit, day, now, window)
  local generation = redis.call('GET', ns .. 'generation') or '0'
  local base = redis.call('GET', ns .. 'base:' .. unit .. ':' .. day .. ':' .. generation)
  local fields = {'vt:' .. unit, 'v:' .. unit .. ':' .. day}
  local counts = redis.call('HMGET', ns .. 'pending', unpack(fields))
  local total, today = tonumber(counts[1] or 0), tonumber(counts[2] or 0)
  for _, token in ipairs(redis.call('SMEMBERS', ns .. 'batches')) do
    local batch = redis.call('HMGET', ns .. 'batch:' .. token, unpack(fields))
    total = total + tonumber(batch[1] or 0)
    today = today + tonumber(batch[2] or 0)
  end
  local online = redis.call('ZCOUNT', ns .. 'online:' .. unit, '(' .. (now - window), '+inf')
  return {generation, base or false, total, today, online}
end
"""

RECORD_SCRIPT = (
    RECORD_FUNCTION
    + "return record_view(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],"
    + " tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))"
)
FIGURES_SCRIPT = (
    FIGURES_FUNCTION
    + "return figures(ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))"
)
# KEYS: pending, batches, the batch to create. ARGV: its token. Returns 1 if claimed.
CLAIM_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[3])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
"""
# KEYS: batches, the batch, generation. ARGV: its token.
FINISH_SCRIPT = """
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[1], ARGV[1])
return redis.call('INCR', KEYS[3])
"""


def redis_cache() -> ResilientRedisCache | None:
    """Return the default cache when it is the portal's Redis cache, else None."""
    default = caches["default"]
    return default if isinstance(default, ResilientRedisCache) else None


def namespace() -> str:
    """Return the prefix of the counting keys, as the scripts build them."""
    redis = redis_cache()
    return redis.full_key(NAMESPACE) if redis is not None else cache.make_key(NAMESPACE)


def milliseconds(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def view_arguments(
    *, unit_id: int, visitor_hash: str, now: datetime, article_id: int | None
) -> list:
    """Return the arguments of record_view() in the scripts, after the namespace."""
    return [
        unit_id,
        local_date(now).isoformat(),
        visitor_hash,
        "" if article_id is None else article_id,
        milliseconds(now),
        int(VISIT_GAP.total_seconds() * 1000),
        seconds_to_midnight(now),
    ]


# The "Đang online" window of figures(), in milliseconds.
ONLINE_WINDOW_MS = int(ONLINE_WINDOW.total_seconds() * 1000)


def figures_arguments(*, unit_id: int, now: datetime) -> list:
    """Return the arguments of figures() in the scripts, after the namespace."""
    return [unit_id, local_date(now).isoformat(), milliseconds(now), ONLINE_WINDOW_MS]


def record_view(
    *, visitor_hash: str, now: datetime, article_id: int | None, unit_id: int | None
) -> None:
    """Count one page view: on Redis when the cache is Redis and answers, else in the database."""
    redis = redis_cache()
    if redis is not None:
        from anphu_portal.models import Unit

        unit_id = unit_id or Unit.load().pk
        args = view_arguments(
            unit_id=unit_id, visitor_hash=visitor_hash, now=now, article_id=article_id
        )
        if redis.run_script(RECORD_SCRIPT, keys=[], args=[namespace(), *args]) is not None:
            return
    record_page_view(visitor_hash=visitor_hash, now=now, article_id=article_id, unit_id=unit_id)


def figures_from_reply(reply: list, *, unit_id: int, now: datetime) -> dict[str, int]:
    """Return the figures shown from a figures() reply, reading the database figures if needed.

    The database figures are cached under the reply's generation: a flush moves the
    generation on, so figures cached before it are never added to the batch it wrote.
    """
    generation, base, pending_total, pending_today, online = reply
    if base is None:
        figures = visitor_figures(now=now, unit_id=unit_id)
        total, today = figures["total"], figures["today"]
        key = f"{namespace()}base:{unit_id}:{local_date(now).isoformat()}:{generation.decode()}"
        with contextlib.suppress(*OUTAGE_ERRORS):  # Read again next time.
            client = redis_cache().client()
            if client is not None:
                client.set(key, f"{total} {today}", ex=VISITOR_FIGURES_CACHE_SECONDS)
    else:
        total, today = (int(number) for number in base.split())
    return {"total": total + pending_total, "today": today + pending_today, "online": online}


def figures_script_arguments(*, unit_id: int, now: datetime) -> list:
    """Return the ARGV of FIGURES_SCRIPT: the namespace, then figures()'s arguments."""
    return [namespace(), *figures_arguments(unit_id=unit_id, now=now)]


def figures_read_name(unit_id: int) -> str:
    """Return the name a page's prefetch keeps a unit's figures under (`figures_read`)."""
    return f"visitor-figures:{unit_id}"


def figures_read(request) -> ScriptRead | None:
    """Return the reading of the request's unit's figures, sent with the page's fragments.

    The sidebar's statistics box shows them on every public page; sent in the round trip
    that reads the layout's fragments, they cost the page no round trip of their own.
    """
    unit = getattr(request, "unit", None)
    if redis_cache() is None or unit is None:
        return None
    now = timezone.now()
    args = figures_script_arguments(unit_id=unit.pk, now=now)
    return ScriptRead(figures_read_name(unit.pk), FIGURES_SCRIPT, [], args, context=now)


def redis_figures(*, unit_id: int, now: datetime | None = None) -> dict[str, int] | None:
    """Return a unit's figures from Redis (one round trip), or None without Redis.

    Without `now`, the figures the page's prefetch read (`figures_read`) when it did.
    """
    redis = redis_cache()
    if redis is None:
        return None
    prefetched = None if now is not None else kept_reply(figures_read_name(unit_id))
    if prefetched is not None:
        reply, now = prefetched
    else:
        now = now or timezone.now()
        args = figures_script_arguments(unit_id=unit_id, now=now)
        reply = redis.run_script(FIGURES_SCRIPT, keys=[], args=args)
    if reply is None:
        return None
    return figures_from_reply(reply, unit_id=unit_id, now=now)


# --- The flush: pending counts into the database -----------------------------------------


@dataclass
class FlushReport:
    """What one flush moved into the database."""

    batches: int = 0
    page_views: int = 0
    visits: int = 0
    article_views: int = 0
    already_flushed: list[str] = field(default_factory=list)


def flush_visitor_counts(*, now: datetime | None = None) -> FlushReport | None:
    """Move the counts recorded on Redis into the database; None when the cache is not Redis.

    Safe to run twice at once and to run again after a failed run (see the module's text).
    Redis errors propagate: cron reports them, and the counts wait for the next run.
    """
    redis = redis_cache()
    if redis is None:
        return None
    client = redis._cache.get_client(write=True)
    ns = namespace()
    token = f"{int(time.time())}-{uuid.uuid4().hex}"
    keys = [NAMESPACE + "pending", NAMESPACE + "batches", NAMESPACE + f"batch:{token}"]
    tokens = [token] if redis._cache.run_script(CLAIM_SCRIPT, _keys(keys), [token]) else []
    for listed in sorted(member.decode() for member in client.smembers(ns + "batches")):
        if listed != token and time.time() - int(listed.split("-")[0]) > STALE_BATCH_SECONDS:
            tokens.append(listed)
    report = FlushReport()
    for batch in tokens:
        _flush_batch(redis, client, batch, report)
    _prune(now or timezone.now())
    return report


def _keys(names: list[str]) -> list[str]:
    return [cache.make_and_validate_key(name) for name in names]


def _flush_batch(redis, client, token: str, report: FlushReport) -> None:
    """Add one claimed batch to the database once, then delete it from Redis."""
    counts = {
        name.decode(): int(value)
        for name, value in client.hgetall(namespace() + f"batch:{token}").items()
    }
    # Threads of one process queue here on SQLite, as the database path's writes do.
    sqlite = connection.vendor == "sqlite"
    try:
        with _sqlite_lock if sqlite else contextlib.nullcontext(), transaction.atomic():
            VisitCountFlush.objects.create(token=token, flushed_at=timezone.now())
            _apply(counts, report)
    except IntegrityError:
        report.already_flushed.append(token)  # Another run committed it first.
    else:
        report.batches += 1
    keys = [NAMESPACE + "batches", NAMESPACE + f"batch:{token}", NAMESPACE + "generation"]
    redis._cache.run_script(FINISH_SCRIPT, _keys(keys), [token])


def _apply(counts: dict[str, int], report: FlushReport) -> None:
    """Add a batch's counts to the days' rows and the articles' view counts."""
    from anphu_portal.models import Unit

    days: dict[tuple[int, date], list[int]] = {}
    articles: dict[int, int] = {}
    for name, number in counts.items():
        kind, _, rest = name.partition(":")
        if kind in ("p", "v"):
            unit, _, day = rest.partition(":")
            pair = days.setdefault((int(unit), date.fromisoformat(day)), [0, 0])
            pair[kind == "p"] += number
        elif kind == "a":
            articles[int(rest)] = number
    known_units = set(Unit.objects.filter(pk__in={unit for unit, _ in days}).values_list("pk"))
    for (unit_id, day), (visits, page_views) in sorted(days.items()):
        if (unit_id,) in known_units:  # A unit deleted meanwhile keeps no statistics.
            add_day_counts(day=day, unit_id=unit_id, visits=visits, page_views=page_views)
            report.visits += visits
            report.page_views += page_views
    for article_id, views in sorted(articles.items()):
        record_article_views(article_id=article_id, views=views)
        report.article_views += views


def _prune(now: datetime) -> None:
    """Forget old flush tokens, and what the database path kept while Redis was down."""
    VisitCountFlush.objects.filter(flushed_at__lt=now - timedelta(days=FLUSH_LEDGER_DAYS)).delete()
    RecentVisitor.objects.filter(last_seen__lte=now - VISIT_GAP).delete()
    ArticleViewOfDay.objects.filter(date__lt=local_date(now)).delete()
