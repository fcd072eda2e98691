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

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIHandler
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

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and redis_cache() is not None:
            response = self.current_page(self.request_class(environ))
            if response is not None:
                status = f"{response.status_code} {response.reason_phrase}"
                start_response(status, list(response.items()))
                # Its bytes, not the response: closing that would send request_finished.
                return [response.content]
        return super().__call__(environ, start_response)

    def current_page(self, request):
        """Return the page the page cache would serve as current, or None."""
        if not AnonymousPageCacheMiddleware.request_is_cacheable(request):
            return None
        if self.security.process_request(request) is not None:
            return None  # Redirected to HTTPS by Django's handler.
        try:
            response = AnonymousPageCacheMiddleware.current_hit(request)
        except SuspiciousOperation:
            return None  # A forged Host header: Django's handler answers its 400 page.
        if response is None:
            return None
        return self.security.process_response(request, response)
