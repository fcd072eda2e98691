"""The page cache on a real Redis: the production set-up of REDIS_URL.

The rest of the suite keeps a local-memory cache; these tests point the cache at the Redis
of REDIS_URL (or the local default). Without a Redis they skip, except in CI, which starts
one: there they fail.
"""

import os
import socket
import uuid
from urllib.parse import urlparse

import pytest
from django.core.cache import caches

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
