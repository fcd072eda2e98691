"""Portal-wide pages: home, health check, error pages, robots.txt, security headers."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import login_staff
from tests.sitemap_pages import sitemap_paths

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def test_home_shows_unit_name_and_menu(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ủy ban nhân dân huyện An Phú" in page
    for item in ("Trang chủ", "Tin tức", "Thủ tục hành chính", "Đường dây nóng"):
        assert item in page
    assert 'action="/tim-kiem/"' in page
    assert 'href="#noi-dung"' in page


def test_home_has_font_size_buttons_and_no_inline_script(client):
    page = client.get("/").content.decode()
    assert page.count('type="button" class="font-size-switch__button"') == 3
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts
    for tag in scripts:
        # Files of our own, or JSON-LD data (never run): no inline code for the CSP to block.
        assert re.search(r'src="/static/[^"]+\.js"', tag) or 'type="application/ld+json"' in tag


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.parametrize(
    "database_url",
    ["sqlite:////nonexistent-directory/portal.sqlite3", "postgres://postgres@127.0.0.1:1/anphu"],
)
def test_healthz_answers_503_when_the_database_does_not(database_url):
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.json()['status'])"
    )
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["503", "down"], result.stderr


def test_unknown_page_is_a_vietnamese_404_in_the_site_look(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Ủy ban nhân dân huyện An Phú" in page


def test_forbidden_page_is_a_vietnamese_403(client, staff_user):
    login_staff(client, staff_user())
    response = client.get("/quan-tri/anphu_portal/unit/1/change/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_bad_request_page_is_a_vietnamese_400(client):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="bad host name")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_server_error_page_needs_no_database(django_assert_num_queries):
    from anphu_portal.views import server_error

    with django_assert_num_queries(0):
        response = server_error(None)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_every_kind_of_public_page(client):
    from news.models import Article, Category
    from procedures.models import Procedure

    call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())
    paths = set(sitemap_paths(client))
    article = Article.objects.published().first()
    category = Category.objects.filter(articles__isnull=False).first()
    procedure = Procedure.objects.active().first()
    expected = {
        "/",
        "/tin-tuc/",
        "/thu-tuc-hanh-chinh/",
        "/duong-day-nong/",
        article.get_absolute_url(),
        category.get_absolute_url(),
        procedure.get_absolute_url(),
    }
    assert expected <= paths
    assert len(paths) >= Article.objects.published().count() + Procedure.objects.active().count()
