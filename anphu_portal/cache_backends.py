"""Django's Redis cache, made to behave as an empty cache while Redis is unreachable.

With Redis down every page is still served, only uncached: reads miss, writes are
dropped. After a failed call Redis is left alone for a few seconds, so a page does not
wait for each of its cache calls to fail. The outage is logged at most once a minute.

The page cache and the visitor counter also run Lua scripts on this Redis
(`run_script`): one round trip reads a cached page and records its view. A script is
registered once per redis-py client and sent as EVALSHA, loaded again if Redis lost it
(a restart, SCRIPT FLUSH), on a connection each thread keeps (`_held_connection`), which
also carries the versions' and the fragments' reads (`get_many`, `get_many_and_run_scripts`):
a cached page's hit took 14% fewer instructions than through redis-py's pool and command
machinery (937,000 -> 807,000 per hit of the home page, in process, callgrind). hiredis
(requirements.txt) packs the commands and parses the replies in C: a cached page's hit
took 35% less CPU than with redis-py's pure Python parser (bench/RESULTS.md). An outage
makes `run_script` return None: the callers then take the path they take without Redis
(the database).
"""

import functools
import os
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from hiredis import pack_command
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from anphu_portal.outages import OutageReport

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
REPORT_INTERVAL_SECONDS = 60
# Full keys (prefix and version) each cache instance keeps, for about 64 bytes each.
FULL_KEYS_KEPT = 4096
# Against a closed port each call costs about 4 ms, against a silent host up to the
# connect timeout; a page makes several calls. Measured with 200 gets: 4.3 ms per call.
PAUSE_AFTER_FAILURE_SECONDS = 5
# A dead Redis must cost a page little: give up quickly instead of the OS's long timeout.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}

report_outage = OutageReport(
    "Redis unreachable, pages are served without the cache",
    interval_seconds=REPORT_INTERVAL_SECONDS,
)


def _or_on_outage(method, fallback):
    """Wrap a cache method so a Redis outage returns `fallback(*args, **kwargs)` instead."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < self.paused_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except OUTAGE_ERRORS as error:
            self.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
            report_outage(error)
            return fallback(*args, **kwargs)

    return wrapper


def _or_on_outage_none(method):
    """Wrap a method so a Redis outage returns None instead."""
    return _or_on_outage(method, lambda *args, **kwargs: None)


def _missing_key(key, *args, **kwargs):
    # incr() of an absent key raises ValueError; callers already handle that case.
    raise ValueError(f"Key '{key}' not found (cache unreachable).")


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per connection pool.

    Django builds a new redis-py client for every call, about 0.15 ms of Python each (its
    table of reply parsers): more than a cached page's whole round trip. A client is
    safe to share between threads; its pool hands each call a connection, and after a
    fork the pool opens new ones.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}
        self._held = threading.local()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(index)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    def _script(self, client, source: str):
        scripts = self._scripts.setdefault(id(client), {})
        script = scripts.get(source)
        if script is None:
            script = scripts[source] = client.register_script(source)
        return script

    def _held_connection(self):
        """Return the connection this thread of this process keeps for its scripts and reads.

        Outside the pool: taking a connection from redis-py's pool and giving it back
        (its lock, its poll for unread data, its bookkeeping) cost about 40 µs of CPU, and
        redis-py's command machinery (retries, its Script object) about 75 µs more, where
        the EVALSHA itself costs about 65 µs: most of a cached page's round trip. A new
        process (a forked worker) opens its own.
        """
        held = getattr(self._held, "connection", None)
        if held is None or held[0] != os.getpid():
            pool = self.get_client(write=True).connection_pool
            held = self._held.connection = (os.getpid(), pool.make_connection())
        return held[1]

    def _round_trip(self, commands: list[tuple]) -> list:
        """Send `commands` in one write on this thread's connection; return their replies.

        An error reply (a script Redis does not know, say) takes its command's place as
        the exception, every reply read, so the connection stays in step. A connection
        Redis closed (a restart) is opened again and the commands sent once more; whatever
        else interrupts the round trip closes the connection, so no reply half read is
        ever taken for the next command's.
        """
        packed = [pack_command(command) for command in commands]
        for attempt in (1, 2):
            connection = self._held_connection()
            try:
                connection.send_packed_command(packed)
                replies = []
                for _command in commands:
                    try:
                        replies.append(connection.read_response())
                    except ResponseError as error:
                        replies.append(error)
                return replies
            except RedisConnectionError:
                connection.disconnect()
                if attempt == 2:
                    raise
            except BaseException:
                connection.disconnect()
                raise
        raise AssertionError("unreachable")

    def run_script(self, source: str, keys: list, args: list):
        """Run a Lua script (EVALSHA, loaded first if Redis does not know it).

        Sent on this thread's own connection (`_held_connection`, `_round_trip`); a script
        Redis does not know is loaded and run through redis-py's client.
        """
        client = self.get_client(write=True)
        script = self._script(client, source)
        (reply,) = self._round_trip([("EVALSHA", script.sha, len(keys), *keys, *args)])
        if isinstance(reply, NoScriptError):
            return script(keys=keys, args=args, client=client)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def get_many(self, keys):
        """Django's get_many (one MGET), on this thread's connection when there is one server.

        With several servers Django reads from the others: its own way then.
        """
        if len(self._servers) > 1 or not keys:
            return super().get_many(keys)
        return self.get_many_and_run_scripts(keys, [])[0]

    def get_many_and_run_scripts(self, keys: list, calls: list) -> tuple[dict, list]:
        """Return get_many(keys) and the replies of Lua scripts, sent in one round trip.

        `calls` are (source, keys, args). The commands go in one write and their replies
        are read at once (a pipeline, not a transaction), where a get_many and a script
        cost two round trips, about 100 µs of a worker's CPU apiece on a 2-core server. A
        script Redis does not know (after a restart or SCRIPT FLUSH) is loaded and run
        again on its own.
        """
        client = self.get_client(write=True)
        scripts = [self._script(client, source) for source, _keys, _args in calls]
        commands = [("MGET", *keys)] if keys else []
        for script, (_source, script_keys, args) in zip(scripts, calls, strict=True):
            commands.append(("EVALSHA", script.sha, len(script_keys), *script_keys, *args))
        replies = self._round_trip(commands)
        values = replies.pop(0) if keys else []
        if isinstance(values, Exception):
            raise values
        for index, reply in enumerate(replies):
            if isinstance(reply, NoScriptError):
                _source, script_keys, args = calls[index]
                replies[index] = scripts[index](keys=script_keys, args=args, client=client)
            elif isinstance(reply, Exception):
                raise reply
        found = {
            key: self._serializer.loads(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
        return found, replies


class ResilientRedisCache(RedisCache):
    """RedisCache whose connection errors read as misses and dropped writes."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedRedisClient  # RedisCache sets its own client class here.
        self.paused_until = 0.0
        self._full_keys: dict[str, str] = {}

    def full_key(self, key: str) -> str:
        """Return `make_key(key)`, kept: a cached page's hit names about fifteen keys."""
        full = self._full_keys.get(key)
        if full is None:
            if len(self._full_keys) >= FULL_KEYS_KEPT:
                self._full_keys.clear()  # Keys named by query strings, say: made again.
            full = self._full_keys[key] = self.make_key(key)
        return full

    get = _or_on_outage(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _or_on_outage(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _or_on_outage(RedisCache.has_key, lambda *args, **kwargs: False)
    add = _or_on_outage(RedisCache.add, lambda *args, **kwargs: False)
    set = _or_on_outage(RedisCache.set, lambda *args, **kwargs: None)
    set_many = _or_on_outage(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    touch = _or_on_outage(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _or_on_outage(RedisCache.delete, lambda *args, **kwargs: False)
    delete_many = _or_on_outage(RedisCache.delete_many, lambda *args, **kwargs: None)
    incr = _or_on_outage(RedisCache.incr, _missing_key)
    clear = _or_on_outage(RedisCache.clear, lambda *args, **kwargs: False)

    @_or_on_outage_none
    def run_script(self, source: str, *, keys: list[str], args: list) -> object:
        """Return a Lua script's reply; None while Redis is unreachable.

        `keys` are cache keys, given the cache's prefix and version here like every key
        (not checked for memcached's limits, which Redis does not have: 10 keys a page).
        """
        return self._cache.run_script(source, [self.full_key(k) for k in keys], args)

    @_or_on_outage_none
    def get_many_and_run_scripts(self, keys: list[str], calls: list) -> tuple[dict, list] | None:
        """Return get_many(keys) and the replies of Lua scripts, in one round trip; None while
        Redis is unreachable.

        `calls` are (source, keys, args), their keys cache keys as for `run_script`.
        """
        full_keys = {self.full_key(key): key for key in keys}
        calls = [(source, [self.full_key(k) for k in ks], args) for source, ks, args in calls]
        found, replies = self._cache.get_many_and_run_scripts(list(full_keys), calls)
        return {full_keys[key]: value for key, value in found.items()}, replies

    @_or_on_outage_none
    def set_hash(self, key: str, fields: dict, timeout: int) -> None:
        """Replace a key by a Redis hash of `fields`, kept `timeout` seconds."""
        client = self._cache.get_client(write=True)
        full_key = self.make_and_validate_key(key)
        with client.pipeline() as pipe:  # MULTI/EXEC: no reader sees half a page.
            pipe.delete(full_key)
            pipe.hset(full_key, mapping=fields)
            pipe.expire(full_key, max(1, int(timeout)))
            pipe.execute()

    @_or_on_outage_none
    def client(self):
        """Return the redis-py client for commands Django's cache has no method for."""
        return self._cache.get_client(write=True)
