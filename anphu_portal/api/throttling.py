"""Per-address throttling of anonymous API clients, counted in the shared cache."""

import logging

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from anphu_portal.middleware import client_ip

logger = logging.getLogger(__name__)


class ClientAddressThrottle(SimpleRateThrottle):
    """Allow each client address API_ANON_RATE requests; every worker counts in one cache.

    The address is the portal's `client_ip()`, so a trusted proxy's header is read the
    same way as for visitor counting and login lockouts. With the cache unreachable the
    request is let through and the outage logged: the data is public, an error is not.
    Each request writes its count: on Redis a round trip, but with the database cache (no
    REDIS_URL) a commit, measured at 16 of the 27 ms of a cached article list on SQLite
    (cProfile, 100 requests, bench/bench_api.py's data): production APIs want Redis.
    """

    scope = "anon"

    def __init__(self):
        # The rate is read per request, so a changed setting applies at once.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]

    def get_rate(self) -> str:
        return settings.API_ANON_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("API throttling skipped: the cache is unreachable.", exc_info=True)
            return True
