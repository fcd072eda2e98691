"""The base of every API endpoint: one unit per answer, cached under the pages' versions.

An app's endpoint subclasses `PublicReadOnlyViewSet`, names its `section` and returns
what the public sees in `public_queryset(unit)`; caching, the licence, the publisher,
Cache-Control and Last-Modified come from here.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from anphu_portal.api.units import api_unit, licence, publisher
from anphu_portal.caching import versioned_key
from anphu_portal.units import serving_unit


def is_cacheable(request) -> bool:
    """Return True for the requests whose answers are cached and marked public."""
    return request.method in ("GET", "HEAD") and settings.API_CACHE_SECONDS > 0


def cache_key(request, unit, name: str = "api") -> str:
    """Return the cache key of this request's answer, valid for the unit's content version."""
    with serving_unit(unit):
        return versioned_key(name, request.scheme, request.get_host(), request.get_full_path())


def last_modified(data) -> str | None:
    """Return the HTTP date of the newest `updated_at` in an answer, if it has any."""
    rows = data.get("results", [data]) if isinstance(data, dict) else data
    stamps = [row.get("updated_at") for row in rows if isinstance(row, dict)]
    stamps = [datetime.fromisoformat(stamp) for stamp in stamps if stamp]
    return http_date(max(stamps).timestamp()) if stamps else None


def answer_lifetime() -> int:
    """Return how long an answer stays cached: never past midnight, when statuses turn.

    A document expires, a draft's comment period ends and "this week" changes at 00:00 in
    Asia/Ho_Chi_Minh, without an edit that would change the unit's content version.
    """
    now = timezone.localtime()
    midnight = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time()))
    return max(1, min(settings.PAGE_CACHE_SECONDS, int((midnight - now).total_seconds())))


def mark_public(response, seconds: int | None = None) -> None:
    """Let browsers and proxies keep the answer (its ETag tells them when it changed)."""
    seconds = settings.API_CACHE_SECONDS if seconds is None else seconds
    response["Cache-Control"] = f"public, max-age={seconds}"


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of what the public site shows of one unit, as cached JSON."""

    # The Unit.Section a unit may turn off (its endpoints then answer 404); "" for none.
    section = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttling first: a 429 costs no query
        self.unit = api_unit(request)
        if self.section and not self.unit.shows_section(self.section):
            raise NotFound("Đơn vị không công bố mục này. / The unit does not publish this.")

    def public_queryset(self, unit):
        """Return the rows the unit's public pages show; subclasses define it."""
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not hasattr(self, "unit"):
            return self.queryset  # the schema generator only reads the model
        return self.public_queryset(self.unit)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "unit": getattr(self, "unit", None)}

    def list(self, request, *args, **kwargs):
        return self.cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(super().retrieve, request, *args, **kwargs)

    def cached(self, handler, request, *args, **kwargs):
        """Answer from the cache, or build the answer, name licence and publisher, keep it."""
        if not is_cacheable(request):
            return self.framed(handler(request, *args, **kwargs))
        key = cache_key(request, self.unit, f"api-{request.accepted_renderer.format}")
        data = cache.get(key)
        if data is None:
            response = self.framed(handler(request, *args, **kwargs))
            if response.status_code != 200:
                return response
            data = response.data
            cache.set(key, data, answer_lifetime())
        response = Response(data)
        mark_public(response)
        modified = last_modified(data)
        if modified:
            response["Last-Modified"] = modified
        return response

    def framed(self, response):
        """Add the licence and the publishing unit to a successful answer."""
        if response.status_code == 200 and isinstance(response.data, dict):
            response.data = {
                "licence": licence(),
                "publisher": publisher(self.request, self.unit),
                **response.data,
            }
        return response
