"""The newsroom in admin: writing, the publish permission, uploads, history and recovery."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF
from news.models import Article, Category
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_image_file,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

ADD_URL = "admin:news_article_add"
UPLOAD_URL = "admin:news_article_upload_image"


def login(client, role):
    user = make_staff_user(role)
    login_staff(client, user)
    return user


def form_data(category, **overrides):
    data = {
        "title": "Huyện An Phú ra quân mùa khô",
        "slug": "huyen-an-phu-ra-quan-mua-kho",
        "summary": "Lễ ra quân diễn ra sáng nay.",
        "body": "<h2>Quy mô</h2><p>Nội dung <script>alert(1)</script>chính.</p>",
        "cover_alt": "",
        "cover_caption": "",
        "category": str(category.pk),
        "author": "Huỳnh Như",
        "source": "",
    }
    data.update(overrides)
    return data


def stored_files():
    root = default_storage.location
    import os

    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )


def test_editor_writes_a_draft_that_is_sanitized_and_stamped(client):
    editor = login(client, EDITOR)
    category = make_category()
    assert client.get(reverse(ADD_URL)).status_code == 200
    response = client.post(reverse(ADD_URL), form_data(category))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "draft" and article.created_by == editor == article.updated_by
    assert "<script>" not in article.body and "<h2>Quy mô</h2>" in article.body


def test_editor_forging_a_published_status_cannot_publish(client):
    login(client, EDITOR)
    category = make_category()
    response = client.post(reverse(ADD_URL), form_data(category, status="published"))
    assert response.status_code == 302  # saved, but the status is not a field of the form
    assert Article.objects.get().status == "draft"

    pending = make_article(category=category, status="pending")
    url = reverse("admin:news_article_change", args=[pending.pk])
    data = form_data(category, title=pending.title, slug=pending.slug, status="published")
    assert client.post(url, data).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_editor_forging_the_publish_action_cannot_publish(client):
    login(client, EDITOR)
    article = make_article(status="pending")
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == "pending"


def test_editor_cannot_change_a_published_article(client):
    login(client, EDITOR)
    article = make_article("Đã đăng")
    url = reverse("admin:news_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' not in page  # read-only view
    response = client.post(url, form_data(article.category, title="Sửa lén", status="draft"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Đã đăng" and article.status == "published"


def test_editor_submits_and_approver_publishes_with_the_actions(client):
    editor = login(client, EDITOR)
    article = make_article(status="draft", created_by=editor)
    changelist = reverse("admin:news_article_changelist")
    client.post(changelist, {"action": "submit_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "pending"

    client.logout()
    approver = login(client, APPROVER)
    page = client.get(reverse("admin:index")).content.decode()
    assert "1</strong> tin bài đang chờ bạn duyệt" in page
    client.post(changelist, {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "published" and article.is_published()
    assert article.updated_by == approver
    assert Version.objects.get_for_object(article).first().revision.user == approver

    client.post(changelist, {"action": "unpublish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "draft"


def test_editor_does_not_see_the_review_queue_on_the_admin_index(client):
    login(client, EDITOR)
    make_article(status="pending")
    assert "tin bài đang chờ bạn duyệt" not in client.get(reverse("admin:index")).content.decode()


def test_approver_schedules_an_article_in_the_form(client):
    login(client, APPROVER)
    category = make_category()
    data = form_data(category, _publish="Xuất bản", publish_at_0="31/12/2099", publish_at_1="08:00")
    assert client.post(reverse(ADD_URL), data).status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled() and not Article.objects.published().exists()


def test_changelist_filters_and_search_work(client):
    login(client, APPROVER)
    make_article("Cải cách hành chính năm nay")
    make_article("Lễ hội", status="draft")
    url = reverse("admin:news_article_changelist")
    page = client.get(url, {"q": "Cải cách"}).content.decode()
    assert "Cải cách hành chính năm nay" in page and "Lễ hội" not in page
    page = client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Lễ hội" in page and "Cải cách hành chính năm nay" not in page


def test_editor_image_upload_stores_a_real_image_under_a_generated_name(client):
    login(client, EDITOR)
    response = client.post(reverse(UPLOAD_URL), {"upload": make_image_file("Ảnh gốc.JPG")})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/news/noi-dung/") and "goc" not in url.lower()
    assert default_storage.exists(url.removeprefix("/media/"))


def test_editor_image_upload_scales_down_huge_pictures(client):
    login(client, EDITOR)
    response = client.post(reverse(UPLOAD_URL), {"upload": make_image_file(size=(4000, 2000))})
    name = response.json()["url"].removeprefix("/media/")
    with default_storage.open(name) as stored, Image.open(stored) as image:
        assert image.size == (1600, 800)


def fake_image():
    return SimpleUploadedFile("anh.jpg", b"<?php echo 'not an image'; ?>", "image/jpeg")


def huge_pixels_image():
    buffer = io.BytesIO()
    Image.new("L", (7000, 6000), 255).save(buffer, "PNG")
    return SimpleUploadedFile("lon.png", buffer.getvalue(), "image/png")


def heavy_file():
    return SimpleUploadedFile("nang.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (fake_image, "không phải là ảnh hợp lệ"),
        (huge_pixels_image, "vượt quá giới hạn 40 triệu điểm ảnh"),
        (heavy_file, "tối đa 10 MB"),
    ],
)
def test_bad_editor_uploads_are_refused_in_vietnamese_and_nothing_is_stored(
    client, make_file, message
):
    login(client, EDITOR)
    before = stored_files()
    response = client.post(reverse(UPLOAD_URL), {"upload": make_file()})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert stored_files() == before


def test_uploads_are_for_news_staff_only(client):
    response = client.post(reverse(UPLOAD_URL), {"upload": make_image_file()})
    assert response.status_code == 302 and "/login/" in response["Location"]
    login(client, HOTLINE_STAFF)
    response = client.post(reverse(UPLOAD_URL), {"upload": make_image_file()})
    assert response.status_code == 403
    assert stored_files() == []


def test_bad_cover_is_refused_and_the_typed_text_is_kept(client):
    login(client, EDITOR)
    category = make_category()
    data = form_data(category, cover=fake_image(), cover_alt="Ảnh")
    response = client.post(reverse(ADD_URL), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Article.objects.exists()
    assert "Huyện An Phú ra quân mùa khô" in page
    assert stored_files() == []


def test_cover_without_alt_text_is_refused_in_the_form(client):
    login(client, EDITOR)
    category = make_category()
    response = client.post(reverse(ADD_URL), form_data(category, cover=make_image_file()))
    assert response.status_code == 200 and not Article.objects.exists()
    assert "Hãy nhập mô tả ảnh đại diện" in response.content.decode()


def test_history_shows_changes_and_restores_an_old_version(client):
    approver = login(client, APPROVER)
    category = make_category()
    client.post(reverse(ADD_URL), form_data(category, title="Tiêu đề đầu tiên"))
    article = Article.objects.get()
    change_url = reverse("admin:news_article_change", args=[article.pk])
    client.post(change_url, form_data(category, title="Tiêu đề sửa lại", slug=article.slug))
    article.refresh_from_db()
    assert article.title == "Tiêu đề sửa lại"

    history = client.get(reverse("admin:news_article_history", args=[article.pk]))
    table = re.search(r'<table id="change-history".*?</table>', history.content.decode(), re.S)
    assert approver.username in table.group(0)  # the header shows it on every page
    first = Version.objects.get_for_object(article).last()
    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    assert "Tiêu đề đầu tiên" in client.get(revision_url).content.decode()
    client.post(revision_url, form_data(category, title="Tiêu đề đầu tiên", slug=article.slug))
    article.refresh_from_db()
    assert article.title == "Tiêu đề đầu tiên"


def test_deleted_article_is_recovered_with_its_cover(client):
    login(client, APPROVER)
    category = make_category()
    data = form_data(category, cover=make_image_file(), cover_alt="Ảnh lễ ra quân")
    client.post(reverse(ADD_URL), data)
    article = Article.objects.get()
    cover_name, pk = article.cover.name, article.pk
    delete_url = reverse("admin:news_article_delete", args=[pk])
    client.post(delete_url, {"post": "yes"})
    assert not Article.objects.exists()

    recover_list = client.get(reverse("admin:news_article_recoverlist")).content.decode()
    assert "Huyện An Phú ra quân mùa khô" in recover_list
    version = Version.objects.get_deleted(Article).get()
    recover_url = reverse("admin:news_article_recover", args=[version.pk])
    assert "Huyện An Phú ra quân mùa khô" in client.get(recover_url).content.decode()
    client.post(recover_url, form_data(category, cover_alt="Ảnh lễ ra quân"))
    restored = Article.objects.get(pk=pk)
    assert restored.cover.name == cover_name and default_storage.exists(cover_name)
    assert restored.cover_picture() is not None


def test_category_admin_lists_and_searches(client):
    login(client, APPROVER)
    make_category("Cải cách hành chính")
    page = client.get(reverse("admin:news_category_changelist"), {"q": "cai cach"})
    assert page.status_code == 200


def test_article_with_a_cover_can_be_edited_without_uploading_it_again(client):
    login(client, APPROVER)
    article = make_article("Có ảnh", with_cover=True)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(article.category, title="Có ảnh, đã sửa", slug=article.slug)
    data.update(cover_alt=article.cover_alt)
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Có ảnh, đã sửa" and article.cover


def test_the_packages_own_upload_url_is_not_served(client):
    """Only the admin's checked upload view takes editor images."""
    login(client, EDITOR)
    response = client.post("/ckeditor5/image_upload/", {"upload": make_image_file("Tên gốc.jpg")})
    assert response.status_code == 404


def test_category_changes_are_kept_in_the_history(client):
    login(client, APPROVER)
    client.post(
        reverse("admin:news_category_add"),
        {"name": "Kinh tế", "slug": "kinh-te", "description": "", "position": "1"},
    )
    category = Category.objects.get()
    url = reverse("admin:news_category_change", args=[category.pk])
    data = {"name": "Kinh tế - Xã hội", "slug": "kinh-te", "description": "", "position": "1"}
    assert client.post(url, data).status_code == 302
    assert Version.objects.get_for_object(category).count() == 2


def test_editor_toolbar_has_the_newsroom_tools_and_no_raw_html(settings):
    config = settings.CKEDITOR_5_CONFIGS["news"]
    toolbar = config["toolbar"]["items"]
    for tool in ["heading", "bold", "italic", "bulletedList", "numberedList", "link"]:
        assert tool in toolbar
    for tool in ["blockQuote", "insertTable", "uploadImage"]:
        assert tool in toolbar
    assert "toggleImageCaption" in config["image"]["toolbar"]
    assert {"SourceEditing", "HtmlEmbed", "GeneralHtmlSupport"} <= set(config["removePlugins"])
    assert "PasteFromOffice" not in config["removePlugins"]
    assert Article._meta.get_field("body").formfield().widget.config["toolbar"] == config["toolbar"]


def test_editor_form_leaves_out_the_fields_only_approvers_set(client):
    login(client, EDITOR)
    html = client.get(reverse(ADD_URL)).content.decode()
    assert 'name="title"' in html
    assert "Tin nổi bật" not in html and "Thời gian xuất bản" not in html
    assert 'name="featured"' not in html and 'name="publish_at_0"' not in html


def test_approver_form_still_sets_featured_and_publication_time(client):
    login(client, APPROVER)
    html = client.get(reverse(ADD_URL)).content.decode()
    assert 'name="featured"' in html and 'name="publish_at_0"' in html


def test_editor_draft_keeps_featured_and_time_untouched(client):
    user = login(client, EDITOR)
    response = client.post(reverse(ADD_URL), form_data(make_category()))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.featured is False and article.publish_at is None
    assert article.created_by == user
