"""WSGI entry point: gunicorn anphu_portal.wsgi."""

import os

import django
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
django.setup(set_prefix=False)  # What get_wsgi_application() does before its handler.

from anphu_portal.handlers import PortalWSGIHandler  # noqa: E402 (needs the apps set up)
from anphu_portal.release import release  # noqa: E402

# Django's handler, which answers a current page of the Redis page cache itself.
application = PortalWSGIHandler()
# The URL configuration (every app's views) is imported now, not by each worker's first
# request: with gunicorn's preload_app the workers, and those that replace them after
# max_requests, start with it (about 75 ms a worker) and share its memory. It opens no
# connection.
get_resolver().url_patterns  # noqa: B018 (read for its side effect)
# The release's name, part of every cached page's key: its files read once, here.
release()
