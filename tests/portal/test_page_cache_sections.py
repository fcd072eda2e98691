"""The page cache keeps a version per unit and section: an edit ends only the pages that
show what changed, and a stale page is served while one request rebuilds it."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anphu_portal import caching, roles
from anphu_portal.middleware import CachedPage, page_key, page_sections, rebuild_lock_key
from anphu_portal.models import DailyVisitStats, Unit, UnitHost
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_contact,
    make_procedure,
)

pytestmark = pytest.mark.django_db

NEWS = "/tin-tuc/"
PROCEDURES = "/thu-tuc-hanh-chinh/"
DIRECTORY = "/duong-day-nong/"


@pytest.fixture
def unit():
    return Unit.load()  # Created before the first page, so no page outlives its creation.


@pytest.fixture
def content(unit):
    article = make_article("Hội thi nấu ăn ngon")
    procedure = make_procedure()
    contact = make_contact(name="Bà Nguyễn Thị Lan", phones="0919111222")
    return {"article": article, "procedure": procedure, "contact": contact}


def hold_rebuild_lock(unit, path: str) -> None:
    """Take the lock as a request rebuilding the page would, to stand for that request."""
    assert cache.add(rebuild_lock_key(page_key(unit.pk, "testserver", path)), 1, 30)


def warm(client, *paths) -> dict[str, str]:
    return {path: client.get(path).content.decode() for path in paths}


def test_pages_declare_their_sections():
    assert page_sections(NEWS) == ("news",)
    assert page_sections(f"{NEWS}tin-tuc-su-kien/mot-tin/") == ("news",)
    assert page_sections(PROCEDURES) == ("procedures",)
    assert page_sections(DIRECTORY) == ("hotline",)
    assert page_sections("/") is None  # The home page and the search show every section.
    assert page_sections("/tim-kiem/") is None


def test_the_catalogue_version_is_read_only_by_pages_showing_it(unit):
    catalogue = caching.unit_version_key(caching.CATALOGUE)
    assert catalogue in caching.version_keys(unit.pk, ("procedures",))
    assert catalogue not in caching.version_keys(unit.pk, ("news",))
    assert caching.section_version_key(unit.pk, caching.SITE) in caching.version_keys(
        unit.pk, ("news",)
    )


def test_an_article_edit_leaves_the_procedure_and_directory_pages_cached(
    client, content, django_assert_num_queries
):
    pages = warm(client, NEWS, PROCEDURES, DIRECTORY)
    content["article"].title = "Hội thi nấu ăn ngon năm 2026"
    content["article"].save()
    with django_assert_num_queries(0):
        assert client.get(PROCEDURES).content.decode() == pages[PROCEDURES]
        assert client.get(DIRECTORY).content.decode() == pages[DIRECTORY]
    assert "năm 2026" in client.get(NEWS).content.decode()
    assert "năm 2026" in client.get("/").content.decode()


def test_a_procedure_edit_leaves_the_news_cached(client, content, django_assert_num_queries):
    pages = warm(client, NEWS, PROCEDURES)
    content["procedure"].name = "Đăng ký khai sinh có yếu tố nước ngoài"
    content["procedure"].save()
    with django_assert_num_queries(0):
        assert client.get(NEWS).content.decode() == pages[NEWS]
    assert "yếu tố nước ngoài" in client.get(PROCEDURES).content.decode()


def test_a_category_rename_reaches_the_menu_of_every_page(client, content):
    warm(client, PROCEDURES, DIRECTORY)
    category = content["article"].category
    category.name = "Thời sự địa phương"
    category.save()
    assert "Thời sự địa phương" in client.get(PROCEDURES).content.decode()
    assert "Thời sự địa phương" in client.get(DIRECTORY).content.decode()


def test_after_a_soft_bump_a_concurrent_request_gets_the_stale_page(
    client, unit, content, django_assert_num_queries
):
    stale = warm(client, NEWS)[NEWS]
    make_article("Tin mới về mùa nước nổi", category=content["article"].category)
    hold_rebuild_lock(unit, NEWS)  # The first request after the edit is rebuilding it.
    with django_assert_num_queries(0):
        assert client.get(NEWS).content.decode() == stale
    # Once the lock is free, the next request rebuilds the page and frees the lock.
    cache.delete(rebuild_lock_key(page_key(unit.pk, "testserver", NEWS)))
    fresh = client.get(NEWS).content.decode()
    assert "mùa nước nổi" in fresh
    assert cache.get(rebuild_lock_key(page_key(unit.pk, "testserver", NEWS))) is None
    with django_assert_num_queries(0):
        assert client.get(NEWS).content.decode() == fresh


def test_the_request_that_rebuilds_gets_the_new_page(client, content):
    warm(client, NEWS)
    make_article("Tin mới về mùa nước nổi", category=content["article"].category)
    assert "mùa nước nổi" in client.get(NEWS).content.decode()


def test_after_a_hotline_edit_nobody_gets_the_stale_page(client, unit, content):
    pages = warm(client, NEWS, PROCEDURES)
    content["contact"].name = "Bà Trần Thị Mới"
    content["contact"].save()
    for path in pages:
        hold_rebuild_lock(unit, path)
        assert "Bà Trần Thị Mới" in client.get(path).content.decode()


def test_after_an_identity_change_nobody_gets_the_stale_page(client, unit, content):
    warm(client, NEWS)
    unit.unit_name = "Ủy ban nhân dân huyện An Phú mới"
    unit.save()
    hold_rebuild_lock(unit, NEWS)
    assert "An Phú mới" in client.get(NEWS).content.decode()


def test_the_stale_copy_expires_after_the_page_lifetime(client, unit, content, settings):
    settings.PAGE_CACHE_SECONDS = 600
    with time_machine.travel(timezone.now(), tick=False) as clock:
        warm(client, NEWS)
        make_article("Tin mới về mùa nước nổi", category=content["article"].category)
        clock.shift(timedelta(seconds=590))
        hold_rebuild_lock(unit, NEWS)
        assert "mùa nước nổi" not in client.get(NEWS).content.decode()  # Stale, in time.
        clock.shift(timedelta(seconds=20))
        # Past the lifetime, the copy is gone even though the rebuild still holds its lock.
        assert cache.get(rebuild_lock_key(page_key(unit.pk, "testserver", NEWS))) == 1
        assert "mùa nước nổi" in client.get(NEWS).content.decode()


def test_an_edit_in_one_unit_leaves_the_other_units_pages_alone(unit):
    other = Unit.objects.create(unit_name="Xã Khánh An", slug="xa-khanh-an")
    keys = caching.version_keys(other.pk, ("news",))
    before = caching.read_versions(keys, cache.get_many(keys))
    make_article("Tin của huyện", category=make_category())
    assert caching.read_versions(keys, cache.get_many(keys)) == before


class CountingCache:
    """Count the cache calls a request makes, by wrapping the real cache's methods."""

    def __init__(self, monkeypatch):
        self.calls = []
        for name in ("get", "get_many", "add", "set"):
            original = getattr(cache, name)
            monkeypatch.setattr(cache, name, self.counted(name, original))

    def counted(self, name, original):
        def call(*args, **kwargs):
            self.calls.append(name)
            return original(*args, **kwargs)

        return call


def test_a_cached_page_and_its_versions_are_read_in_one_round_trip(client, content, monkeypatch):
    warm(client, NEWS)
    counting = CountingCache(monkeypatch)
    client.get(NEWS)
    page_cache_calls = [name for name in counting.calls if name == "get_many"]
    assert page_cache_calls == ["get_many"]
    assert "set" not in counting.calls and "add" not in counting.calls


def test_a_cached_page_is_stored_as_bytes_with_the_headers_of_the_whole_stack(client, unit):
    rendered = client.get("/")
    page = cache.get(page_key(unit.pk, "testserver", "/"))
    assert isinstance(page, CachedPage) and isinstance(page.content, bytes)
    served = client.get("/")
    assert served.content == rendered.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert served[header] == rendered[header]


def test_a_request_with_a_session_cookie_is_never_answered_from_the_cache(
    client, unit, django_assert_num_queries
):
    client.get("/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    with CaptureQueriesContext(connection) as rendered:
        assert client.get("/").status_code == 200
    assert len(rendered) > 0
    del client.cookies[settings.SESSION_COOKIE_NAME]
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_a_staff_page_is_never_stored(client, unit, staff_user):
    login_staff(client, staff_user(roles.EDITOR))
    client.get(NEWS)
    assert cache.get(page_key(unit.pk, "testserver", NEWS)) is None


def test_a_cached_page_of_another_unit_counts_in_that_units_statistics(client, unit, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".angiang.gov.vn"]
    host = "vinhhau.angiang.gov.vn"
    other = Unit.objects.create(
        unit_name="Ủy ban nhân dân xã Vĩnh Hậu",
        slug="xa-vinh-hau",
        portal_title="Cổng thông tin xã Vĩnh Hậu",
    )
    UnitHost.objects.create(unit=other, host=host)
    agent = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
    for number in range(3):
        client.get("/", HTTP_HOST=host, HTTP_USER_AGENT=f"{agent} #{number}")
        assert cache.get(page_key(other.pk, host, "/")) is not None
    visits = DailyVisitStats.objects.filter(unit=other).aggregate(total=Sum("visits"))["total"]
    assert visits == 3
    assert not DailyVisitStats.objects.filter(unit=unit).exists()
