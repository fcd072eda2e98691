"""Small hardening items: robots.txt, admin indexing, the static manifest, CSRF page, logs."""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import login_staff, make_staff_user

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def test_robots_txt_does_not_name_the_admin_path(client):
    text = client.get("/robots.txt").content.decode()
    assert settings.ADMIN_PATH.strip("/") not in text
    assert "Disallow: /tim-kiem/" in text


@pytest.mark.parametrize("path", ["login/", ""])
def test_admin_responses_tell_robots_not_to_index(client, path):
    response = client.get(f"/{settings.ADMIN_PATH}{path}")
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_public_pages_may_be_indexed(client):
    assert "X-Robots-Tag" not in client.get("/")


def test_static_manifest_is_not_served(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "site.abc123.css").write_text("body { color: #222; }")
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {}}')
    fresh = Client()  # WhiteNoise lists STATIC_ROOT when the middleware starts.
    assert fresh.get("/static/css/site.abc123.css").status_code == 200
    response = fresh.get("/static/staticfiles.json")
    assert response.status_code == 404
    assert "paths" not in response.content.decode()


def test_refused_form_shows_a_vietnamese_page_asking_to_reload(django_assert_num_queries):
    client = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = client.post(f"/{settings.ADMIN_PATH}login/", {"username": "a"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "tải lại trang" in page
    assert 'href="/static/css/portal.css"' in page
    assert "CSRF" not in page


def test_bad_host_is_logged_as_one_line_without_traceback(caplog):
    caplog.set_level(logging.INFO)
    response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    assert "evil.example" in records[0].getMessage()
    assert "Traceback" not in caplog.text


def test_forbidden_admin_page_is_logged_as_one_line_without_traceback(client, caplog):
    login_staff(client, make_staff_user())
    caplog.set_level(logging.INFO)
    response = client.get(f"/{settings.ADMIN_PATH}anphu_portal/unit/1/change/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [
        f"Forbidden (Permission denied): /{settings.ADMIN_PATH}anphu_portal/unit/1/change/"
    ]
    assert "Traceback" not in caplog.text


def test_refused_form_is_logged_as_one_line_without_traceback(caplog):
    caplog.set_level(logging.INFO)
    Client(enforce_csrf_checks=True).post(f"/{settings.ADMIN_PATH}login/", {"username": "a"})
    assert [r.name for r in caplog.records if r.levelno >= logging.WARNING] == [
        "django.security.csrf"
    ]
    assert "Traceback" not in caplog.text


def test_nginx_accepts_the_largest_request_the_portal_accepts():
    readme = (PROJECT / "README.md").read_text()
    sizes = re.findall(r"client_max_body_size\s+(\d+)([kKmM]?);", readme)
    assert sizes, "README's nginx block sets no client_max_body_size"
    units = {"": 1, "k": 1024, "m": 1024 * 1024}
    for number, unit in sizes:
        assert int(number) * units[unit.lower()] == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_favicon_ico_leads_to_the_logo(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/logo.svg"
