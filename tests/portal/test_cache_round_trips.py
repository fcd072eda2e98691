"""A page reads each cache key once: the database cache costs a query per read."""

from collections import Counter

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from anphu_portal.caching import (
    bump_section_version,
    bump_unit_version,
    content_version,
    request_memo,
    version_keys,
)
from anphu_portal.current_unit import current_unit
from anphu_portal.models import Unit
from tests.factories import make_article, make_contact, make_contact_group

pytestmark = pytest.mark.django_db

READS: Counter = Counter()
WRITES: Counter = Counter()


class CountingCache(LocMemCache):
    """A local-memory cache that counts the reads and writes of each key."""

    def get(self, key, default=None, version=None):
        READS[key] += 1
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        for key in keys:
            READS[key] += 1
        # LocMemCache.get_many calls get(); count the keys once.
        found, missing = {}, object()
        for key in keys:
            value = LocMemCache.get(self, key, missing, version)
            if value is not missing:
                found[key] = value
        return found

    def set(self, key, value, timeout=None, version=None):
        WRITES[key] += 1
        super().set(key, value, timeout, version)

    def delete(self, key, version=None):
        WRITES[key] += 1
        return super().delete(key, version)


@pytest.fixture
def counting_cache():
    with override_settings(
        CACHES={"default": {"BACKEND": f"{__name__}.CountingCache", "LOCATION": "counting"}}
    ):
        from django.core.cache import cache

        cache.clear()
        READS.clear()
        WRITES.clear()
        yield
        cache.clear()


@pytest.fixture
def page_content():
    make_article("Đăng ký khai sinh tại xã")
    group = make_contact_group("Đường dây nóng")
    make_contact(group, name="Trực ban", phones="02963957000")


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_a_search_page_reads_each_cache_key_once(
    client, settings, counting_cache, page_content, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    client.get("/tim-kiem/", {"q": "khai sinh"})  # fills the fragments
    READS.clear()
    response = client.get("/tim-kiem/", {"q": "giay khai sinh"})
    assert response.status_code == 200
    assert READS and max(READS.values()) == 1, READS
    # Each version once for the page, though the page and its fragments are keyed by them.
    unit_id = Unit.default().pk
    assert {key for key in READS if "content-version" in key} == set(version_keys(unit_id))


def test_with_the_page_cache_off_the_fragments_are_kept_once(
    client, settings, counting_cache, page_content
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/tim-kiem/", {"q": "khai sinh"})
    client.get("/")
    client.get("/")
    # Stored by the first page, read by the next two.
    assert sum(count for key, count in WRITES.items() if "hotline-boxes" in key) == 1
    assert sum(count for key, count in WRITES.items() if "home-news" in key) == 1
    assert sum(count for key, count in READS.items() if "home-news" in key) == 2


def test_with_fragments_off_the_sidebar_is_not_stored(
    client, settings, counting_cache, page_content
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get("/tim-kiem/", {"q": "khai sinh"})
    client.get("/")
    assert not [key for key in WRITES if "hotline-boxes" in key or "header" in key]


def test_a_version_bumped_inside_a_request_is_read_again(counting_cache):
    unit = current_unit()
    with request_memo():
        before = content_version()
        assert content_version() == before
        bump_unit_version(unit.pk)
        assert content_version() != before


def test_a_section_bumped_inside_a_request_moves_the_keys_of_its_fragments(counting_cache):
    unit = current_unit()
    with request_memo():
        news, hotline = content_version(("news",)), content_version(("hotline",))
        assert content_version(["news"]) == news  # the same sections, in any form
        bump_section_version(unit.pk, "news")
        assert content_version(("news",)) != news
        assert content_version(("hotline",)) == hotline
