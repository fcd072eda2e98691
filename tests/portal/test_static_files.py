"""The production static files' storage: the manifest's URLs, each worked out once."""

import json

import pytest

from anphu_portal.static_files import ManifestStaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "portal.0123456789ab.css").write_text("body { margin: 0 }")
    manifest = {"paths": {"css/portal.css": "css/portal.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_name_gets_its_hashed_url_every_time(storage):
    for _ in range(3):
        assert storage.url("css/portal.css") == "/static/css/portal.0123456789ab.css"
    assert storage.url("css/portal.css?v=2#in") == "/static/css/portal.0123456789ab.css?v=2#in"
    assert storage.url("css/portal.css", force=True) == "/static/css/portal.0123456789ab.css"
    assert set(storage._urls) == {"css/portal.css", "css/portal.css?v=2#in"}


def test_a_name_missing_from_the_manifest_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/khong-co.css")
    assert storage._urls == {}
