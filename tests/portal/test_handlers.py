"""The portal's WSGI handler: a current page on Redis answered before Django's own handler.

Real WSGI calls of `PortalWSGIHandler` (as gunicorn makes them) on a real Redis; whether a
request went through Django's handler is told by Django's request_started signal. Like
test_redis_cache.py, these tests fail in CI when Redis is missing and skip locally.
"""

import io
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from anphu_portal import caching
from anphu_portal.handlers import PortalWSGIHandler
from anphu_portal.models import DailyVisitStats, Unit
from anphu_portal.roles import ROLE_NAMES
from anphu_portal.visitor_counts import flush_visitor_counts
from tests.documents.factories import make_document
from tests.factories import (
    make_article,
    make_contact,
    make_contact_group,
    make_procedure,
    make_staff_user,
)
from tests.portal.test_redis_cache import real_redis  # noqa: F401 (a fixture)
from tests.portal.test_redis_visits import (  # noqa: F401
    BROWSER,
    PHONE,
    RoundTrips,
    redis_cache,
    without_figures,
)


class Answered:
    """What one WSGI call answered, and whether it went through Django's handler."""

    def __init__(self, handler, path="/", *, method="GET", agent=BROWSER, **extra):
        path_info, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "HTTP_USER_AGENT": agent,
            "REMOTE_ADDR": "203.113.0.7",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            **extra,
        }
        started = []

        def note(**kwargs):
            started.append(kwargs["environ"]["PATH_INFO"])

        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, dict(headers)

        # As Django's test client does: the test's transaction stays open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        request_started.connect(note)
        try:
            body = handler(environ, start_response)
            self.content = b"".join(body)
            if hasattr(body, "close"):
                body.close()
        finally:
            request_started.disconnect(note)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        self.through_django = bool(started)


@pytest.fixture
def handler(redis_cache):  # noqa: F811
    Unit.load()  # created mid-request, it would end the first page's cache entry
    make_article("Huyện An Phú ra quân làm thủy lợi")
    return PortalWSGIHandler()


@pytest.mark.django_db
def test_a_current_page_is_answered_before_djangos_handler_without_a_query(
    handler, django_assert_num_queries
):
    built = Answered(handler)
    assert built.status == "200 OK" and built.through_django
    assert "ra quân".encode() in built.content
    with django_assert_num_queries(0):
        early = Answered(handler)
    assert not early.through_django
    # The same page Django's handler serves from the cache: status, headers and bytes.
    late = Answered(WSGIHandler.__call__.__get__(handler))
    assert late.through_django
    assert (early.status, early.headers, early.content) == (late.status, late.headers, late.content)
    assert early.headers["X-Content-Type-Options"] == "nosniff"
    assert early.headers["Referrer-Policy"] and early.headers["Cross-Origin-Opener-Policy"]
    assert early.headers["Content-Security-Policy"] and early.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_page_answered_early_is_counted_once(handler, clock):
    Answered(handler)  # built: counted by Django's handler
    assert not Answered(handler).through_django
    assert not Answered(handler, agent=PHONE).through_django
    Answered(handler, agent="curl/8.5.0")  # a script: served, not counted
    flush_visitor_counts()
    assert DailyVisitStats.objects.values_list("visits", "page_views").get() == (2, 3)


@pytest.mark.django_db
def test_only_a_current_hit_is_answered_early(handler):
    Answered(handler, "/tin-tuc/")
    assert not Answered(handler, "/tin-tuc/").through_django
    # Another section's edit leaves the list current; its own section's edit does not.
    caching.bump_section_version(Unit.load().pk, "procedures")
    assert not Answered(handler, "/tin-tuc/").through_django
    caching.bump_section_version(Unit.load().pk, "news")
    stale = Answered(handler, "/tin-tuc/")
    assert stale.through_django and stale.status == "200 OK"
    assert not Answered(handler, "/tin-tuc/").through_django  # the page rebuilt just now
    for method in ("HEAD", "POST"):
        assert Answered(handler, "/tin-tuc/", method=method).through_django
    assert Answered(handler, "/tin-tuc/?page=1").through_django  # another address: a miss


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLE_NAMES])
def test_a_signed_in_user_goes_through_djangos_handler(handler, role):
    """Each role, and a user without one, gets its own page: never the anonymous copy."""
    Answered(handler)
    user = make_staff_user(role, username="can-bo")
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    answered = Answered(handler, HTTP_COOKIE=f"sessionid={session}")
    assert answered.through_django and answered.status == "200 OK"


@pytest.mark.django_db
def test_https_is_asked_first_and_its_headers_added(redis_cache, settings):  # noqa: F811
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    Unit.load()
    handler = PortalWSGIHandler()  # the security settings are read when it starts
    redirected = Answered(handler)
    assert redirected.status.startswith("301") and redirected.through_django
    assert redirected.headers["Location"] == "https://testserver/"
    Answered(handler, **{"wsgi.url_scheme": "https"})  # built
    early = Answered(handler, **{"wsgi.url_scheme": "https"})
    assert not early.through_django and early.status == "200 OK"
    assert early.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    late = Answered(WSGIHandler.__call__.__get__(handler), **{"wsgi.url_scheme": "https"})
    assert (early.headers, early.content) == (late.headers, late.content)
    assert Answered(handler).status.startswith("301")  # never the page over HTTP


@pytest.mark.django_db
def test_a_forged_host_gets_djangos_400_page(handler):
    for _ in range(2):  # a host refused once is not kept among the routes either
        answered = Answered(handler, HTTP_HOST="evil.example")
        assert answered.through_django and answered.status.startswith("400")


VINH_HAU = "vinhhau.angiang.gov.vn"


def vinh_hau() -> Unit:
    return Unit.objects.create(
        unit_name="Ủy ban nhân dân xã Vĩnh Hậu",
        slug="xa-vinh-hau",
        portal_title="Cổng thông tin xã Vĩnh Hậu",
    )


@pytest.mark.django_db
def test_each_host_is_answered_early_with_its_own_units_page(handler, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".angiang.gov.vn"]
    Unit.load().hosts.create(host="anphu.angiang.gov.vn")
    vinh_hau().hosts.create(host=VINH_HAU)
    for host in ("anphu.angiang.gov.vn", VINH_HAU):
        assert Answered(handler, HTTP_HOST=host).through_django  # built
    for _ in range(2):
        an_phu = Answered(handler, HTTP_HOST="anphu.angiang.gov.vn")
        vinh = Answered(handler, HTTP_HOST=VINH_HAU)
        assert not an_phu.through_django and not vinh.through_django
        assert "huyện An Phú".encode() in an_phu.content
        assert "xã Vĩnh Hậu".encode() in vinh.content
        assert "xã Vĩnh Hậu".encode() not in an_phu.content


@pytest.mark.django_db
def test_a_host_given_to_another_unit_is_answered_with_that_units_page(handler, settings):
    """The process's routes follow the unit map: a host name change moves a kept route."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".angiang.gov.vn"]
    Answered(handler, HTTP_HOST=VINH_HAU)  # the default unit, which has no host names
    before = Answered(handler, HTTP_HOST=VINH_HAU)
    assert not before.through_django and "huyện An Phú".encode() in before.content
    vinh_hau().hosts.create(host=VINH_HAU)
    moved = Answered(handler, HTTP_HOST=VINH_HAU)
    assert moved.through_django and "xã Vĩnh Hậu".encode() in moved.content
    again = Answered(handler, HTTP_HOST=VINH_HAU)
    assert not again.through_django
    assert without_figures(again.content.decode()) == without_figures(moved.content.decode())
    # Other hosts still open the default unit, which has no host names of its own.
    assert "huyện An Phú".encode() in Answered(handler).content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["home", "article", "category", "procedure", "procedures", "documents", "directory"],
)
def test_a_rebuilt_page_reads_its_fragments_in_one_round_trip(
    client,
    settings,
    redis_cache,  # noqa: F811
    monkeypatch,
    page,
):
    """The layout's fragments (header, hotline boxes, organization) with the view's own."""
    settings.PAGE_CACHE_SECONDS = 0  # each request rebuilds the page, as after an edit
    Unit.load()
    article = make_article("Huyện An Phú ra quân làm thủy lợi")
    procedure = make_procedure("1.001193", "Đăng ký khai sinh")
    make_document()
    make_contact(make_contact_group("Đường dây nóng"), name="Trực ban", phones="02963957000")
    path = {
        "home": "/",
        "article": article.get_absolute_url(),
        "category": article.category.get_absolute_url(),
        "procedure": procedure.get_absolute_url(),
        "procedures": "/thu-tuc-hanh-chinh/?cap=xa",
        "documents": "/van-ban/",
        "directory": "/duong-day-nong/",
    }[page]
    # The fragments kept; a view recorded, which opens the connection scripts are sent on.
    assert client.get(path, HTTP_USER_AGENT=PHONE).status_code == 200
    trips = RoundTrips(monkeypatch)
    assert client.get(path, HTTP_USER_AGENT=BROWSER).status_code == 200
    # The versions (which check the process's copy of the unit map), then every fragment
    # at once with the visitor figures, then the view's record.
    assert trips.sent == [[b"MGET"], [b"MGET", b"EVALSHA"], [b"EVALSHA"]]
