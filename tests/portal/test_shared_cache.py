"""Without Redis the cache lives in the database, so every worker sees an edit at once."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings

from anphu_portal.models import Unit

PROJECT = Path(__file__).resolve().parents[2]
NEW_NAME = "Ủy ban nhân dân xã Phú Hội"


@pytest.mark.django_db
def test_migrations_create_the_cache_table():
    assert "anphu_portal_cache" in connection.introspection.table_names()


def test_without_redis_the_cache_is_the_database_cache():
    backend = production_caches()["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"


def production_env(database: Path, static_root: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="anphu_portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="shared-cache-test-" + "k8Zq2Wm4Xr7Tn1Vb" * 3,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(static_root or database.parent / "static"),
    )
    return env


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode())
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer")


@pytest.fixture
def gunicorn_two_workers(tmp_path):
    """Run the portal under gunicorn with 2 workers, production settings, no Redis."""
    database = tmp_path / "portal.sqlite3"
    env = production_env(database)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
        )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "anphu_portal.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/healthz", server)
        yield base, database
    finally:
        server.terminate()
        server.wait(timeout=30)


def rename_unit_in(database: Path, name: str) -> None:
    """Rename the unit through the ORM, saving into the workers' database and cache."""
    parameters = connections.configure_settings(
        {"default": dj_database_url.parse(f"sqlite:///{database}")}
    )["default"]
    shared = DatabaseWrapper(parameters, "default")
    original = connections["default"]
    # This thread's default connection points at the workers' database for the save, and
    # the cache setting is the workers' own: the save bumps the content version they read.
    connections["default"] = shared
    try:
        with override_settings(CACHES=production_caches()):
            identity = Unit.load()
            identity.unit_name = name
            identity.save()
    finally:
        shared.close()
        connections["default"] = original


def production_caches() -> dict:
    """Return the CACHES setting of production without REDIS_URL, read in a subprocess."""
    code = "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(s.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=production_env(Path("/nonexistent.sqlite3")),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_rename_reaches_every_gunicorn_worker_at_once(gunicorn_two_workers, django_db_blocker):
    base, database = gunicorn_two_workers
    for _ in range(20):  # Both workers cache the home page and the unit's identity.
        assert "Ủy ban nhân dân huyện An Phú" in fetch(base + "/")
    with django_db_blocker.unblock():
        rename_unit_in(database, NEW_NAME)
    pages = [fetch(base + "/") for _ in range(20)]
    assert [NEW_NAME in page for page in pages] == [True] * 20
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
