"""Per-address throttling of the API, in the real shared cache (local memory or Redis)."""

import logging
import os
import socket
import uuid
from urllib.parse import urlparse

import pytest
import time_machine

from tests.factories import make_article

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"


@pytest.fixture
def three_a_minute(settings):
    settings.API_ANON_RATE = "3/minute"
    return settings


def statuses(client, count: int, url: str = "/api/v1/articles/", **headers) -> list[int]:
    return [client.get(url, **headers).status_code for _ in range(count)]


def test_a_client_past_the_rate_gets_a_clear_429(client, three_a_minute):
    assert statuses(client, 3) == [200, 200, 200]
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://bao.example.vn")
    assert response.status_code == 429
    body = response.json()
    assert "Quá nhiều yêu cầu" in body["detail"] and "Too many requests" in body["detail"]
    assert body["retry_after"] == int(response["Retry-After"]) > 0
    assert response["Access-Control-Allow-Origin"] == "*"


def test_answers_from_the_cache_count_too(client, three_a_minute):
    make_article()
    assert statuses(client, 4, "/api/v1/articles/") == [200, 200, 200, 429]


def test_each_address_has_its_own_allowance(client, three_a_minute):
    assert statuses(client, 4, REMOTE_ADDR="203.0.113.1")[-1] == 429
    assert statuses(client, 1, REMOTE_ADDR="203.0.113.2") == [200]


def test_behind_the_trusted_proxy_the_forwarded_address_counts(client, three_a_minute):
    three_a_minute.PORTAL_TRUST_X_FORWARDED_FOR = True
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert statuses(client, 4, **first)[-1] == 429
    # A client cannot escape by writing its own header before the proxy's entry.
    assert statuses(client, 1, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7") == [429]
    assert statuses(client, 1, HTTP_X_FORWARDED_FOR="198.51.100.8") == [200]


def test_the_allowance_comes_back_after_a_minute(client, three_a_minute):
    with time_machine.travel("2026-03-02 08:00:00 +0700", tick=False) as clock:
        assert statuses(client, 4)[-1] == 429
        clock.shift(61)
        assert statuses(client, 1) == [200]


def test_html_pages_are_not_throttled(client, three_a_minute):
    assert set(statuses(client, 5, "/tin-tuc/")) == {200}


def test_with_the_shared_cache_down_requests_are_served_unthrottled(client, settings):
    settings.API_ANON_RATE = "2/minute"
    # Nothing listens on port 1: the portal's Redis cache reads as empty, never an error.
    settings.CACHES = {
        "default": {
            "BACKEND": "anphu_portal.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert set(statuses(client, 4)) == {200}


def test_a_throttle_cache_that_fails_is_skipped_and_logged(client, settings, caplog):
    settings.API_ANON_RATE = "2/minute"
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.API_THROTTLE_CACHE = "throttle"
    with caplog.at_level(logging.WARNING, logger="anphu_portal.api.throttling"):
        assert set(statuses(client, 4)) == {200}
    assert "API throttling skipped" in caplog.text


def redis_reachable() -> bool:
    address = urlparse(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def test_workers_share_the_count_in_redis(client, settings):
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"No Redis at {REDIS_URL}; CI requires the Redis tests to run.")
        pytest.skip(f"No Redis at {REDIS_URL}")
    settings.API_ANON_RATE = "3/minute"
    settings.CACHES = {
        "default": {
            "BACKEND": "anphu_portal.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"anphu-test-{uuid.uuid4().hex}",
            "TIMEOUT": 60,
        }
    }
    address = {"REMOTE_ADDR": "192.0.2.9"}
    assert statuses(client, 2, **address) == [200, 200]
    # A second client object stands for another worker: the count is Redis's, not its own.
    from django.test import Client

    assert statuses(Client(), 2, **address) == [200, 429]
