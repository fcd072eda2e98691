"""Shared test set-up: temporary media, fast hashing, an empty cache for every test."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import make_staff_user


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Keep uploads out of the project and make logins cheap."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # Static files come from the finders in tests; production serves a collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings


# Production shares a cache between workers (Redis or the database); tests keep one in
# memory, so query budgets count only the page's own queries.
TEST_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True, scope="session")
def local_memory_cache():
    """Use a local-memory cache for the whole test session."""
    with override_settings(CACHES=TEST_CACHES):
        yield


@pytest.fixture(autouse=True)
def empty_cache(local_memory_cache):
    """Start every test with an empty cache, so no page or fragment leaks between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    """Return a factory of staff users that belong to one role (group name)."""
    return make_staff_user


@pytest.fixture
def database_snapshot(db):
    """Return a function that captures every row of every model, to prove a command idempotent."""
    from django.apps import apps

    def snapshot():
        rows = {}
        for model in apps.get_models():
            # Logs of what was done, not content: a second run adds its entry there too.
            if model._meta.label in {
                "sessions.Session",
                "admin.LogEntry",
                "anphu_portal.AuditEvent",
            }:
                continue
            rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
        return rows

    return snapshot
