"""An editor writes an article in CKEditor, an approver publishes it, a citizen reads it."""

import re

import pytest
from django.conf import settings
from PIL import Image

from anphu_portal.roles import APPROVER, EDITOR
from news.models import Article
from tests.factories import PASSWORD, make_category, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Khánh thành cầu Vĩnh Hội Đông"
CAPTION = "Cây cầu mới nhìn từ bờ sông Hậu"


def log_in(page, base, user):
    page.goto(f"{base}/{settings.ADMIN_PATH}login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(rf"/{settings.ADMIN_PATH}$"))


def picture_file(tmp_path, name, colour):
    path = tmp_path / name
    Image.new("RGB", (1400, 800), colour).save(path, "JPEG")
    return path


def write_article_in_ckeditor(page, base, tmp_path):
    page.goto(f"{base}/{settings.ADMIN_PATH}news/article/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    assert page.input_value("#id_slug") == "khanh-thanh-cau-vinh-hoi-dong"
    page.fill("#id_summary", "Cây cầu nối hai xã đã được đưa vào sử dụng.")

    editable = page.locator(".ck-editor__editable")
    editable.click()
    page.keyboard.type("Sáng nay, huyện khánh thành cây cầu mới.")
    page.keyboard.press("Enter")
    page.locator(".ck-heading-dropdown button").first.click()
    page.get_by_role("menuitemradio", name="Tiêu đề lớn").click()
    page.keyboard.type("Quy mô công trình")
    page.keyboard.press("Enter")
    page.keyboard.type("Cầu dài 120 mét.")

    page.locator(".ck-toolbar input[type=file]").set_input_files(
        picture_file(tmp_path, "cau.jpg", (40, 120, 180))
    )
    image = editable.locator("figure.image img[src*='/media/news/noi-dung/']")
    image.wait_for()
    image.click()
    page.locator(".ck-balloon-panel_visible button[data-cke-tooltip-text='Hiện chú thích']").click()
    caption = editable.locator("figure.image figcaption")
    caption.click()
    page.keyboard.type(CAPTION)

    page.set_input_files("#id_cover", picture_file(tmp_path, "bia.jpg", (200, 90, 40)))
    page.fill("#id_cover_alt", "Cầu Vĩnh Hội Đông ngày khánh thành")
    page.locator("#id_category").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-results__option", has_text="Tin tức - Sự kiện").click()
    page.fill("#id_author", "Huỳnh Như")
    assert page.locator("#id_status").count() == 0  # the status is shown, not chosen
    assert page.get_by_role("button", name="Xuất bản").count() == 0
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_url(re.compile(r"/news/article/$"))
    page.get_by_text("Đã gửi tin bài cho người duyệt tin.").wait_for()


def test_editor_writes_approver_publishes_citizen_reads(
    browser, live_server, page, tmp_path, log_in_verified
):
    make_category("Tin tức - Sự kiện")
    editor = make_staff_user(EDITOR, username="bientap")
    approver = make_staff_user(APPROVER, username="duyettin")
    base = live_server.url

    editor_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    editor_page = editor_context.new_page()
    editor_page.set_default_timeout(15_000)
    log_in(editor_page, base, editor)
    write_article_in_ckeditor(editor_page, base, tmp_path)
    editor_context.close()

    article = Article.objects.get()
    assert article.status == "pending" and article.created_by == editor
    assert "<h2>Quy mô công trình</h2>" in article.body
    assert f"<figcaption>{CAPTION}</figcaption>" in article.body

    approver_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    approver_page = approver_context.new_page()
    approver_page.set_default_timeout(15_000)
    # Approvers must use two-factor login: the session starts with the code already given.
    log_in_verified(approver_page, approver)
    approver_page.goto(f"{base}/{settings.ADMIN_PATH}")
    assert "1 tin bài đang chờ bạn duyệt" in approver_page.inner_text("#news-review-queue")
    approver_page.click("#news-review-queue a")
    approver_page.get_by_role("link", name=TITLE).click()
    assert "Chờ duyệt" in approver_page.inner_text("fieldset:has-text('Trạng thái')")
    approver_page.get_by_role("button", name="Xuất bản").click()
    approver_page.get_by_text("Đã xuất bản tin bài.").wait_for()
    approver_context.close()

    page.goto(f"{base}/")
    first_link = page.locator("main article a").filter(has_text=re.compile(r"\S")).first
    assert first_link.inner_text() == TITLE
    first_link.click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".news-article__body h2").inner_text() == "Quy mô công trình"
    assert page.locator(".news-article__body figcaption").inner_text() == CAPTION
    assert page.locator(".news-article__cover img").get_attribute("alt")
