"""Tell a database outage from other errors, report outages briefly, answer with the 503 page."""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# Errors of a database that cannot be reached or has dropped the connection; a locked
# SQLite file is an OperationalError too, and waiting is also the right advice for it.
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


class OutageReport:
    """Log one line about an outage at most once per interval, not once per request."""

    def __init__(self, message: str, *, interval_seconds: int = 60):
        self.message = message
        self.interval_seconds = interval_seconds
        self._lock = threading.Lock()
        self._last: float | None = None

    def __call__(self, error: Exception) -> None:
        now = time.time()
        with self._lock:
            # abs(): a clock set back must not silence the report for long.
            if self._last is not None and abs(now - self._last) < self.interval_seconds:
                return
            self._last = now
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.warning("%s: %s", self.message, first_line)


report_database_outage = OutageReport("Database unreachable, pages answer 503")


def is_database_outage(error: BaseException | None) -> bool:
    """Return True when an exception means the database cannot be reached."""
    return isinstance(error, DATABASE_OUTAGE_ERRORS)


def service_unavailable() -> HttpResponse:
    """Return the 503 page, rendered without a request, a context processor or a query."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
