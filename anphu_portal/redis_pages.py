"""The page cache on Redis: a cached page answered, and its view counted, in one round trip.

One Lua script (`LOOKUP_SCRIPT`) reads the page, the content versions it must match and
the unit's visitor figures, and, when the page is current and the request is a counted
view, records the view (`visitor_counts`). The page's bytes come with it, by an HGET in
the same MULTI/EXEC, not through Lua: copying 30 KB into and out of Lua cost Redis
about 140 µs per page (measured: 153 µs against 15 µs of server time per call). The page cache middleware does the rest in
Python: a stale page, a missing version or a miss go on as with any other cache.

A page is kept as a Redis hash under the key Django's cache would use (KEY_PREFIX,
version): `v` the versions it was built for ("1.4.2"), `t` when (ms), `a` the article it
shows, `c` whether a view of it counts, `m` the status, the headers and where its visitor
figures are (JSON; the figures are then put in without searching the page's 30-80 KB,
about 60 µs a page) and `b` the bytes, so neither Redis nor Python unpickles anything. The other caches (database,
local memory) keep the pickled `CachedPage` as before.

The unit map (host names to units), which the page key needs before the script runs, is
kept in each process next to the platform's content version it was read with: the
script returns that version (the first of every page's versions), and a unit or host
name change bumps it, so a changed map is read again on the next request.

A hit costs one round trip (MULTI, EVALSHA, HGET, EXEC) and no SQL query. Measured with
bench/wrk_page_cache.py on a 2-core machine shared with other work (load 4-6), against the
code before, in the same minutes: with a browser's user agent (counted) 381-731 requests/s,
0.21-0.34 of the ceiling, where the database path gave 162-310 (0.07-0.11); without it
(not counted) 0.23-0.30 against 0.19-0.32.

Where a hit's time goes, measured in process by CPU time (WSGI calls, no server; 2-core
machine under load): about 420 µs per hit against 61 µs for the ceiling's view. The Redis
round trip (redis-py packing and parsing, the socket calls) is about 45% of it; Django's
handler and the four middleware above the page cache only about 20 µs: a WSGI front
answering hits before them was tried and saved 5% (433 -> 413 µs), not kept. hiredis
saved 2-10% in the same test. With gunicorn's own cost per request (about 90 µs, from
the ceiling's figures) a ratio of 0.70 would need a hit under about 130 µs, less than
the round trip alone.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from anphu_portal import caching, visitor_counts
from anphu_portal.visitor_counts import FIGURES_FUNCTION, RECORD_FUNCTION

# KEYS: the page, then its version keys. ARGV: now (ms), lifetime (ms), whether the
# request is a counted view ('1'), the counting namespace, then record_view()'s unit, day,
# hash, gap and seconds left in the day, then the online window.
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
  page = redis.call('HMGET', KEYS[1], 'v', 't', 'a', 'c', 'm')
  if not (page[1] and page[5]) then page = false end
end
local hit, counted = 0, 0
if page and complete and page[1] == current and now - tonumber(page[2]) < lifetime then
  hit = 1
  if ARGV[3] == '1' and page[4] == '1' then
    record_view(ns, unit, day, hash, page[3], now, tonumber(ARGV[8]), tonumber(ARGV[9]))
    counted = 1
  end
end
-- A flat reply: each nested value costs the client a parse.
return {hit, counted, current, page, unpack(figures(ns, unit, day, now, tonumber(ARGV[10])))}
"""
)


@dataclass
class Lookup:
    """What the lookup script found: the page, the versions, the figures; whether it counted."""

    page: list | None  # the hash's fields v, t, a, c, m, then the page's bytes
    hit: bool
    counted: bool
    versions: dict[str, int]
    figures_reply: list
    now: datetime


def _milliseconds(seconds: float) -> int:
    return int(seconds * 1000)


def lookup(
    *,
    key: str,
    version_keys: list[str],
    lifetime: int,
    unit_id: int,
    visitor_hash: str | None,
    now: datetime,
) -> Lookup | None:
    """Run the lookup script; None while Redis is unreachable.

    `visitor_hash` is None when the request is not a counted view.
    """
    unit, day, hash_, _article, now_ms, gap, day_left = visitor_counts.view_arguments(
        unit_id=unit_id, visitor_hash=visitor_hash or "", now=now, article_id=None
    )
    window = visitor_counts.figures_arguments(unit_id=unit_id, now=now)[3]
    counted = "0" if visitor_hash is None else "1"
    args = [now_ms, _milliseconds(lifetime), counted, visitor_counts.namespace()]
    args += [unit, day, hash_, gap, day_left, window]
    replies = cache.run_script_and(
        LOOKUP_SCRIPT, keys=[key, *version_keys], args=args, commands=[("HGET", "b")]
    )
    if replies is None:
        return None
    (hit, counted, current, page, *figures_reply), content = replies
    if page:
        page.append(content)
    versions = current.split(b".")
    found = {k: int(v) for k, v in zip(version_keys, versions, strict=True) if v}
    return Lookup(page or None, bool(hit), bool(counted), found, figures_reply, now)


def store(*, key: str, fields: dict, timeout: int) -> None:
    """Keep a page as a Redis hash for `timeout` seconds (dropped while Redis is down)."""
    cache.set_hash(key, fields, timeout)


def figures(found: Lookup, *, unit_id: int) -> dict[str, int]:
    """Return the unit's figures from the lookup's reply (database figures read if due)."""
    return visitor_counts.figures_from_reply(found.figures_reply, unit_id=unit_id, now=found.now)


# The unit map of this process, with the platform's content version it was read under
# (and that version's full key: another cache prefix is another site).
_unit_map_copy: tuple[tuple[str, int], dict] | None = None


def unit_map_copy() -> dict:
    """Return this process's copy of the unit map, read (two round trips) when missing."""
    global _unit_map_copy
    from anphu_portal.models import unit_map

    copy = _unit_map_copy
    if copy is None or copy[0][0] != cache.make_key(caching.VERSION_KEY):
        # The version first: a change made meanwhile leaves a copy older than its version,
        # which the next page's versions reveal.
        version = cache.get(caching.VERSION_KEY)
        data = unit_map()
        if version is None:
            return data
        copy = _unit_map_copy = ((cache.make_key(caching.VERSION_KEY), version), data)
    return copy[1]


def check_unit_map(found: Lookup) -> bool:
    """Return False, and drop the copy, when the platform's version moved since it was read."""
    global _unit_map_copy
    copy = _unit_map_copy
    if copy is not None and found.versions.get(caching.VERSION_KEY) == copy[0][1]:
        return True
    _unit_map_copy = None
    return False
