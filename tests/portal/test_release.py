"""Cached pages and fragments belong to one release: another release's are never served."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anphu_portal import middleware
from anphu_portal.caching import versioned_key
from anphu_portal.models import Unit
from anphu_portal.release import files_digest, release, release_files
from tests.factories import make_article, make_contact

NEWS = "/tin-tuc/"


@pytest.fixture
def running(settings, monkeypatch):
    """Return a function that makes this process run the named release from then on."""

    def run(name: str) -> None:
        settings.PORTAL_RELEASE = name
        release.cache_clear()
        monkeypatch.setattr(middleware, "_routes", (None, {}))  # worked out per process

    yield run
    release.cache_clear()


def queries_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.django_db
def test_a_deploy_rebuilds_pages_and_fragments_and_the_old_release_keeps_its_own(client, running):
    Unit.load()
    make_article("Lịch tiếp công dân tháng Mười hai")
    make_contact(name="Bà Nguyễn Thị Lan", phones="0919111222")
    running("2026.12.1")
    for path in ("/", NEWS):
        client.get(path)
        assert queries_of(client, path) == []  # From the page cache.
    old_fragment = versioned_key("home-news", sections=("news",))

    running("2026.12.2")
    assert versioned_key("home-news", sections=("news",)) != old_fragment
    for path in ("/", NEWS):
        rebuilt = queries_of(client, path)
        assert any("news_article" in sql for sql in rebuilt), path  # Its fragments too.
        assert queries_of(client, path) == []

    # A server still on the old release (a rolling deploy) serves the pages it built.
    running("2026.12.1")
    for path in ("/", NEWS):
        assert queries_of(client, path) == []


def test_the_release_is_read_from_the_portals_code_templates_and_static_files(settings):
    names = {str(path.relative_to(settings.BASE_DIR)) for path in release_files()}
    for expected in (
        "templates/base.html",
        "templates/hotline/directory.html",
        "static/js/hotline.js",
        "news/views.py",
        "anphu_portal/release.py",
        "anphu_portal/locale/vi/LC_MESSAGES/django.mo",
    ):
        assert expected in names
    assert not [name for name in names if "site-packages" in name or ".venv" in name]
    assert not [name for name in names if "/migrations/" in name or name.endswith(".pyc")]
    assert not [name for name in names if name.startswith(("tests/", "bench/"))]


def test_the_digest_follows_each_files_content_and_name(tmp_path):
    page = tmp_path / "templates" / "trang.html"
    page.parent.mkdir()
    page.write_text("<h1>Đường dây nóng</h1>", encoding="utf-8")
    first = files_digest([page], root=tmp_path)
    assert files_digest([page], root=tmp_path) == first
    page.write_text("<h1>Đường dây nóng và danh bạ</h1>", encoding="utf-8")
    changed = files_digest([page], root=tmp_path)
    assert changed != first
    renamed = page.rename(tmp_path / "templates" / "trang-khac.html")
    assert files_digest([renamed], root=tmp_path) not in {first, changed}


def test_without_a_name_the_release_is_the_digest_of_its_files(running):
    running("")
    assert release() == files_digest(release_files())
    assert len(release()) == 12
    running("abc1234")
    assert release() == "abc1234"
