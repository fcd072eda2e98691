"""Real outages against a live server: the database goes away and comes back, Redis is down.

On SQLite the database file is moved away (and a directory put in its place, or SQLite
would quietly create an empty database there); on PostgreSQL a TCP proxy in front of the
server is cut. Both are undone before the test ends, so later tests find the database whole.
"""

import json
import logging
import socket
import threading
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections

from anphu_portal.models import Unit
from tests.factories import PASSWORD, make_article, make_staff_user

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"


def fetch(url: str) -> tuple[int, dict, str]:
    """GET a URL like a browser; return status, headers and text, also for error statuses."""
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class SqliteFileOutage:
    """Move the SQLite database file (and its WAL files) away, then back."""

    def __init__(self, name: str):
        self.path = Path(name)
        self.aside = self.path.with_name(self.path.name + ".aside")

    def __enter__(self):
        return self

    def cut(self) -> None:
        connections.close_all()
        self.aside.mkdir()
        for suffix in ("", "-wal", "-shm"):
            file = Path(f"{self.path}{suffix}")
            if file.exists():
                file.rename(self.aside / file.name)
        self.path.mkdir()

    def restore(self) -> None:
        if not self.aside.exists():
            return
        self.path.rmdir()
        for file in self.aside.iterdir():
            file.rename(self.path.parent / file.name)
        self.aside.rmdir()

    def __exit__(self, *exc):
        self.restore()


class TcpProxy:
    """Forward a local port to PostgreSQL; cut() drops every connection and refuses new ones."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._serve()

    def _serve(self) -> None:
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return
            with self.lock:
                self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        # shutdown() wakes the accept() in progress; close() alone would let it take one more.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # Already cut.
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self._serve()


class PostgresProxyOutage:
    """Send the live server's new connections through a TcpProxy, then cut it."""

    def __init__(self):
        # Every thread's connection shares this settings dict: new ones use the proxy.
        self.settings_dict = connection.settings_dict
        self.original = {key: self.settings_dict[key] for key in ("HOST", "PORT")}
        self.proxy = TcpProxy(
            self.original["HOST"] or "127.0.0.1", int(self.original["PORT"] or 5432)
        )

    def __enter__(self):
        self.settings_dict.update(HOST="127.0.0.1", PORT=str(self.proxy.port))
        return self

    def cut(self) -> None:
        self.proxy.cut()

    def restore(self) -> None:
        self.proxy.restore()

    def __exit__(self, *exc):
        self.settings_dict.update(self.original)
        connections.close_all()
        self.proxy.cut()


def database_outage():
    """Return the outage maker for the database the suite runs on."""
    if connection.vendor == "sqlite":
        return SqliteFileOutage(connection.settings_dict["NAME"])
    return PostgresProxyOutage()


@pytest.mark.django_db(transaction=True)
def test_database_outage_serves_cached_pages_503_elsewhere_and_recovers(live_server):
    Unit.load()
    make_article("Huyện An Phú nạo vét kênh", publish_at=datetime(2026, 1, 5).astimezone())
    base = live_server.url
    home_status, _, home = fetch(base + "/")
    assert home_status == 200 and "Huyện An Phú nạo vét kênh" in home

    with database_outage() as outage:
        outage.cut()
        status, _, page = fetch(base + "/")
        assert status == 200 and "Huyện An Phú nạo vét kênh" in page  # from the page cache

        status, headers, page = fetch(base + "/tin-tuc/")
        assert status == 503
        assert headers["Retry-After"] == "60"
        assert "tạm thời gián đoạn" in page and "thử lại sau ít phút" in page

        status, _, body = fetch(base + "/healthz")
        assert status == 503
        assert json.loads(body) == {"status": "down", "database": "down", "cache": "ok"}

        outage.restore()
        status, _, page = fetch(base + "/tin-tuc/")
        assert status == 200 and "Huyện An Phú nạo vét kênh" in page
        status, _, body = fetch(base + "/healthz")
        assert (status, json.loads(body)["status"]) == (200, "ok")


@pytest.mark.django_db(transaction=True)
def test_database_outage_during_a_login_is_a_503_not_a_500(live_server):
    with database_outage() as outage:
        outage.cut()
        status, _, page = fetch(f"{live_server.url}/{settings.ADMIN_PATH}login/")
        assert status == 503 and "tạm thời gián đoạn" in page, page[:3000]


def closed_port() -> int:
    """Return a local port nobody listens on."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_at(closed_port())


@pytest.mark.django_db
def test_pages_are_served_uncached_while_redis_is_down(client, redis_down):
    make_article("Hội thi nấu ăn ngon", publish_at=datetime(2026, 1, 5).astimezone())
    for path in ("/", "/tin-tuc/", "/thu-tuc-hanh-chinh/", "/duong-day-nong/", "/tim-kiem/?q=nau"):
        response = client.get(path, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200, path
    assert "Hội thi nấu ăn ngon" in client.get("/").content.decode()


@pytest.mark.django_db
def test_staff_can_log_in_while_redis_is_down(client, redis_down):
    make_staff_user(username="bientap")
    login = f"/{settings.ADMIN_PATH}login/"
    assert client.get(login).status_code == 200
    response = client.post(login, {"username": "bientap", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get().pk)


@pytest.mark.django_db
def test_healthz_is_degraded_but_200_while_redis_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}


def redis_at(port: int) -> dict:
    location = f"redis://127.0.0.1:{port}/0"
    backend = "anphu_portal.cache_backends.ResilientRedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": location}}


@pytest.mark.django_db
def test_redis_outage_is_logged_once_a_minute_not_per_call(client, settings, caplog, time_machine):
    time_machine.move_to(datetime(2031, 3, 1, 8, 0).astimezone(), tick=False)
    caplog.set_level(logging.WARNING, logger="anphu_portal")
    settings.CACHES = redis_at(closed_port())
    for _ in range(3):
        client.get("/")
    settings.CACHES = redis_at(closed_port())  # Fresh cache objects, as a new worker has.
    client.get("/")
    time_machine.move_to(datetime(2031, 3, 1, 8, 1, 1).astimezone(), tick=False)
    settings.CACHES = redis_at(closed_port())
    client.get("/")
    outage_lines = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(outage_lines) == 2
    assert all(r.exc_info is None for r in outage_lines)


@pytest.fixture
def server_that_hangs_up():
    """Listen on a local port, count the connections and close each at once."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(1)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], accepted
    listener.shutdown(socket.SHUT_RDWR)
    listener.close()


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds(settings, server_that_hangs_up):
    port, accepted = server_that_hangs_up
    settings.CACHES = redis_at(port)
    assert cache.get("portal:probe", "miss") == "miss"
    attempts = len(accepted)
    assert attempts >= 1
    for _ in range(20):
        assert cache.get("portal:probe", "miss") == "miss"
        cache.set("portal:probe", "value")
    assert len(accepted) == attempts
