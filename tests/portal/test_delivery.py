"""How pages travel: compressed by nginx, renditions cached long, an icon named on every page."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from anphu_portal.roles import EDITOR
from tests.factories import login_staff, make_staff_user

README = Path(settings.BASE_DIR) / "README.md"
TEXT_TYPES = [
    "text/css",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
]


def nginx_block() -> str:
    return "\n".join(re.findall(r"```nginx\n(.*?)```", README.read_text(), re.S))


def test_readme_nginx_compresses_html_css_js_json_xml_and_svg():
    nginx = nginx_block()
    assert re.search(r"^\s*gzip on;", nginx, re.M)
    gzip_types = re.search(r"^\s*gzip_types([^;]+);", nginx, re.M).group(1).split()
    brotli_types = re.search(r"^\s*brotli_types([^;]+);", nginx, re.M).group(1).split()
    assert set(TEXT_TYPES) <= set(gzip_types)  # nginx always adds text/html
    assert {"text/html", *TEXT_TYPES} <= set(brotli_types)


def test_readme_nginx_caches_renditions_for_a_year():
    location = re.search(
        rf"location /media/{settings.IMAGEKIT_CACHEFILE_DIR}/ \{{(.*?)\}}", nginx_block(), re.S
    )
    assert location, "no location block for the renditions"
    assert "max-age=31536000" in location.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", f"/{settings.ADMIN_PATH}login/", "/khong-co/"])
def test_every_page_names_its_icon_so_browsers_need_not_ask(client, path):
    html = client.get(path).content.decode()
    assert '<link rel="icon" href="/static/img/logo.svg"' in html


@pytest.mark.django_db
def test_admin_pages_name_the_icon_too(client):
    login_staff(client, make_staff_user(EDITOR, username="bieu-tuong"))
    html = client.get(f"/{settings.ADMIN_PATH}").content.decode()
    assert '<link rel="icon" href="/static/img/logo.svg"' in html
