"""gunicorn.conf.py: values from the environment, and a real gunicorn serving with it."""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from gunicorn.config import Config

PROJECT = Path(__file__).resolve().parents[2]
CONFIG_FILE = PROJECT / "gunicorn.conf.py"
VARIABLES = (
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_BIND",
    "GUNICORN_TIMEOUT",
    "GUNICORN_PRELOAD",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_ACCESS_LOG",
)


def load_config(monkeypatch, **environment) -> Config:
    """Run the config file under this environment and apply it as gunicorn does."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(CONFIG_FILE))
    config = Config()
    for name, value in values.items():
        if name in config.settings:
            config.set(name, value)  # gunicorn's own validation of each value
    return config


def test_defaults_suit_a_two_core_server(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    config = load_config(monkeypatch)
    assert config.workers == 3
    assert config.threads == 1
    assert config.worker_class_str == "sync"
    assert config.address == [("127.0.0.1", 8001)]
    assert config.timeout == 30
    assert config.max_requests == 20000
    assert 0 < config.max_requests_jitter < config.max_requests
    assert config.preload_app is True
    assert config.accesslog == "-"


def test_values_come_from_the_environment(monkeypatch):
    config = load_config(
        monkeypatch,
        GUNICORN_WORKERS="5",
        GUNICORN_THREADS="4",
        GUNICORN_BIND="0.0.0.0:9000,unix:/run/anphu.sock",
        GUNICORN_TIMEOUT="60",
        GUNICORN_PRELOAD="0",
        GUNICORN_MAX_REQUESTS="500",
    )
    assert config.workers == 5
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.address == [("0.0.0.0", 9000), "/run/anphu.sock"]
    assert config.timeout == 60
    assert config.preload_app is False
    assert config.max_requests == 500


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """Return the URL of the suite's own test database, for the server process."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    user = conf["USER"] or ""
    password = f":{conf['PASSWORD']}" if conf["PASSWORD"] else ""
    port = f":{conf['PORT']}" if conf["PORT"] else ""
    return f"postgres://{user}{password}@{conf['HOST'] or '127.0.0.1'}{port}/{conf['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_portal_with_this_config(tmp_path):
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GUNICORN_", "REDIS_URL", "DATABASE_"))
    }
    environment.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="test-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="2",
    )
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE), "anphu_portal.wsgi"],
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        body = None
        deadline = time.monotonic() + 60
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=5
                ) as answer:
                    status, body = answer.status, answer.read().decode()
            except OSError:  # refused while gunicorn starts
                time.sleep(0.2)
        assert body is not None, log.read_text(errors="replace")
        assert status == 200
        assert '"database": "ok"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text(errors="replace")
    # Two workers of the threaded kind, and the request in the access log on stdout.
    assert output.count("Booting worker") == 2
    assert "gthread" in output
    assert 'GET /healthz HTTP/1.1" 200' in output
