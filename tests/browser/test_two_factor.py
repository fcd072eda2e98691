"""A new approver sets up two-factor login; an editor is warned before the session ends."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from anphu_portal.accounts.sessions import LOGIN_AT_KEY
from anphu_portal.roles import APPROVER, EDITOR
from tests.factories import PASSWORD, make_category, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_approver_sets_up_an_authenticator_app_and_reaches_the_admin(live_server, page):
    user = make_staff_user(APPROVER, username="duyettin")
    admin = f"{live_server.url}/{settings.ADMIN_PATH}"
    page.goto(f"{admin}login/")
    page.fill("#id_username", "duyettin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(re.compile(r"/xac-thuc/thiet-lap/$"))
    assert page.locator(".otp-qr svg").is_visible()
    secret = page.locator("#otp-secret").inner_text()
    code = f"{totp(b32decode(secret.replace(' ', ''))):06d}"
    page.fill("#id_code", code)
    page.get_by_role("button", name="Xác nhận và bật xác thực hai lớp").click()

    page.wait_for_url(re.compile(r"/xac-thuc-hai-lop/$"))
    assert page.locator("#backup-codes li").count() == 10
    page.get_by_role("link", name="Đã lưu mã, vào trang quản trị").click()
    page.wait_for_url(re.compile(rf"/{settings.ADMIN_PATH}$"))
    assert page.locator("#news-review-queue").is_visible()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def start_session_hours_ago(session_key: str, hours: float) -> None:
    session = SessionStore(session_key)
    session[LOGIN_AT_KEY] = (timezone.now() - timedelta(hours=hours)).timestamp()
    session.save()


def test_article_form_warns_ten_minutes_before_the_session_ends(
    live_server, desktop_page, log_in_verified
):
    make_category()
    editor = make_staff_user(EDITOR)
    session_key = log_in_verified(desktop_page, editor)
    add_url = f"{live_server.url}/{settings.ADMIN_PATH}news/article/add/"

    desktop_page.goto(add_url)
    desktop_page.locator("#id_title").wait_for()
    assert desktop_page.locator("#session-expiry-warning").count() == 0

    start_session_hours_ago(session_key, 7 + 52 / 60)
    desktop_page.goto(add_url)
    warning = desktop_page.locator("#session-expiry-warning")
    warning.wait_for()
    text = warning.inner_text()
    assert text.startswith("Phiên làm việc sẽ hết hạn lúc ")
    assert text.endswith("; hãy lưu bài để không mất nội dung.")
    assert re.search(r"lúc \d\d:\d\d;", text)
