"""Portal-wide middleware: outages, security headers, visitor counting, the page cache."""

import functools
import hashlib
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from whitenoise.middleware import WhiteNoiseMiddleware

from anphu_portal import caching, gzip_pages, redis_pages
from anphu_portal.caching import page_cache_seconds
from anphu_portal.current_unit import activate_unit, deactivate_unit
from anphu_portal.outages import is_database_outage, report_database_outage, service_unavailable
from anphu_portal.release import release
from anphu_portal.visitor_counts import redis_cache

PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The admin's widgets and the rich-text editor set style attributes on their elements;
# style sheets and <style> elements still come only from our own files.
ADMIN_CSP = PUBLIC_CSP.replace(
    "style-src 'self'",
    "style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'",
)


class DatabaseOutageMiddleware:
    """Answer the friendly 503 page, not a 500, while the database cannot be reached.

    Django turns an exception raised inside another middleware into a response before it
    gets here; `views.server_error` catches those. Pages in the page cache are still served
    (the cache sits below, and an anonymous request needs no query to reach it). Nothing to
    restart afterwards: the next request opens a new connection (CONN_HEALTH_CHECKS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        report_database_outage(exception)
        return service_unavailable()


def is_admin_path(path: str) -> bool:
    """Return True for URLs of the Django admin."""
    return path.startswith(f"/{settings.ADMIN_PATH}")


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Serve static files with WhiteNoise, but not the manifest listing every file name."""

    def __call__(self, request):
        if request.path_info == f"{settings.STATIC_URL}staticfiles.json":
            return self.get_response(request)
        return super().__call__(request)


class ContentSecurityPolicyMiddleware:
    """Send a strict Content-Security-Policy: no inline scripts anywhere, no CDN."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = is_admin_path(request.path)
        response.headers.setdefault("Content-Security-Policy", ADMIN_CSP if admin else PUBLIC_CSP)
        if admin:
            # robots.txt does not name the admin's path; this keeps its pages out of indexes.
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


ARTICLE_ID_HEADER = "X-Article-Id"
# Substrings of the user agents of crawlers, link checkers and scripts (lowercase).
# Headless browsers are not excluded: they are how people's tools and our tests browse.
BOT_USER_AGENT = re.compile(r"bot|crawl|spider|slurp|curl|wget|python-requests")
NOT_PAGE_PATHS = ("/healthz", "/robots.txt", "/sitemap.xml")
# A figure of the sidebar box "Thống kê truy cập" (templates/partials/visitor_stats.html).
VISITOR_STAT_CELL = re.compile(rb'(<td data-visitor-stat="(total|today|online)">)[^<]*(</td>)')
# How Django's GZipMiddleware reads Accept-Encoding (its own pattern is compiled lazily,
# behind a proxy object that cost a cached page's hit about 16,000 instructions).
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """Return the visitor's IP address, from the trusted proxy's header when configured."""
    if settings.PORTAL_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The last entry is the one our own proxy appended; earlier ones are client-made.
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def is_counted_path(path: str) -> bool:
    """Return False for files, admin, feeds and machine endpoints, which are not pages."""
    if is_admin_path(path) or path.startswith(
        (settings.STATIC_URL, settings.MEDIA_URL, *NOT_PAGE_PATHS)
    ):
        return False
    return "/rss/" not in path and not path.endswith("/rss")


def is_counted_page_view(request, response) -> bool:
    """Return True for a successful HTML GET page seen by a person who is not staff.

    Not counted: other methods and statuses, non-HTML responses, files, admin, feeds and
    machine endpoints, staff users, and clients that send no user agent or a bot's one.
    """
    if response.status_code != 200 or not is_html(response):
        return False
    return is_counted_request(request)


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def is_counted_request(request) -> bool:
    """Return True when a request's page, if it is a 200 HTML page, is a counted view."""
    if request.method != "GET" or not is_counted_path(request.path):
        return False
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    # Every browser names itself; a client that sends no user agent at all is a script.
    if not user_agent.strip() or BOT_USER_AGENT.search(user_agent.lower()):
        return False
    # A page served from the cache answers before the authentication middleware: no user.
    return not getattr(getattr(request, "user", None), "is_staff", False)


def request_visitor_hash(request, now) -> str:
    """Return the anonymous name of the request's visitor for the local day of `now`."""
    from anphu_portal.models import visitor_hash

    return visitor_hash(
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        now=now,
    )


class VisitorCountingMiddleware:
    """Count page views and visits of the pages built (see visitor statistics).

    The page cache, which answers before this middleware, counts the pages it serves
    with the same functions (or, on Redis, in its lookup script). A view goes to Redis
    when the cache is Redis and answers (`visitor_counts.record_view`), else to the
    database. Counting never breaks a page: an error is logged and the page served.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        article_id = response.get(ARTICLE_ID_HEADER)
        if article_id is not None:
            del response[ARTICLE_ID_HEADER]
            request.page_article_id = article_id  # Kept with the page in the page cache.
        if settings.VISITOR_COUNTING and is_counted_page_view(request, response):
            self.count(request, article_id=article_id)
        self.refresh_figures(response)
        return response

    @staticmethod
    def refresh_figures(response, cached: dict | None = None) -> None:
        """Put current figures in the box of a page that may come from the page cache.

        `cached` is the unit's cached figures when the caller has already read them.
        """
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return
        if b"data-visitor-stat" not in response.content:
            return
        from anphu_portal.templatetags.portal_tags import current_visitor_figures, thousands

        try:
            if cached is None:
                current = current_visitor_figures()
            else:
                current = {name: thousands(value) for name, value in cached.items()}
            figures = {name.encode(): value.encode() for name, value in current.items()}
        except Exception:
            # The page as rendered is still right, only its figures are older.
            logger.exception("Visitor figures unavailable; the page keeps its own.")
            return
        response.content = VISITOR_STAT_CELL.sub(
            lambda match: match[1] + figures[match[2]] + match[3], response.content
        )
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))

    @classmethod
    def count_served(cls, request, response, article_id: str | None, *, counted: bool) -> None:
        """Count a page the page cache served, unless its lookup has counted it already."""
        if not counted and settings.VISITOR_COUNTING and is_counted_page_view(request, response):
            cls.count(request, article_id=article_id)

    @staticmethod
    def count(request, *, article_id: str | None) -> None:
        from anphu_portal.visitor_counts import record_view

        now = timezone.now()
        article = int(article_id) if article_id and article_id.isdigit() else None
        try:
            record_view(
                visitor_hash=request_visitor_hash(request, now),
                now=now,
                article_id=article,
                unit_id=None,
            )
        except Exception as error:
            # Statistics are never worth an error page (a locked database, a bad article id).
            if is_database_outage(error):
                report_database_outage(error)  # A cached page served during an outage.
            else:
                logger.exception("Visitor counting failed; the page was served uncounted.")


# How long one request may hold a page's rebuilding lock (others get the stale copy).
REBUILD_LOCK_SECONDS = 30
EVERY_SECTION = None


@functools.lru_cache(maxsize=4096)
def page_sections(path_info: str) -> tuple[str, ...] | None:
    """Return the sections a page shows (None: every section of its unit).

    A view names them in a `cache_sections` attribute (on the function or the class);
    otherwise an app's pages (the URL namespace of its `include`) show its own section,
    and any other page (the home page, the search) every section. The menus are on every
    page (`caching.EVERY_PAGE`); so are the identity, the banner and the hotline boxes,
    whose edits are hard bumps, read by every page of the unit.
    """
    try:
        match = resolve(path_info)
    except Resolver404:
        return EVERY_SECTION
    view = getattr(match.func, "view_class", match.func)
    declared = getattr(view, "cache_sections", None)
    if declared is not None:
        return tuple(declared)
    if match.namespaces and match.namespaces[0] in caching.SECTIONS:
        return (match.namespaces[0],)
    return EVERY_SECTION


def page_key(unit_id: object, host: str, full_path: str) -> str:
    """Return the cache key of a page of this release (without versions: the entry carries them)."""
    named = f"{release()}|{host}|{full_path}"
    digest = hashlib.md5(named.encode(), usedforsecurity=False).hexdigest()
    return f"portal:page:{unit_id}:{digest}"


@dataclass(frozen=True)
class PageRoute:
    """Where a cacheable URL's page is kept: its unit, key, sections and version keys."""

    unit: object
    key: str
    sections: tuple[str, ...] | None
    version_keys: tuple[str, ...]


# This process's routes: (the unit map copy they were worked out from, {what names the
# URL: PageRoute}). A route depends only on the host, the path, the URL configuration and
# the unit map: worked out again when the copy of the map is replaced (a unit or host name
# change), and all dropped when ROUTES_KEPT are kept (query strings are the visitor's):
# under 1 KB each, the version keys shared by the routes of a unit's pages of the same
# sections (`_version_keys`).
ROUTES_KEPT = 2048
_routes: tuple[dict | None, dict] = (None, {})
_version_keys: dict[tuple, tuple[str, ...]] = {}


def page_route(request, units: dict) -> PageRoute:
    """Return the route of a request's page, with the unit map copy `units`.

    Working it out (the host validated against ALLOWED_HOSTS, the unit found, the URL
    resolved, the key hashed, the version keys listed) cost a cached page about 60 µs of
    its 450. A route is kept by the request's raw host headers and path, which it is a
    function of: only a host that was validated once finds one.
    """
    global _routes
    from anphu_portal.units import request_unit  # The models import this module.

    meta = request.META
    names = (
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        request.path,
        request.path_info,
        meta.get("QUERY_STRING", ""),
    )
    routes_units, routes = _routes
    if routes_units is not units:
        routes = {}
        _routes = (units, routes)
    route = routes.get(names)
    if route is not None:
        request._unit = route.unit  # What request_unit() would find.
        return route
    unit = request_unit(request, units)
    unit_id = unit.pk if unit else 0
    sections = page_sections(request.path_info)
    keys = _version_keys.get((unit_id, sections))
    if keys is None:
        keys = _version_keys[unit_id, sections] = tuple(caching.version_keys(unit_id, sections))
    route = PageRoute(
        unit=unit,
        key=page_key(unit_id, request.get_host(), request.get_full_path()),
        sections=sections,
        version_keys=keys,
    )
    if len(routes) >= ROUTES_KEPT:
        routes.clear()
    routes[names] = route
    return route


def rebuild_lock_key(key: str) -> str:
    """Return the key of the lock held by the one request rebuilding a stale page."""
    return f"{key}:rebuilding"


@dataclass(frozen=True)
class CachedPage:
    """A page as stored: its bytes and headers, and the versions it was built for."""

    versions: tuple
    built_at: float
    status: int
    headers: tuple
    content: bytes
    article_id: str | None = None
    # Where the visitor figures' values are in `content`: (start, end, name), on Redis.
    figure_spans: tuple | None = None

    @classmethod
    def of(cls, request, response, versions: tuple) -> "CachedPage":
        return cls(
            versions=versions,
            built_at=time.time(),
            status=response.status_code,
            headers=tuple(response.headers.items()),
            content=response.content,
            article_id=getattr(request, "page_article_id", None),
        )

    def as_redis_hash(self, *, counts: bool) -> dict:
        """Return the fields of the page's Redis hash (see redis_pages)."""
        spans = [
            [match.end(1), match.start(3), match[2].decode()]
            for match in VISITOR_STAT_CELL.finditer(self.content)
        ]
        return {
            "v": ".".join(str(version) for version in self.versions),
            "t": int(self.built_at * 1000),
            "a": self.article_id or "",
            "c": int(counts),
            # This build's id: a process's copy of the page is served only for the same id.
            "i": secrets.token_hex(8),
            "m": json.dumps([self.status, list(self.headers), spans]),
            "b": self.content,
        }

    @classmethod
    def from_redis_hash(cls, fields: list | None) -> "CachedPage | None":
        """Return the page of a Redis hash's fields (v, t, a, c, i, m, b), or None."""
        if not fields:
            return None
        versions, built, article, _counts, _build, meta, content = fields
        status, headers, spans = json.loads(meta)
        return cls(
            versions=tuple(int(part) for part in versions.decode().split(".")),
            built_at=int(built) / 1000,
            status=status,
            headers=tuple(tuple(pair) for pair in headers),
            content=content,
            article_id=article.decode() or None,
            figure_spans=tuple(tuple(span) for span in spans),
        )

    def spliced(self, figures: dict) -> bytes:
        """Return the page's bytes with these visitor figures in their places (`figure_spans`)."""
        from anphu_portal.templatetags.portal_tags import thousands

        # Joined from views of the page: slices of bytes would each be copied first (the
        # directory's 313 KB twice on every hit).
        content, parts, done = memoryview(self.content), [], 0
        for start, end, name in self.figure_spans:
            parts += [content[done:start], thousands(figures[name]).encode()]
            done = end
        return b"".join([*parts, content[done:]])

    def figure_bytes(self, figures: dict) -> list[bytes]:
        """Return the text of each of the page's figure spans, with these figures (as `spliced`)."""
        from anphu_portal.templatetags.portal_tags import thousands

        return [thousands(figures[name]).encode() for _start, _end, name in self.figure_spans]

    def can_gzip(self, request) -> bool:
        """Return True when the page can be sent gzip-compressed to this request.

        A page from Redis (its figures' spans known), of at least MIN_LENGTH bytes, not
        already encoded, to a client that accepts gzip (as Django's GZipMiddleware reads
        Accept-Encoding).
        """
        accepts = request.META.get("HTTP_ACCEPT_ENCODING")
        return (
            accepts is not None
            and ACCEPTS_GZIP.search(accepts) is not None
            and self.figure_spans is not None
            and len(self.content) >= gzip_pages.MIN_LENGTH
            and "content-encoding" not in self.header_names
        )

    @functools.cached_property
    def gzip_parts(self) -> gzip_pages.GzipParts:
        """Return the page compressed in pieces between its figures (once per process copy)."""
        return gzip_pages.GzipParts.of(self.content, self.figure_spans)

    def gzipped(self, figures: dict) -> bytes:
        """Return the gzip stream of the page's bytes with these visitor figures."""
        return self.gzip_parts.stream(self.figure_bytes(figures))

    @functools.cached_property
    def header_names(self) -> frozenset[str]:
        """Return the names of the page's headers, lowercase (kept with the process's copy)."""
        return frozenset(name.lower() for name, _value in self.headers)

    def wsgi_headers(self, length: int, *, gzipped: bool = False) -> list[tuple[str, str]]:
        """Return the page's headers for WSGI, its Content-Length that of `length` bytes."""
        headers = [
            (name, str(length) if name.lower() == "content-length" else value)
            for name, value in self.headers
        ]
        if gzipped:
            headers.append(("Content-Encoding", "gzip"))
        return headers

    def response(self, figures: dict | None = None, *, gzipped: bool = False) -> HttpResponse:
        """Return the page as a response, with these visitor figures when given (and spans),
        gzip-compressed when asked (`can_gzip`, and figures given)."""
        content = self.content
        spliced = figures is not None and bool(self.figure_spans)
        if gzipped:
            content = self.gzipped(figures)
        elif spliced:
            content = self.spliced(figures)
        response = HttpResponse(content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if gzipped:
            response["Content-Encoding"] = "gzip"
        if (spliced or gzipped) and response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
        return response


@dataclass
class PageLookup:
    """What the page cache found for a request: the page, if any, and what it depends on."""

    unit: object
    key: str
    page: CachedPage | None
    versions: tuple
    figures: dict | None
    counted: bool = False  # The view was recorded by the lookup itself.
    on_redis: bool = False
    sections: tuple[str, ...] | None = EVERY_SECTION  # What the page shows (page_sections)
    hit: bool = False  # On Redis: the page is current, as the lookup script found it.


class AnonymousPageCacheMiddleware:
    """Cache whole GET pages for anonymous visitors, valid for the versions of their sections.

    Listed early, before the session, authentication, messages and locale middleware:
    a request without a session cookie is anonymous, so a cached page is answered
    without them (and counted in the visitor statistics here); a miss goes down the
    stack, and the page built is stored, as bytes and the headers the whole stack set.

    One cache round trip reads the page and its versions: on Redis the lookup script of
    `redis_pages`, which also records a current page's view (no SQL); on other caches one
    `get_many`, the view then counted in the database. A page whose section moved (a
    soft bump) is rebuilt by one request, holding a short lock, while the others get the
    copy built before, for at most the page lifetime: an edit under load causes no
    pile-up. A page whose hard versions moved (identity, banner, hotline numbers) is
    never served stale.

    With Redis, its pages are still served while the database is down. With the database
    cache (no REDIS_URL) the lookup itself fails then, and the page is simply the 503 one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.request_is_cacheable(request):
            return self.get_response(request)
        # The versions read here are remembered for the fragments of the page built below.
        with caching.request_memo():
            return self.cached_or_built(request)

    def cached_or_built(self, request):
        redis = redis_cache()
        found = self.look_up_on_redis(request, redis) if redis is not None else None
        if found is None:
            found = self.look_up(request)
        page, versions = found.page, found.versions
        lock = None
        if page is not None and time.time() - page.built_at < page_cache_seconds():
            if page.versions == versions:
                return self.serve(request, found)
            hard = caching.HARD_VERSIONS
            if page.versions[:hard] == versions[:hard] and len(page.versions) == len(versions):
                lock = rebuild_lock_key(found.key)
                if not cache.add(lock, 1, REBUILD_LOCK_SECONDS):
                    # Another request is rebuilding it.
                    return self.serve(request, found)
        try:
            response = self.get_response(request)
            if self.response_is_cacheable(request, response):
                self.store(request, response, found)
        finally:
            if lock is not None:
                cache.delete(lock)
        return response

    @staticmethod
    def look_up(request) -> "PageLookup":
        """Read the page, the unit's versions and its figures in one `get_many`.

        The unit comes from this process's copy of the unit map, which the platform's
        version read with the page checks. A page built now (a miss) gets an instance of
        its unit of its own; a copy found older than that version is read again, the
        page then rebuilt for the unit the map names now.
        """
        from anphu_portal.templatetags.portal_tags import visitor_figures_key

        # The models import this module.
        from anphu_portal.units import (
            NOT_RESOLVED,
            request_unit,
            unit_map_copy,
            unit_map_copy_is_current,
        )

        unit = request_unit(request, unit_map_copy())
        unit_id = unit.pk if unit else 0
        key = page_key(unit_id, request.get_host(), request.get_full_path())
        sections = page_sections(request.path_info)
        every = caching.version_keys(unit_id)  # the page's, and the platform's for the copy
        figures_key = visitor_figures_key(unit_id)
        found = cache.get_many([key, figures_key, *caching.unread_versions(every)])
        current = unit_map_copy_is_current(caching.versions_of(every, found)[0])
        page = found.get(key)
        if not current or not isinstance(page, CachedPage):
            request._unit = NOT_RESOLVED  # resolved again, as the view uses it
        if not current:
            unit = request_unit(request)
            unit_id = unit.pk if unit else 0
            key = page_key(unit_id, request.get_host(), request.get_full_path())
            page = figures = None
        else:
            figures = found.get(figures_key)
            caching.remember(figures_key, figures)
        return PageLookup(
            unit=unit,
            key=key,
            page=page if isinstance(page, CachedPage) else None,
            versions=caching.versions_of(caching.version_keys(unit_id, sections)),
            figures=figures,
            sections=sections,
        )

    @staticmethod
    def look_up_on_redis(request, redis, *, hit_only: bool = False) -> "PageLookup | None":
        """Read the page, versions and figures, and count a current page's view, in one script.

        None while Redis is unreachable (the caller's `get_many` then misses at once).
        `redis` is the Redis cache. With `hit_only`, anything but a current hit is None too,
        and the versions are not kept for the request's fragments: none are built.
        """
        from anphu_portal.templatetags.portal_tags import visitor_figures_key
        from anphu_portal.units import NOT_RESOLVED, unit_map_copy, unit_map_copy_is_current

        route = page_route(request, unit_map_copy())
        unit, key, sections, keys = route.unit, route.key, route.sections, route.version_keys
        unit_id = unit.pk if unit else 0
        now = timezone.now()
        counted = settings.VISITOR_COUNTING and is_counted_request(request)
        found = redis_pages.lookup(
            redis,
            key=key,
            version_keys=keys,
            lifetime=page_cache_seconds(),
            unit_id=unit_id,
            visitor_hash=request_visitor_hash(request, now) if counted else None,
            now=now,
            page_of=CachedPage.from_redis_hash,
        )
        if found is None:
            # Redis did not answer: the copy cannot be checked, so the unit is read again.
            request._unit = NOT_RESOLVED
            return None
        if not unit_map_copy_is_current(found.versions.get(caching.VERSION_KEY)):
            request._unit = NOT_RESOLVED  # Read again, from the map in the cache.
        elif not found.hit:
            # A page built now gets an instance of its unit of its own (`request_unit`).
            request._unit = NOT_RESOLVED
        if hit_only and (not found.hit or found.page is None):
            return None
        try:
            figures = redis_pages.figures(found, unit_id=unit_id)
        except Exception:
            logger.exception("Visitor figures unavailable; the page keeps its own.")
            figures = None
        if not hit_only:
            caching.remember(visitor_figures_key(unit_id), figures)
        return PageLookup(
            unit=unit,
            key=key,
            page=found.page,
            versions=() if hit_only else caching.versions_of(keys, found.versions),
            figures=figures,
            counted=found.counted,
            on_redis=True,
            sections=sections,
            hit=found.hit,
        )

    @classmethod
    def current_hit(cls, request, redis) -> "PageLookup | None":
        """Return the lookup of a current page Redis holds for a cacheable request; else None.

        For `handlers.PortalWSGIHandler`, before Django's handler. Only a hit of the lookup
        script (a page built for the versions of now, within its lifetime), which has
        counted the view if it is one: a page kept is a 200 page, counted when it is HTML
        (`c`), so `serve()` would count nothing more. Nothing else is served or counted.
        Its versions are not read: nothing is built.
        """
        with caching.request_memo():
            return cls.look_up_on_redis(request, redis, hit_only=True)

    @staticmethod
    def store(request, response, found: "PageLookup") -> None:
        """Keep a page built for an anonymous visitor, up to its next foreseen change.

        Its hits may be sent gzip-compressed (`CachedPage.can_gzip`): it says, as it is
        built and as it is kept, that it varies with Accept-Encoding.
        """
        from anphu_portal.units import request_unit

        patch_vary_headers(response, ("Accept-Encoding",))
        unit = request_unit(request)
        # Up to the next change an app foresees (a banner's start or end), in the page's
        # own unit: the unit middleware has left by now.
        token = activate_unit(unit)
        try:
            keep = caching.page_lifetime(unit.pk if unit else None, sections=found.sections)
        finally:
            deactivate_unit(token)
        if keep <= 0:
            return
        page = CachedPage.of(request, response, found.versions)
        if found.on_redis:
            fields = page.as_redis_hash(counts=is_html(response))
            redis_pages.store(key=found.key, fields=fields, timeout=keep)
        else:
            cache.set(found.key, page, keep)

    @staticmethod
    def serve(request, found: "PageLookup") -> HttpResponse:
        """Answer a cached page, counted in its unit's statistics with its current figures."""
        page, figures = found.page, found.figures
        # A page from Redis knows where its figures go: no search through its bytes.
        spliced = figures is not None and page.figure_spans is not None
        gzipped = spliced and page.can_gzip(request)
        response = page.response(figures if spliced else None, gzipped=gzipped)
        token = activate_unit(found.unit)  # The unit middleware, which sets it, comes later.
        try:
            VisitorCountingMiddleware.count_served(
                request, response, page.article_id, counted=found.counted
            )
            if not spliced:
                VisitorCountingMiddleware.refresh_figures(response, figures)
        finally:
            deactivate_unit(token)
        return response

    @staticmethod
    def request_is_cacheable(request) -> bool:
        if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
            return False
        # The API caches its answers itself, under the version of the unit it reads.
        if is_admin_path(request.path) or request.path.startswith(
            (settings.MEDIA_URL, settings.STATIC_URL, "/healthz", "/api/")
        ):
            return False
        # Without a session there is no logged-in user: the page is the anonymous one.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def response_is_cacheable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(getattr(request, "user", None), "is_authenticated", False):
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-cache", "no-store"))
