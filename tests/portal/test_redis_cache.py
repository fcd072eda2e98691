"""The page cache on a real Redis: the production set-up of REDIS_URL.

The rest of the suite keeps a local-memory cache; these tests point the cache at the Redis
of REDIS_URL (or the local default). Without a Redis they skip, except in CI, which starts
one: there they fail.
"""

import os
import socket
import threading
import uuid
from urllib.parse import urlparse

import pytest
import redis
from django.core.cache import caches
from redis.exceptions import ResponseError

from anphu_portal.models import Unit
from tests.factories import make_article

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"


def redis_reachable() -> bool:
    address = urlparse(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def real_redis(settings):
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"No Redis at {REDIS_URL}; CI requires the Redis cache tests to run.")
        pytest.skip(f"No Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "anphu_portal.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A prefix of its own instead of clear(): that would empty the whole Redis database
            # under the other test processes.
            "KEY_PREFIX": f"anphu-test-{uuid.uuid4().hex}",
            "TIMEOUT": 60,
        }
    }
    return caches["default"]


def test_values_round_trip_through_redis(real_redis):
    real_redis.set("portal:test", {"đơn vị": "An Phú"}, 30)
    assert real_redis.get("portal:test") == {"đơn vị": "An Phú"}
    assert real_redis.add("portal:version", 1) and not real_redis.add("portal:version", 5)
    assert real_redis.incr("portal:version") == 2


@pytest.mark.django_db
def test_a_page_is_served_from_redis_and_refreshed_after_an_edit(
    client, real_redis, django_assert_num_queries
):
    article = make_article("Hội thi nấu ăn ngon")
    Unit.load()  # creating it mid-request would end the page's cache entry
    page = client.get("/tin-tuc/").content.decode()
    assert "Hội thi nấu ăn ngon" in page
    with django_assert_num_queries(0):
        assert client.get("/tin-tuc/").content.decode() == page

    article.title = "Hội thi nấu ăn ngon năm 2026"
    article.save()
    assert "năm 2026" in client.get("/tin-tuc/").content.decode()


def test_the_redis_client_is_built_once_per_pool_not_per_call(real_redis):
    client = real_redis._cache.get_client()
    real_redis.set("portal:test", 1, 30)
    assert real_redis.get("portal:test") == 1
    assert real_redis._cache.get_client() is client
    assert real_redis._cache.get_client(write=True) is real_redis._cache.get_client(write=True)


# Returns its key and its argument: a reply that tells which call it answers.
ECHO = "return {KEYS[1], ARGV[1]}"


def echoed(cache, key: str, value: str) -> list:
    return cache.run_script(ECHO, keys=[key], args=[value])


def expected(cache, key: str, value: str) -> list:
    return [cache.make_key(key).encode(), value.encode()]


def kill_the_connection_scripts_use(cache) -> None:
    connection = cache._cache._held_connection()
    connection.send_command("CLIENT", "ID")
    own_id = connection.read_response()
    redis.Redis.from_url(REDIS_URL).client_kill_filter(_id=own_id)


def test_a_script_is_answered_after_redis_closed_the_connection_scripts_use(real_redis):
    assert echoed(real_redis, "portal:a", "1") == expected(real_redis, "portal:a", "1")
    kill_the_connection_scripts_use(real_redis)  # a restart, say
    assert echoed(real_redis, "portal:b", "2") == expected(real_redis, "portal:b", "2")
    assert echoed(real_redis, "portal:c", "3") == expected(real_redis, "portal:c", "3")
    assert real_redis.paused_until == 0.0  # not taken for an outage


def test_a_failed_script_leaves_the_next_reply_its_own(real_redis):
    real_redis._cache.get_client(write=True).set(real_redis.make_key("portal:text"), "chữ")
    with pytest.raises(ResponseError):
        real_redis.run_script("return redis.call('INCR', KEYS[1])", keys=["portal:text"], args=[])
    assert echoed(real_redis, "portal:d", "4") == expected(real_redis, "portal:d", "4")


def test_a_script_redis_lost_is_loaded_again(real_redis):
    assert echoed(real_redis, "portal:e", "5") == expected(real_redis, "portal:e", "5")
    real_redis._cache.get_client(write=True).script_flush()
    assert echoed(real_redis, "portal:f", "6") == expected(real_redis, "portal:f", "6")
    assert echoed(real_redis, "portal:g", "7") == expected(real_redis, "portal:g", "7")


def test_threads_each_get_their_own_replies(real_redis):
    wrong = []

    def ask(thread: int) -> None:
        for number in range(200):
            key, value = f"portal:thread-{thread}", f"{thread}-{number}"
            reply = echoed(real_redis, key, value)
            if reply != expected(real_redis, key, value):
                wrong.append(reply)

    threads = [threading.Thread(target=ask, args=(thread,)) for thread in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_get_many_is_answered_after_redis_closed_its_connection(real_redis):
    real_redis.set_many({"portal:x": "một", "portal:y": "hai"}, 30)
    assert real_redis.get_many(["portal:x", "portal:y", "portal:z"]) == {
        "portal:x": "một",
        "portal:y": "hai",
    }
    kill_the_connection_scripts_use(real_redis)
    assert real_redis.get_many(["portal:y", "portal:z"]) == {"portal:y": "hai"}
    assert real_redis.paused_until == 0.0


def test_a_failed_script_among_reads_leaves_the_next_replies_their_own(real_redis):
    real_redis.set("portal:x", "một", 30)
    real_redis._cache.get_client(write=True).set(real_redis.make_key("portal:text"), "chữ")
    failing = ("return redis.call('INCR', KEYS[1])", ["portal:text"], [])
    with pytest.raises(ResponseError):
        real_redis.get_many_and_run_scripts(["portal:x"], [failing, (ECHO, ["portal:h"], ["8"])])
    found, replies = real_redis.get_many_and_run_scripts(
        ["portal:x"], [(ECHO, ["portal:i"], ["9"])]
    )
    assert found == {"portal:x": "một"}
    assert replies == [expected(real_redis, "portal:i", "9")]
    assert real_redis.get_many(["portal:x"]) == {"portal:x": "một"}
