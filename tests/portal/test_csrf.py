"""Admin writes without a CSRF token are refused (403) and store nothing, whatever the role."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF, PROCEDURE_STAFF
from hotline.models import Contact
from news.models import Article
from procedures.models import Procedure
from tests.factories import (
    login_staff,
    make_article,
    make_contact,
    make_image_file,
    make_procedure,
    make_staff_user,
    national_procedure_row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def logged_in(client: Client, role: str) -> Client:
    login_staff(client, make_staff_user(role))
    return client


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def assert_refused_by_csrf(response) -> None:
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()


def token_of(client: Client, url: str) -> str:
    """Open a page as the user would and return the CSRF token its form carries."""
    assert client.get(url).status_code == 200
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def import_upload(code: str) -> SimpleUploadedFile:
    rows = [national_procedure_row(code, "Thủ tục nhập qua tệp")]
    return SimpleUploadedFile("thu-tuc.json", json.dumps(rows).encode(), "application/json")


def test_article_change_without_token_is_refused_and_the_article_unchanged(csrf_client):
    article = make_article("Tiêu đề gốc")
    client = logged_in(csrf_client, APPROVER)
    url = reverse("admin:news_article_change", args=[article.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"title": "Tiêu đề bị sửa", "summary": "x", "status": "draft"})

    assert_refused_by_csrf(response)
    article.refresh_from_db()
    assert (article.title, article.status) == ("Tiêu đề gốc", Article.Status.PUBLISHED)


def test_contact_change_without_token_is_refused_and_the_contact_unchanged(csrf_client):
    contact = make_contact(name="Ông Huỳnh Hưng Thượng", phones="0919272108")
    client = logged_in(csrf_client, HOTLINE_STAFF)
    url = reverse("admin:hotline_contact_change", args=[contact.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"group": contact.group_id, "name": "Kẻ gian", "phones": "0900000000"}
    )

    assert_refused_by_csrf(response)
    contact.refresh_from_db()
    assert (contact.name, contact.phones) == ("Ông Huỳnh Hưng Thượng", "0919272108")
    assert Contact.objects.count() == 1


def test_procedure_change_without_token_is_refused_and_the_procedure_unchanged(csrf_client):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh")
    client = logged_in(csrf_client, PROCEDURE_STAFF)
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"code": "1.001193", "name": "Tên bị sửa", "active": ""})

    assert_refused_by_csrf(response)
    procedure.refresh_from_db()
    assert (procedure.name, procedure.active) == ("Đăng ký khai sinh", True)


def test_editor_image_upload_without_token_is_refused_and_stores_no_file(csrf_client):
    client = logged_in(csrf_client, EDITOR)
    url = reverse("admin:news_article_upload_image")

    response = client.post(url, {"upload": make_image_file("anh.png", fmt="PNG", size=(64, 64))})

    assert_refused_by_csrf(response)
    assert stored_files() == []


def test_editor_image_upload_with_token_is_stored(csrf_client):
    client = logged_in(csrf_client, EDITOR)
    token = token_of(client, reverse("admin:news_article_add"))

    response = client.post(
        reverse("admin:news_article_upload_image"),
        {"upload": make_image_file("anh.png", fmt="PNG", size=(64, 64))},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert len(stored_files()) == 1


def test_procedure_import_without_token_is_refused_and_imports_nothing(csrf_client):
    client = logged_in(csrf_client, PROCEDURE_STAFF)
    url = reverse("admin:procedures_procedure_import")
    assert client.get(url).status_code == 200

    response = client.post(url, {"file": import_upload("2.000001"), "dry_run": ""})

    assert_refused_by_csrf(response)
    assert not Procedure.objects.filter(code="2.000001").exists()


def test_procedure_import_with_token_imports(csrf_client):
    client = logged_in(csrf_client, PROCEDURE_STAFF)
    url = reverse("admin:procedures_procedure_import")
    token = token_of(client, url)

    response = client.post(
        url, {"file": import_upload("2.000001"), "dry_run": "", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 200
    assert Procedure.objects.filter(code="2.000001").exists()
