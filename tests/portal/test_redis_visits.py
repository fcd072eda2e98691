"""Visitor counting on a real Redis: one round trip per cached page, the same rules as the
database path, and the minute's flush into the database exactly once.

Like test_redis_cache.py, these tests fail in CI when Redis is missing and skip locally.
"""

import re
import sys
import threading
import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis
from django.core.management import CommandError, call_command
from django.db import connection

from anphu_portal import redis_pages
from anphu_portal.middleware import page_key, rebuild_lock_key
from anphu_portal.models import DailyVisitStats, Unit, VisitCountFlush
from anphu_portal.units import unit_map_copy
from anphu_portal.visitor_counts import (
    CLAIM_SCRIPT,
    NAMESPACE,
    flush_visitor_counts,
    record_view,
)
from news.models import Article
from tests.factories import make_article
from tests.portal.test_redis_cache import real_redis  # noqa: F401 (a fixture)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


@pytest.fixture
def redis_cache(real_redis):  # noqa: F811
    """The Redis cache, emptied of this test's keys afterwards (the counts have no expiry)."""
    yield real_redis
    client = real_redis._cache.get_client(write=True)
    prefix = real_redis.make_key("")
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def article(clock, redis_cache):
    Unit.load()  # created mid-request, it would end the first page's cache entry
    return make_article(
        "Huyện An Phú ra quân làm thủy lợi", publish_at=datetime(2026, 11, 1, tzinfo=LOCAL)
    )


def read(client, path, *, agent=BROWSER):
    response = client.get(path, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    return response.content.decode()


def day_row() -> tuple[int, int]:
    row = DailyVisitStats.objects.first()
    return (row.visits, row.page_views) if row else (0, 0)


def views_of(article) -> int:
    return Article.objects.get(pk=article.pk).view_count


def without_figures(page: str) -> str:
    return re.sub(r'(data-visitor-stat="\w+">)[^<]*', r"\1", page)


def figure(page: str, name: str) -> str:
    marker = f'<td data-visitor-stat="{name}">'
    return page.split(marker, 1)[1].split("<", 1)[0]


class RoundTrips:
    """Record what redis-py sends to Redis: one entry per round trip, its command names."""

    def __init__(self, monkeypatch):
        self.sent = []
        original = redis.connection.AbstractConnection.send_packed_command
        trips = self

        def send(connection, command, check_health=True):
            packed = b"".join(command) if isinstance(command, list) else command
            lines = packed.split(b"\r\n")
            # Each command is "*<count>", then "$<length>" and the text of each argument.
            names = [lines[i + 2] for i, line in enumerate(lines) if line.startswith(b"*")]
            trips.sent.append(names)
            return original(connection, command, check_health)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", send)


@pytest.mark.django_db
def test_a_cached_page_is_one_redis_command_and_no_query(
    client, article, monkeypatch, django_assert_num_queries
):
    read(client, article.get_absolute_url())  # built and stored
    read(client, article.get_absolute_url(), agent=PHONE)  # figures read from the database
    trips = RoundTrips(monkeypatch)
    with django_assert_num_queries(0):
        page = read(client, article.get_absolute_url(), agent=PHONE + " Khach/3")
    # The script alone: this process keeps the page's bytes from its first reading.
    assert trips.sent == [[b"EVALSHA"]]
    assert article.title in page
    assert figure(page, "total") == "3" and figure(page, "online") == "3"


@pytest.mark.django_db
def test_a_page_rebuilt_by_another_server_replaces_this_process_copy(client, article, redis_cache):
    url = article.get_absolute_url()
    read(client, url)  # built and stored
    assert "ra quân" in read(client, url, agent=PHONE)  # read, and kept by this process
    key = page_key(Unit.load().pk, "testserver", url)
    stored = redis_cache.client().hgetall(redis_cache.make_key(key))
    # Another server stores its own build of the page (same length: the figures' places hold).
    fields = {name.decode(): value for name, value in stored.items()}
    fields.update(i="another-build", b=stored[b"b"].replace("ra quân".encode(), "ra khơi".encode()))
    redis_pages.store(key=key, fields=fields, timeout=600)
    page = read(client, url, agent=PHONE + " Khach/3")
    assert "ra khơi" in page and "ra quân" not in page
    assert figure(page, "total") == "3"
    assert "ra khơi" in read(client, url, agent=PHONE + " Khach/4")  # the new copy


@pytest.mark.django_db
def test_the_process_keeps_pages_up_to_its_budget(client, article, redis_cache, monkeypatch):
    monkeypatch.setattr(redis_pages, "COPIES_BYTES", 40_000)
    paths = ["/", "/tin-tuc/", article.get_absolute_url(), "/duong-day-nong/", "/hoi-dap/"]
    pages = {path: read(client, path) for path in paths}
    for path in paths:  # read again, each from Redis or this process's copy
        assert without_figures(read(client, path, agent=PHONE)) == without_figures(pages[path])
    sizes = [size for _build, _page, size in redis_pages._copies.values()]
    assert sizes and sum(sizes) == redis_pages._copies_size <= 40_000


def test_the_process_copies_hold_when_several_threads_serve(redis_cache, monkeypatch):
    """With GUNICORN_THREADS > 1, threads read, keep and drop copies at once."""
    monkeypatch.setattr(redis_pages, "COPIES_BYTES", 24_000)  # room for a few pages only
    monkeypatch.setattr(redis_pages, "_copies", redis_pages.OrderedDict())
    monkeypatch.setattr(redis_pages, "_copies_size", 0)
    interval = sys.getswitchinterval()
    prefix = f"test:copies:{uuid.uuid4().hex}"
    redis_cache.set(f"{prefix}:version", 7, 60)
    now = datetime.now(LOCAL)
    keys = [f"{prefix}:page:{n}" for n in range(24)]

    def store(key, build):
        body = f"<p>{key} {build}</p>".encode().ljust(5_000, b" ")
        fields = {"v": "7", "t": int(now.timestamp() * 1000), "a": "", "c": 0, "i": build}
        redis_pages.store(key=key, fields={**fields, "m": "[200, [], []]", "b": body}, timeout=60)

    for key in keys:
        store(key, "first")
    failures, served = [], []

    def serve(seed):
        try:
            for n in range(300):
                key = keys[(seed * 7 + n * 5) % len(keys)]
                if n % 10 == seed:
                    store(key, f"build-{seed}-{n}")  # rebuilt: the copy must be read again
                found = redis_pages.lookup(
                    redis_cache,  # one instance for every thread: each its own connection
                    key=key,
                    version_keys=[f"{prefix}:version"],
                    lifetime=60,
                    unit_id=1,
                    visitor_hash=None,
                    now=now,
                    page_of=lambda fields: fields[6],
                )
                served.append(found.hit and found.page.startswith(f"<p>{key} ".encode()))
        except Exception as error:  # noqa: BLE001 (reported below, with the thread's seed)
            failures.append((seed, repr(error)))

    threads = [threading.Thread(target=serve, args=(seed,)) for seed in range(6)]
    sys.setswitchinterval(1e-6)  # threads switch as often as the interpreter lets them
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    assert len(served) == 6 * 300 and all(served)
    sizes = [size for _build, _page, size in redis_pages._copies.values()]
    assert sum(sizes) == redis_pages._copies_size <= 24_000


@pytest.mark.django_db
def test_a_view_counts_once_a_day_per_visitor_and_reaches_the_database_at_the_flush(
    client, article, clock
):
    for _ in range(3):
        read(client, article.get_absolute_url())
    read(client, article.get_absolute_url(), agent=PHONE)
    assert day_row() == (0, 0) and views_of(article) == 0  # Not in the database yet.

    call_command("flush_visitor_counts")
    assert day_row() == (2, 4)
    assert views_of(article) == 2

    clock(hours=14, minutes=1)  # 00:01 the next day: a new day, a new visit, a new view.
    read(client, article.get_absolute_url())
    flush_visitor_counts()
    assert views_of(article) == 3
    assert sorted(DailyVisitStats.objects.values_list("visits", "page_views")) == [(1, 1), (2, 4)]


@pytest.mark.django_db
def test_a_visit_ends_after_30_minutes_away(client, article, clock):
    read(client, "/")
    clock(minutes=29)
    read(client, "/")
    clock(minutes=59)
    read(client, "/")
    flush_visitor_counts()
    assert day_row() == (2, 3)


@pytest.mark.django_db
def test_figures_shown_are_exact_before_and_after_the_flush(client, article, clock):
    read(client, "/")
    read(client, "/", agent=PHONE)
    page = read(client, "/", agent=PHONE)
    assert (figure(page, "total"), figure(page, "today"), figure(page, "online")) == ("2", "2", "2")

    flush_visitor_counts()
    clock(minutes=6)  # The first two visitors are no longer online.
    response = client.get("/", HTTP_USER_AGENT=BROWSER + " Khach/3")
    page = response.content.decode()
    assert (figure(page, "total"), figure(page, "today"), figure(page, "online")) == ("3", "3", "1")
    assert int(response.get("Content-Length", len(response.content))) == len(response.content)
    flush_visitor_counts()
    assert day_row() == (3, 4)


@pytest.mark.django_db
def test_a_stale_page_served_while_another_request_rebuilds_it_is_counted(
    client, article, redis_cache
):
    assert "Huyện An Phú ra quân" in read(client, "/tin-tuc/")
    key = page_key(Unit.load().pk, "testserver", "/tin-tuc/")
    assert redis_cache.add(rebuild_lock_key(key), 1, 30)  # Another request is rebuilding it.
    make_article("Tin mới về mùa nước nổi", publish_at=datetime(2026, 11, 2, tzinfo=LOCAL))
    page = read(client, "/tin-tuc/", agent=PHONE)
    assert "Huyện An Phú ra quân" in page and "mùa nước nổi" not in page  # The copy before.
    redis_cache.delete(rebuild_lock_key(key))
    assert "mùa nước nổi" in read(client, "/tin-tuc/", agent=PHONE)
    flush_visitor_counts()
    assert day_row() == (2, 3)


@pytest.mark.django_db
def test_bots_and_head_requests_are_not_counted(client, article):
    read(client, "/")
    client.get("/", HTTP_USER_AGENT="Googlebot/2.1")
    client.head("/", HTTP_USER_AGENT=BROWSER)
    client.get("/")  # no user agent: a script
    flush_visitor_counts()
    assert day_row() == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_two_flushes_at_once_write_each_count_once(clock, redis_cache):
    unit = Unit.load()
    now = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL)
    for number in range(40):
        record_view(visitor_hash=f"khach-{number}", now=now, article_id=None, unit_id=unit.pk)
    # A run that claimed a batch and died before writing it: taken over once it is stale.
    client = redis_cache._cache.get_client(write=True)
    keys = [NAMESPACE + "pending", NAMESPACE + "batches", NAMESPACE + "batch:1795000000-chet"]
    token = f"{int(now.timestamp())}-chet"
    keys[2] = NAMESPACE + f"batch:{token}"
    redis_cache._cache.run_script(CLAIM_SCRIPT, [redis_cache.make_key(k) for k in keys], [token])
    for number in range(40, 50):
        record_view(visitor_hash=f"khach-{number}", now=now, article_id=None, unit_id=unit.pk)
    clock(minutes=3)

    barrier = threading.Barrier(2)

    def flush():
        try:
            barrier.wait()
            flush_visitor_counts()
        finally:
            connection.close()

    threads = [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert day_row() == (50, 50)
    assert not client.exists(redis_cache.make_key(NAMESPACE + "pending"))
    assert not client.smembers(redis_cache.make_key(NAMESPACE + "batches"))
    flush_visitor_counts()
    assert day_row() == (50, 50)


@pytest.mark.django_db
def test_a_batch_written_before_a_crash_is_not_written_again(clock, redis_cache):
    unit = Unit.load()
    now = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL)
    record_view(visitor_hash="khach", now=now, article_id=None, unit_id=unit.pk)
    token = f"{int(now.timestamp())}-da-ghi"
    keys = [NAMESPACE + "pending", NAMESPACE + "batches", NAMESPACE + f"batch:{token}"]
    redis_cache._cache.run_script(CLAIM_SCRIPT, [redis_cache.make_key(k) for k in keys], [token])
    # The run wrote it and died before deleting it from Redis.
    DailyVisitStats.objects.create(unit=unit, date=now.date(), visits=1, page_views=1)
    VisitCountFlush.objects.create(token=token, flushed_at=now)
    clock(minutes=3)
    report = flush_visitor_counts()
    assert report.already_flushed == [token]
    assert day_row() == (1, 1)


@pytest.mark.django_db
def test_with_redis_down_views_are_counted_in_the_database(client, settings, clock):
    settings.CACHES = {
        "default": {
            "BACKEND": "anphu_portal.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/5",  # nothing listens there
        }
    }
    Unit.load()
    assert "Thống kê truy cập" in read(client, "/")
    read(client, "/", agent=PHONE)
    assert day_row() == (2, 2)
    with pytest.raises(CommandError, match="Không kết nối được Redis"):
        call_command("flush_visitor_counts")


@pytest.mark.django_db
def test_the_flush_without_redis_says_so(capsys):
    assert flush_visitor_counts() is None
    call_command("flush_visitor_counts")
    assert "không phải Redis" in capsys.readouterr().out


def test_a_script_redis_does_not_know_is_loaded_and_run(redis_cache):
    source = f"return {{redis.call('INCR', KEYS[1]), '{uuid.uuid4().hex}'}}"
    reply = redis_cache.run_script(source, keys=["portal:test-counter"], args=[])
    assert reply[0] == 1 and redis_cache.get("portal:test-counter") == 1


def test_fragments_and_scripts_are_read_together_and_a_forgotten_script_loaded(
    redis_cache, monkeypatch
):
    redis_cache.set("portal:test-fragment", "<p>Đầu trang</p>", 30)
    source = f"return {{redis.call('INCR', KEYS[1]), ARGV[1], '{uuid.uuid4().hex}'}}"
    calls = [(source, ["portal:test-counter"], ["An Phú"])]
    redis_cache._cache.get_client(write=True).script_flush()
    trips = RoundTrips(monkeypatch)
    found, replies = redis_cache.get_many_and_run_scripts(
        ["portal:test-fragment", "portal:test-missing"], calls
    )
    assert found == {"portal:test-fragment": "<p>Đầu trang</p>"}
    assert [reply[:2] for reply in replies] == [[1, "An Phú".encode()]]
    # Sent together; Redis did not know the script: loaded and run on its own.
    assert trips.sent[0] == [b"MGET", b"EVALSHA"] and trips.sent[-1] == [b"EVALSHA"]
    trips.sent.clear()
    found, replies = redis_cache.get_many_and_run_scripts(["portal:test-fragment"], calls)
    assert replies[0][0] == 2 and trips.sent == [[b"MGET", b"EVALSHA"]]


@pytest.mark.django_db
def test_a_rebuilt_page_shows_the_figures_read_with_its_fragments(
    client, article, settings, redis_cache, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0  # every request rebuilds the page
    read(client, "/tin-tuc/")
    read(client, "/tin-tuc/", agent=PHONE)
    redis_cache._cache.get_client(write=True).script_flush()  # Redis restarted, say
    trips = RoundTrips(monkeypatch)
    page = read(client, "/tin-tuc/", agent=PHONE + " Khach/3")
    assert [b"MGET", b"EVALSHA"] in trips.sent  # the fragments and the figures together
    # The view recorded after the figures were read: the third visitor shows next time.
    assert (figure(page, "total"), figure(page, "today"), figure(page, "online")) == ("2", "2", "2")
    page = read(client, "/tin-tuc/", agent=PHONE)
    assert (figure(page, "total"), figure(page, "today"), figure(page, "online")) == ("3", "3", "3")


@pytest.mark.django_db
def test_a_unit_host_change_reaches_the_unit_map_copy(client, redis_cache):
    unit = Unit.load()
    read(client, "/")
    read(client, "/")  # from the cache
    assert unit_map_copy()["hosts"] == {}
    unit.hosts.create(host="anphu.angiang.gov.vn")
    # The unit has a host name of its own now: no other host opens it, cached or not.
    assert client.get("/", HTTP_USER_AGENT=PHONE).status_code == 404
    assert unit_map_copy()["hosts"] == {"anphu.angiang.gov.vn": unit.pk}


@pytest.mark.django_db
def test_while_redis_is_down_the_unit_is_read_again_not_taken_from_the_copy(client, redis_cache):
    unit = Unit.load()
    read(client, "/")
    read(client, "/")  # from the cache: this process keeps a copy of the unit map
    assert unit_map_copy()["hosts"] == {}
    redis_cache.paused_until = time.monotonic() + 60  # Every Redis call fails from here on.
    unit.hosts.create(host="anphu.angiang.gov.vn")  # Redis never hears of it.
    # The copy says this host opens the unit; the database says it no longer does.
    assert client.get("/", HTTP_USER_AGENT=PHONE).status_code == 404
