"""The page cache on Redis: a cached page answered, and its view counted, in one round trip.

One Lua script (`LOOKUP_SCRIPT`, one EVALSHA) reads the page, the content versions it
must match and the unit's visitor figures, and, when the page is current and the request
is a counted view, records the view (`visitor_counts`). The page cache middleware does
the rest in Python: a stale page, a missing version or a miss go on as with any other
cache.

A page is kept as a Redis hash under the key Django's cache would use (KEY_PREFIX,
version): `v` the versions it was built for ("1.4.2"), `t` when (ms), `a` the article it
shows, `c` whether a view of it counts, `i` a random id of this build, `m` the status,
the headers and where its visitor figures are (JSON; the figures are then put in without
searching the page's 30-80 KB) and `b` the bytes, so neither Redis nor Python unpickles
anything. The other caches (database, local memory) keep the pickled `CachedPage`.

Each process keeps the pages it has read (`_copies`, at most COPIES_BYTES), by key with
their build id, and sends that id with the lookup: the script returns the page's status,
headers and bytes only when Redis holds another build (rebuilt here or on another
server). A hit then moves about 300 bytes instead of the page: Redis copying 38 KB
through Lua costs it about 55 µs, and reading it costs the process more. Only what the
script checked is served, so a copy is never older than Redis's page.

The unit map (host names to units), which the page key needs before the script runs, is
each process's copy (`units.unit_map_copy`), read under a platform content version: the
script returns that version (the first of every page's versions), and a unit or host
name change bumps it, so a changed map is read again on the next request.

A hit costs one round trip and no SQL query. CPU per hit of the home page, in process
(WSGI calls, no server, 2-core machine, 100,000 articles): 789 µs with redis-py's Python
parser, MULTI/EVALSHA/HGET/EXEC and the bytes on every hit; 504 µs with hiredis; 337 µs
with the process's copies. In instructions (callgrind): 937,000, then 807,000 with the
scripts' own connection (`cache_backends`), 680,000 with the process's routes
(`middleware.page_route`), 519,000 with the keys made once and hiredis packing the
command. bench/RESULTS.md has the figures under gunicorn.
"""

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from anphu_portal import visitor_counts
from anphu_portal.visitor_counts import FIGURES_FUNCTION, RECORD_FUNCTION

# KEYS: the page, then its version keys. ARGV: now (ms), lifetime (ms), whether the
# request is a counted view ('1'), the counting namespace, then record_view()'s unit, day,
# hash, gap and seconds left in the day, then the online window, then the build id of
# the copy of this page the process keeps ('' for none).
LOOKUP_SCRIPT = (
    RECORD_FUNCTION
    + FIGURES_FUNCTION
    + """
local now, lifetime, ns = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[4]
local unit, day, hash = ARGV[5], ARGV[6], ARGV[7]
local versions = redis.call('MGET', unpack(KEYS, 2))
local complete = true
for i = 1, #versions do
  if not versions[i] then
    versions[i] = ''
    complete = false
  end
end
local current = table.concat(versions, '.')
local page = false
if redis.call('TYPE', KEYS[1])['ok'] == 'hash' then
  page = redis.call('HMGET', KEYS[1], 'v', 't', 'a', 'c', 'i')
  if not (page[1] and page[2] and page[5]) or now - tonumber(page[2]) >= lifetime then
    page = false
  end
end
local hit, counted, meta, body = 0, 0, false, false
if page and complete and page[1] == current then
  hit = 1
  if ARGV[3] == '1' and page[4] == '1' then
    record_view(ns, unit, day, hash, page[3], now, tonumber(ARGV[8]), tonumber(ARGV[9]))
    counted = 1
  end
end
if page and page[5] ~= ARGV[11] then
  -- Not the process's copy: the page itself (copying it through Lua costs ~1.5 µs a KB).
  local rest = redis.call('HMGET', KEYS[1], 'm', 'b')
  meta, body = rest[1], rest[2]
end
-- A flat reply: each nested value costs the client a parse.
return {hit, counted, current, page, meta, body,
  unpack(figures(ns, unit, day, now, tonumber(ARGV[10])))}
"""
)
# Pages this process has read, by key: (build id, page). They are served only when the
# lookup script finds the same build id in Redis, so a copy is never newer or older than
# the page Redis holds; they save moving the page's bytes on every hit. At most
# COPIES_BYTES of pages (a page sent gzip-compressed also keeps its compressed pieces,
# about a fifth of its size more: `middleware.CachedPage.gzip_parts`); the least recently
# served go first. The lock keeps the order
# and the size whole when a worker serves with several threads (GUNICORN_THREADS).
COPIES_BYTES = 16 * 1024 * 1024
_copies: OrderedDict = OrderedDict()
_copies_size = 0
_copies_lock = threading.Lock()


@dataclass
class Lookup:
    """What the lookup script found: the page, the versions, the figures; whether it counted."""

    page: object  # What `page_of` made of the page's fields, None when there is none
    hit: bool
    counted: bool
    versions: dict[str, int]
    figures_reply: list
    now: datetime


def _milliseconds(seconds: float) -> int:
    return int(seconds * 1000)


def lookup(
    redis,
    *,
    key: str,
    version_keys: Sequence[str],
    lifetime: int,
    unit_id: int,
    visitor_hash: str | None,
    now: datetime,
    page_of,
) -> Lookup | None:
    """Run the lookup script on `redis` (the Redis cache); None while Redis is unreachable.

    `visitor_hash` is None when the request is not a counted view. `page_of(fields)` makes
    the page of its hash's fields (v, t, a, c, i, m, b); it is kept for the next request.
    """
    unit, day, hash_, _article, now_ms, gap, day_left = visitor_counts.view_arguments(
        unit_id=unit_id, visitor_hash=visitor_hash or "", now=now, article_id=None
    )
    copy = _copies.get(key)
    counted = "0" if visitor_hash is None else "1"
    args = [now_ms, _milliseconds(lifetime), counted, redis.full_key(visitor_counts.NAMESPACE)]
    args += [
        unit,
        day,
        hash_,
        gap,
        day_left,
        visitor_counts.ONLINE_WINDOW_MS,
        copy[0] if copy else "",
    ]
    reply = redis.run_script(LOOKUP_SCRIPT, keys=[key, *version_keys], args=args)
    if reply is None:
        return None
    hit, counted, current, fields, meta, content, *figures_reply = reply
    page = None
    if fields and meta is not None and content is not None:
        page = page_of([*fields, meta, content])
        _keep(key, fields[4], page, len(content))
    elif fields and copy is not None and copy[0] == fields[4]:
        page = copy[1]
        with _copies_lock:
            if key in _copies:  # Another thread may have dropped it meanwhile.
                _copies.move_to_end(key)
    versions = current.split(b".")
    found = {k: int(v) for k, v in zip(version_keys, versions, strict=True) if v}
    return Lookup(page, bool(hit), bool(counted), found, figures_reply, now)


def _keep(key: str, build: bytes, page, size: int) -> None:
    """Keep a page read from Redis for this process's next requests (see `_copies`)."""
    global _copies_size
    with _copies_lock:
        old = _copies.pop(key, None)
        if old is not None:
            _copies_size -= old[2]
        if size > COPIES_BYTES // 4:
            return
        _copies[key] = (build, page, size)
        _copies_size += size
        while _copies_size > COPIES_BYTES:
            _copies_size -= _copies.popitem(last=False)[1][2]


def store(*, key: str, fields: dict, timeout: int) -> None:
    """Keep a page as a Redis hash for `timeout` seconds (dropped while Redis is down)."""
    cache.set_hash(key, fields, timeout)


def figures(found: Lookup, *, unit_id: int) -> dict[str, int]:
    """Return the unit's figures from the lookup's reply (database figures read if due)."""
    return visitor_counts.figures_from_reply(found.figures_reply, unit_id=unit_id, now=found.now)
