"""Media and private files on a real S3-compatible server (moto in server mode).

Uploads, renditions, form downloads, signed private URLs and backups all go through the
storage API, so the same code serves files from a bucket that every app server reaches.
"""

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.urls import reverse
from storages.backends.s3 import S3Storage

from anphu_portal.private_files import private_storage
from anphu_portal.roles import EDITOR, PROCEDURE_STAFF
from anphu_portal.settings import s3_storages
from news.images import copy_body_images, generated_name_storage
from news.models import Article
from procedures.kept_uploads import keep_upload, take_upload
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_form_file,
    make_image_file,
    make_procedure,
    make_staff_user,
)
from tests.infra.conftest import bucket_contents, s3_environment
from tests.portal.test_backup import target_database  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def bucket_url(s3, key=""):
    return f"{s3['AWS_S3_ENDPOINT_URL']}/{s3['AWS_STORAGE_BUCKET_NAME']}/{key}"


def test_settings_switch_to_buckets_when_the_variables_are_set():
    environ = {
        "AWS_STORAGE_BUCKET_NAME": "anphu-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "AWS_S3_CUSTOM_DOMAIN": "media.anphu.angiang.gov.vn",
    }
    configured = s3_storages(environ)
    public, private = configured["default"]["OPTIONS"], configured["private"]["OPTIONS"]
    assert configured["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["bucket_name"] == private["bucket_name"] == "anphu-media"
    assert public["querystring_auth"] is False and public["file_overwrite"] is False
    # Without a private bucket, citizens' files keep to a prefix, signed, short-lived.
    assert private["location"] == "private" and private["querystring_auth"] is True
    assert private["querystring_expire"] == 60 and "custom_domain" not in private
    separate = s3_storages({**environ, "AWS_PRIVATE_BUCKET_NAME": "anphu-private"})
    assert separate["private"]["OPTIONS"]["bucket_name"] == "anphu-private"
    assert separate["private"]["OPTIONS"]["location"] == ""


def test_the_settings_module_reads_the_variables(s3_endpoint):
    environ = {
        **os.environ,
        **s3_environment(s3_endpoint),
        "DJANGO_SETTINGS_MODULE": "anphu_portal.settings",
    }
    script = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "print(type(storages['default']).__name__, storages['private'].bucket_name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["S3Storage", environ["AWS_PRIVATE_BUCKET_NAME"]]


def test_a_cover_uploaded_in_admin_and_its_renditions_are_stored_in_the_bucket(client, s3):
    login_staff(client, make_staff_user(EDITOR))
    data = {
        "title": "Huyện An Phú ra quân mùa khô",
        "slug": "huyen-an-phu-ra-quan-mua-kho",
        "summary": "Lễ ra quân diễn ra sáng nay.",
        "body": "<p>Nội dung chính.</p>",
        "cover": make_image_file("Ảnh bìa.jpg", size=(1600, 900)),
        "cover_alt": "Lễ ra quân",
        "cover_caption": "",
        "category": str(make_category().pk),
        "author": "Huỳnh Như",
        "source": "",
    }
    response = client.post(reverse("admin:news_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert isinstance(article.cover.storage, S3Storage)
    stored = bucket_contents(s3["AWS_S3_ENDPOINT_URL"], s3["AWS_STORAGE_BUCKET_NAME"])
    assert article.cover.name in stored and stored[article.cover.name][:3] == b"\xff\xd8\xff"
    renditions = [key for key in stored if key.startswith("CACHE/renditions/")]
    # 400, 800 and 1200 pixels wide, in WebP and in JPEG, made when the cover was saved.
    assert len(renditions) == 6
    assert not (settings.MEDIA_ROOT / "news").exists()


def test_the_article_page_shows_bucket_urls_allowed_by_its_policy(client, s3):
    article = make_article("Tin có ảnh", with_cover=True)

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert bucket_url(s3, "CACHE/renditions/") in html
    assert "/media/" not in html
    image_sources = next(
        part
        for part in response["Content-Security-Policy"].split("; ")
        if part.startswith("img-src")
    )
    assert image_sources == f"img-src 'self' data: {s3['AWS_S3_ENDPOINT_URL']}"
    rendition = html.split(bucket_url(s3, "CACHE/renditions/"))[1].split(" ")[0].split('"')[0]
    with urlopen(bucket_url(s3, f"CACHE/renditions/{rendition}")) as answer:
        assert answer.status == 200 and len(answer.read()) > 1000


def test_editor_images_go_to_the_bucket_under_generated_names(client, s3):
    login_staff(client, make_staff_user(EDITOR))

    response = client.post(
        reverse("admin:news_article_upload_image"), {"upload": make_image_file("Ảnh gốc.JPG")}
    )

    url = response.json()["url"]
    assert url.startswith(bucket_url(s3, "news/noi-dung/")) and "goc" not in url.lower()
    assert default_storage.exists(url.removeprefix(bucket_url(s3)))
    # The editor package's own storage is the same bucket, with generated names too.
    storage = generated_name_storage()
    assert isinstance(storage, S3Storage) and storage.bucket_name == s3["AWS_STORAGE_BUCKET_NAME"]
    name = storage.save("Đơn của tôi.png", ContentFile(b"\x89PNG"))
    assert name.startswith("news/noi-dung/") and name.endswith(".png")


def test_a_procedure_form_is_downloaded_from_the_bucket(client, s3):
    procedure = make_procedure()
    document = procedure.documents.get(name="Giấy chứng sinh")
    document.form_file.save("tờ khai.pdf", make_form_file("pdf"))
    stored = bucket_contents(s3["AWS_S3_ENDPOINT_URL"], s3["AWS_STORAGE_BUCKET_NAME"])
    assert list(stored) == [document.form_file.name]

    response = client.get(f"/thu-tuc-hanh-chinh/{procedure.code}/mau-don/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored[document.form_file.name]


def test_a_private_file_is_given_only_through_the_checked_view_as_a_signed_url(
    client, s3, settings
):
    settings.ROOT_URLCONF = "tests.infra.private_urls"
    data = make_form_file("pdf").read()
    name = private_storage().save("hoi-dap/2026/don.pdf", ContentFile(data))
    assert list(bucket_contents(s3["AWS_S3_ENDPOINT_URL"], s3["AWS_PRIVATE_BUCKET_NAME"])) == [name]
    url = f"/tep-rieng/{name}"
    assert client.get(url).status_code == 403
    login_staff(client, make_staff_user(EDITOR))
    assert client.get(url).status_code == 403

    login_staff(client, make_staff_user(PROCEDURE_STAFF, username="thutuc2"))
    signed_at = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
    with time_machine.travel(signed_at, tick=False):
        response = client.get(url)

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    assert location.startswith(
        f"{s3['AWS_S3_ENDPOINT_URL']}/{s3['AWS_PRIVATE_BUCKET_NAME']}/{name}?"
    )
    query = parse_qs(urlsplit(location).query)
    # Signed when the view answered, valid for one minute from then.
    assert query["X-Amz-Date"] == ["20261202T083000Z"]
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Signature"][0]
    assert query["response-content-disposition"] == ['attachment; filename="ho-so-dinh-kem.pdf"']
    with urlopen(location) as answer:
        assert answer.read() == data
        assert answer.headers["Content-Disposition"] == (
            'attachment; filename="ho-so-dinh-kem.pdf"'
        )
    # Without the signature the bucket refuses the file.
    with pytest.raises(HTTPError) as refused:
        urlopen(location.split("?")[0])
    assert refused.value.code == 403
    assert client.get("/tep-rieng/hoi-dap/khong-co.pdf").status_code == 404


def test_a_dry_run_upload_is_kept_in_the_private_bucket_for_any_server(rf, s3):
    request = rf.post("/")
    request.session = {}
    token = keep_upload(request, name="thu-tuc.xlsx", data=b"PK\x03\x04 catalogue")
    kept = bucket_contents(s3["AWS_S3_ENDPOINT_URL"], s3["AWS_PRIVATE_BUCKET_NAME"])
    assert list(kept.values()) == [b"PK\x03\x04 catalogue"]

    assert take_upload(request, token) == ("thu-tuc.xlsx", b"PK\x03\x04 catalogue")
    assert bucket_contents(s3["AWS_S3_ENDPOINT_URL"], s3["AWS_PRIVATE_BUCKET_NAME"]) == {}
    assert take_upload(request, token) is None


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_with_buckets(s3, s3_endpoint, tmp_path, target_database):  # noqa: F811
    make_article("Tin có ảnh", category=make_category(), with_cover=True)
    procedure = make_procedure()
    document = procedure.documents.get(name="Giấy chứng sinh")
    document.form_file.save("mau.docx", make_form_file("docx"))
    private_storage().save("dinh-kem/don.pdf", make_form_file("pdf"))
    media = bucket_contents(s3_endpoint, s3["AWS_STORAGE_BUCKET_NAME"])
    private = bucket_contents(s3_endpoint, s3["AWS_PRIVATE_BUCKET_NAME"])
    assert len(media) == 8 and len(private) == 1

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert set(manifest["files"]) == set(media)
    assert set(manifest["private_files"]) == set(private)

    fresh = s3_environment(s3_endpoint)
    environ = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        **fresh,
        "DATABASE_URL": target_database.url,
        "DJANGO_SECRET_KEY": "test-only-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert bucket_contents(s3_endpoint, fresh["AWS_STORAGE_BUCKET_NAME"]) == media
    assert bucket_contents(s3_endpoint, fresh["AWS_PRIVATE_BUCKET_NAME"]) == private
    assert target_database.counts()["news_article"] == 1
    # A second restore into the same buckets is refused: restore never merges.
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=settings.BASE_DIR,
        env={**environ, "AWS_STORAGE_BUCKET_NAME": s3["AWS_STORAGE_BUCKET_NAME"]},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 1
    assert "không trống" in again.stderr
    assert storages["default"].bucket_name == s3["AWS_STORAGE_BUCKET_NAME"]


def test_a_shared_articles_body_images_are_copied_within_the_bucket(client, s3):
    login_staff(client, make_staff_user(EDITOR))
    response = client.post(
        reverse("admin:news_article_upload_image"), {"upload": make_image_file("anh.jpg")}
    )
    url = response.json()["url"]
    body = f'<p>Ảnh:</p><img src="{url}" alt="Cầu"><img src="https://example.org/x.jpg" alt="">'

    copied = copy_body_images(body)

    new_url = copied.split('src="')[1].split('"')[0]
    assert new_url != url and new_url.startswith(bucket_url(s3, "news/noi-dung/"))
    assert 'src="https://example.org/x.jpg"' in copied
    stored = bucket_contents(s3["AWS_S3_ENDPOINT_URL"], s3["AWS_STORAGE_BUCKET_NAME"])
    original, copy = url.removeprefix(bucket_url(s3)), new_url.removeprefix(bucket_url(s3))
    assert stored[original] == stored[copy]
