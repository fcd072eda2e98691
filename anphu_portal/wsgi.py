"""WSGI entry point: gunicorn anphu_portal.wsgi."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")

application = get_wsgi_application()
# The URL configuration (every app's views) is imported now, not by each worker's first
# request: with gunicorn's preload_app the workers, and those that replace them after
# max_requests, start with it (about 75 ms a worker) and share its memory. It opens no
# connection.
get_resolver().url_patterns  # noqa: B018 (read for its side effect)
