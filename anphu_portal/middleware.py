"""Portal-wide middleware: security headers, visitor counting and the anonymous page cache."""

from django.conf import settings
from django.core.cache import cache

from anphu_portal.caching import page_cache_seconds, versioned_key

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
# The admin's rich-text editor sets inline styles on its own widgets.
ADMIN_CSP = PUBLIC_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def is_admin_path(path: str) -> bool:
    """Return True for URLs of the Django admin."""
    return path.startswith(f"/{settings.ADMIN_PATH}") or path.startswith("/ckeditor5/")


class ContentSecurityPolicyMiddleware:
    """Send a strict Content-Security-Policy: no inline scripts anywhere, no CDN."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_CSP if is_admin_path(request.path) else PUBLIC_CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class VisitorCountingMiddleware:
    """Count page views and visits before the page cache answers (see visitor statistics)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Cache whole GET pages for anonymous visitors, keyed by the content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.request_is_cacheable(request):
            return self.get_response(request)
        key = versioned_key("page", request.get_host(), request.get_full_path())
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self.response_is_cacheable(response):
            cache.set(key, response, page_cache_seconds())
        return response

    @staticmethod
    def request_is_cacheable(request) -> bool:
        if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
            return False
        if is_admin_path(request.path) or request.path.startswith(
            (settings.MEDIA_URL, settings.STATIC_URL, "/healthz")
        ):
            return False
        return not request.user.is_authenticated

    @staticmethod
    def response_is_cacheable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-cache", "no-store"))
