"""The portal's WSGI handler: a current page from Redis answered before Django's own handler.

A cached page on Redis costs one round trip (`redis_pages`), but reaching the page cache
middleware costs more than that: Django's request_started and request_finished signals
(each closes old database connections), the middleware listed before it (CORS, security,
static files, outages) twice, and the response turned into WSGI's. `PortalWSGIHandler`
asks the page cache first, with the same request, the same checks and the same lookup
script as `AnonymousPageCacheMiddleware`; it answers only a current hit, which the script
has already counted, with the headers the security middleware adds. Everything else (a
miss, a stale page, a page being rebuilt, a logged-in visitor, HEAD, POST, Redis away)
goes through Django's handler, where the middleware looks up the page again.

Nothing listed before the page cache middleware changes a page it serves: CORS answers
only /api/, which the page cache leaves alone; the static files are never kept as pages;
the outage middleware acts only on an exception. The security middleware's redirect to
HTTPS is asked first, and its headers are added (`test_handlers.py` compares both paths).

CPU per hit of the home page, in process (bench/cpu_pages.py, 100,000 articles, 2-core
machine): see bench/RESULTS.md.
"""

from http.client import responses

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware

from anphu_portal.middleware import AnonymousPageCacheMiddleware
from anphu_portal.visitor_counts import redis_cache


def _no_response(request):
    return None


class PortalWSGIHandler(WSGIHandler):
    """Django's WSGI handler, which serves a current page of the Redis page cache itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Its settings are read now, as the middleware chain's own instance reads them.
        self.security = SecurityMiddleware(_no_response)
        self._security_headers: dict[bool, list[tuple[str, str]]] = {}

    def __call__(self, environ, start_response):
        redis = redis_cache() if environ.get("REQUEST_METHOD") == "GET" else None
        if redis is not None:
            answer = self.current_page(self.request_class(environ), redis)
            if answer is not None:
                status, headers, content = answer
                start_response(status, headers)
                return [content]
        return super().__call__(environ, start_response)

    def current_page(self, request, redis) -> tuple[str, list, bytes] | None:
        """Return the status, headers and bytes of the page the page cache would serve, or None."""
        if not AnonymousPageCacheMiddleware.request_is_cacheable(request):
            return None
        if self.security.process_request(request) is not None:
            return None  # Redirected to HTTPS by Django's handler.
        try:
            found = AnonymousPageCacheMiddleware.current_hit(request, redis)
        except SuspiciousOperation:
            return None  # A forged Host header: Django's handler answers its 400 page.
        if found is None:
            return None
        page = found.page
        if found.figures is None or page.figure_spans is None:
            # No figures to put in (Redis answered without them): the middleware's way.
            response = AnonymousPageCacheMiddleware.serve(request, found)
            response = self.security.process_response(request, response)
            status = f"{response.status_code} {response.reason_phrase}"
            return status, list(response.items()), response.content
        gzipped = page.can_gzip(request)
        content = page.gzipped(found.figures) if gzipped else page.spliced(found.figures)
        headers = page.wsgi_headers(len(content), gzipped=gzipped)
        headers += self.security_headers(request, page)
        return (
            f"{page.status} {responses.get(page.status, 'Unknown Status Code')}",
            headers,
            content,
        )

    def security_headers(self, request, page) -> list[tuple[str, str]]:
        """Return the headers the security middleware adds to this page (those it lacks).

        What it adds depends only on its settings and on HTTPS (Strict-Transport-Security):
        found once for each by letting it add them to an empty response.
        """
        secure = request.is_secure()
        added = self._security_headers.get(secure)
        if added is None:
            probe = HttpResponse()
            before = set(probe.headers)
            self.security.process_response(request, probe)
            added = [(name, value) for name, value in probe.items() if name not in before]
            self._security_headers[secure] = added
        return [(name, value) for name, value in added if name.lower() not in page.header_names]
