"""Logging filters of the portal."""

import logging


class OneLineForRefusedRequests(logging.Filter):
    """Drop the traceback of records about refused requests (403, bad Host), keep the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        refused = record.name.startswith("django.security") or (
            record.name == "django.request" and getattr(record, "status_code", None) == 403
        )
        if refused:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
