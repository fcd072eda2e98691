"""Bad input on every public URL: an answer of 2xx, 3xx or 4xx, never 5xx, never a raw echo.

The URLs come from the URL resolver (the admin aside) and from the sitemap after loading a
little content, and the parameter names from the pages' own forms, so pages added later
are covered without touching this file.
"""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from procedures.models import RequiredDocument
from tests.factories import (
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_form_file,
    make_procedure,
)
from tests.sitemap_pages import sitemap_paths

MARKER = '<script>alert("anphu-hostile")</script>'
ATTRIBUTE_MARKER = '"><svg onload=alert(1)>'
RAW_ECHOES = (b'<script>alert("anphu-hostile")', b"<svg onload=alert(1)>")
HOLE = re.compile(r"<(?:[^>:]+:)?[^>]+>")
HOSTILE_SEGMENTS = [
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%00",
    "a%00b",
    "%ff%fe",
    quote(MARKER, safe=""),
    "a" * 3000,
    "99999999999999999999",
    "-1",
]
HOSTILE_VALUES = [MARKER, ATTRIBUTE_MARKER, "../../etc/passwd", "%2e%2e%2f", "\x00", "-1"]
FIXED_QUERIES = [
    "page=99999999999999999999",
    "page=-1",
    "page=abc",
    "page=0",
    "page=1e400",
    "page=%00",
    "page=1&page=2&page=abc",
    "p=abc",
    "p=99999999999999999999",
    "q=" + "a" * 10_000,
    "q=" + quote("ướ" * 3000),
    "q=%ff%fe%fd",
    "q=%00",
    "q=%C0%AF",
    "q=%25%25+_+%5C%5C",
    "q=%F0%9F%98%80+%E2%80%AE+%CC%81%CC%81%CC%81",
    "%ff=%ff",
    quote(MARKER, safe="") + "=1",
    "&".join(["q=a&page=1"] * 200),
]
METHODS = ["PROPFIND", "TRACE", "OPTIONS", "HEAD", "PUT", "DELETE", "PATCH", "POST"]
BAD_HEADERS = [
    {"HTTP_USER_AGENT": "Mozilla/5.0 " + MARKER + "\x00"},
    {"HTTP_ACCEPT_LANGUAGE": "vi;q=abc," + "x" * 2000},
    {"HTTP_COOKIE": "sessionid=" + quote(MARKER) + "; csrftoken=%00"},
    {"HTTP_X_FORWARDED_FOR": "999.1.1.1, " + MARKER},
    {"HTTP_IF_MODIFIED_SINCE": "Thu, 99 Foo 99999 25:61:61 GMT"},
    {"HTTP_RANGE": "bytes=99999999999999999999-"},
]
BAD_HOSTS = ["evil.example", "testserver:abc", "testserver@evil.example", MARKER, "a" * 300]


@pytest.fixture
def content(db):
    """Load a little of every kind of public content."""
    news = make_category("Tin tức - Sự kiện")
    make_category("Cải cách hành chính")
    for number in range(3):
        make_article(f"Tin số {number}", category=news, with_cover=number == 0)
    group = make_contact_group()
    make_contact(group)
    procedure = make_procedure()
    document = RequiredDocument.objects.filter(procedure=procedure).first()
    document.form_file = make_form_file("docx")
    document.save()


def public_routes(patterns=None, prefix: str = "") -> list[str]:
    """Return every public route of the URLconf, holes such as <slug:slug> left in."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # a regular expression gives no sample URL to start from
        route = prefix + str(entry.pattern)
        if route.startswith(settings.ADMIN_PATH):
            continue
        if isinstance(entry, URLResolver):
            routes += public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


def start_paths(client: Client) -> list[str]:
    """Return the public pages to attack: fixed routes, then every page of the sitemap."""
    fixed = ["/" + route for route in public_routes() if not HOLE.search(route)]
    return list(dict.fromkeys(fixed + sitemap_paths(client)))


# A form whose fields travel in the query string: no method, or method="get".
GET_FORM = re.compile(r'<form(?![^>]*\smethod="post")[^>]*>(.*?)</form>', re.S | re.I)


def form_parameters(client: Client, path: str) -> set[str]:
    """Return the names of the inputs of the page's GET forms, plus the page number."""
    names = {"page", "q"}
    response = client.get(path)
    if response.get("Content-Type", "").startswith("text/html"):
        for form in GET_FORM.findall(response.text):
            names.update(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', form))
    names.discard("csrfmiddlewaretoken")
    return names


def check(response, label: str, failures: list[str]) -> None:
    """Record a 5xx answer or a raw echo of an injected marker."""
    if response.status_code >= 500:
        failures.append(f"{response.status_code} {label}")
    if response.streaming:
        response.close()
        return
    if any(echo in response.content for echo in RAW_ECHOES):
        failures.append(f"raw echo {label}")


@pytest.fixture
def hostile_client():
    return Client(raise_request_exception=False)


def test_every_public_page_discovered_includes_each_app_and_the_sitemap(content, client):
    routes = public_routes()
    paths = start_paths(client)

    assert "tin-tuc/<slug:category>/<slug:slug>/" in routes
    assert "thu-tuc-hanh-chinh/<procedure_code:code>/" in routes
    assert "duong-day-nong/lien-he/<int:pk>.vcf" in routes
    assert not any(route.startswith(settings.ADMIN_PATH) for route in routes)
    assert "/thu-tuc-hanh-chinh/1.001193/" in paths
    assert any(path.startswith("/tin-tuc/tin-tuc-su-kien/tin-so-") for path in paths)


def test_bad_query_strings_never_cause_a_server_error_or_a_raw_echo(content, hostile_client):
    failures = []
    sent = 0

    for path in start_paths(hostile_client):
        # Each page gets the parameters its own forms send (the header's search box is on
        # every page, so `q` everywhere), plus the page number and the fixed ones.
        queries = FIXED_QUERIES + [
            f"{name}={quote(value, safe='')}"
            for name in sorted(form_parameters(hostile_client, path))
            for value in HOSTILE_VALUES
        ]
        for query in queries:
            check(hostile_client.get(f"{path}?{query}"), f"GET {path}?{query[:80]}", failures)
        sent += len(queries)

    assert sent <= 2500
    assert failures == []


def test_traversal_and_junk_in_slugs_and_codes_is_a_4xx(content, hostile_client):
    failures = []
    routes = [route for route in public_routes() if HOLE.search(route)]

    for route in routes:
        for segment in HOSTILE_SEGMENTS:
            path = "/" + HOLE.sub(segment, route)
            response = hostile_client.get(path)
            check(response, f"GET {path[:120]}", failures)
            if not 400 <= response.status_code < 500:
                failures.append(f"{response.status_code} (a 4xx expected) GET {path[:120]}")

    assert failures == []


def test_unknown_methods_and_bad_headers_never_cause_a_server_error(content, hostile_client):
    failures = []
    paths = start_paths(hostile_client)

    for path in paths:
        for method in METHODS:
            check(hostile_client.generic(method, path), f"{method} {path}", failures)
        for headers in BAD_HEADERS:
            check(hostile_client.get(path, **headers), f"GET {path} {list(headers)}", failures)
        for host in BAD_HOSTS:
            response = hostile_client.get(path, HTTP_HOST=host)
            check(response, f"GET {path} Host: {host[:40]}", failures)
            if response.status_code != 400:
                failures.append(f"{response.status_code} (400 expected) Host: {host[:40]} {path}")

    assert failures == []
