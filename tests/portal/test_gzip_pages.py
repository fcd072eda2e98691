"""Cached pages sent gzip-compressed to clients that accept it, their figures put in per hit.

The gzip streams are read back with Python's gzip module, which checks the CRC-32 and the
length in their trailer. The pages come through the real WSGI handler and the page cache
middleware on a real Redis (the Redis tests fail in CI when Redis is missing).
"""

import gzip
import os
import re
import zlib

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler

from anphu_portal import caching
from anphu_portal.gzip_pages import GzipParts, crc32_combine
from anphu_portal.middleware import page_key, rebuild_lock_key
from anphu_portal.models import DailyVisitStats, Unit
from anphu_portal.visitor_counts import flush_visitor_counts
from tests.portal.test_handlers import Answered, handler  # noqa: F401 (a fixture)
from tests.portal.test_redis_cache import real_redis  # noqa: F401 (a fixture)
from tests.portal.test_redis_visits import (  # noqa: F401
    PHONE,
    figure,
    redis_cache,
    without_figures,
)

ACCEPTS = "gzip, deflate, br, zstd"  # what Chromium sends
FIGURE = re.compile(rb'(<td data-visitor-stat="(total|today|online)">)[^<]*(</td>)')


@pytest.mark.parametrize("first, second", [(0, 0), (0, 5), (7, 0), (1, 1), (3000, 70_001)])
def test_crcs_combine_as_zlibs(first, second):
    a, b = os.urandom(first), os.urandom(second)
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def spliced(content: bytes, spans, figures: list[bytes]) -> bytes:
    for (start, end, _name), value in reversed(list(zip(spans, figures, strict=True))):
        content = content[:start] + value + content[end:]
    return content


def spans_of(content: bytes) -> list:
    return [(match.end(1), match.start(3), match[2].decode()) for match in FIGURE.finditer(content)]


@pytest.mark.parametrize(
    "content",
    [
        b"<p>Kh\xc3\xb4ng c\xc3\xb3 s\xe1\xbb\x91 li\xe1\xbb\x87u.</p>" * 40,  # no figures
        b'<td data-visitor-stat="total">0</td>' + os.urandom(90_000) + b"<p>h\xe1\xba\xbft</p>",
        (
            b"<main>" + "Đường dây nóng ".encode() * 5000 + b'<td data-visitor-stat="total">12'
            b'</td><td data-visitor-stat="today">3</td><td data-visitor-stat="online">1</td>'
        ),
    ],
)
def test_a_stream_decompresses_to_the_page_with_each_hits_figures(content):
    spans = spans_of(content)
    parts = GzipParts.of(content, spans)
    for figures in ([b"1.234.567", b"89", b"3"], [b"0", b"0", b"0"], [b"12.345.678.901"] * 3):
        figures = figures[: len(spans)]
        stream = parts.stream(figures)
        assert gzip.decompress(stream) == spliced(content, spans, figures)  # CRC, length checked
    assert len(parts.stream([b"1"] * len(spans))) < len(content) // 2 or len(content) > 90_000


def plain_and_gzipped(handler, path):  # noqa: F811
    """Return a page answered without, then with, Accept-Encoding: gzip (one visitor)."""
    return Answered(handler, path), Answered(handler, path, HTTP_ACCEPT_ENCODING=ACCEPTS)


@pytest.mark.django_db
def test_a_hit_is_sent_gzipped_to_a_client_that_accepts_it(handler, clock):  # noqa: F811
    built = Answered(handler, HTTP_ACCEPT_ENCODING=ACCEPTS)
    assert built.through_django and "Content-Encoding" not in built.headers  # a miss: as built
    assert "Accept-Encoding" in built.headers["Vary"]
    plain, packed = plain_and_gzipped(handler, "/")
    assert not plain.through_django and not packed.through_django
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Vary"] == plain.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content
    assert figure(plain.content.decode(), "today") == "1"
    # The page cache middleware (a hit reaching Django's handler) sends the same stream.
    late = Answered(WSGIHandler.__call__.__get__(handler), HTTP_ACCEPT_ENCODING=ACCEPTS)
    assert late.through_django
    assert (late.status, late.headers, late.content) == (
        packed.status,
        packed.headers,
        packed.content,
    )
    # Counted as any other hit: one visitor, four page views.
    flush_visitor_counts()
    assert DailyVisitStats.objects.values_list("visits", "page_views").get() == (1, 4)


@pytest.mark.django_db
def test_each_hit_carries_the_figures_of_its_time(handler, clock):  # noqa: F811
    Answered(handler)
    first = gzip.decompress(Answered(handler, HTTP_ACCEPT_ENCODING="gzip").content).decode()
    Answered(handler, agent=PHONE)  # another visitor
    second = gzip.decompress(Answered(handler, HTTP_ACCEPT_ENCODING="gzip").content).decode()
    assert (figure(first, "today"), figure(second, "today")) == ("1", "2")
    assert without_figures(first) == without_figures(second)


@pytest.mark.django_db
def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(handler):  # noqa: F811
    Answered(handler)
    for accepts in ("", "identity", "deflate, br"):
        answered = Answered(handler, HTTP_ACCEPT_ENCODING=accepts)
        assert not answered.through_django and "Content-Encoding" not in answered.headers
        assert "ra quân".encode() in answered.content


@pytest.mark.django_db
def test_a_stale_page_served_while_rebuilt_is_gzipped_too(handler):  # noqa: F811
    Answered(handler, "/tin-tuc/")
    caching.bump_section_version(Unit.load().pk, "news")
    # Another request holds the rebuilding lock: this one gets the copy built before.
    key = page_key(Unit.load().pk, "testserver", "/tin-tuc/")
    cache.add(rebuild_lock_key(key), 1, 30)
    stale = Answered(handler, "/tin-tuc/", HTTP_ACCEPT_ENCODING=ACCEPTS)
    assert stale.through_django and stale.headers["Content-Encoding"] == "gzip"
    assert "ra quân" in gzip.decompress(stale.content).decode()
