"""A commune's editor offers an article upward; the province's approver accepts a copy;
a reader of the province's portal follows its "Nguồn" link back to the commune."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group

from anphu_portal.models import Membership, Unit, UnitHost
from anphu_portal.roles import APPROVER, EDITOR
from news.models import Article
from tests.factories import login_staff, make_article, make_category, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Xã An Phú khánh thành cầu Long Bình"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def member(role, unit, username):
    user = make_staff_user(None, username=username)
    Membership.objects.create(user=user, unit=unit, role=Group.objects.get(name=role))
    return user


def log_in_at(page, origin, user):
    """Give the browser a verified admin session for one host (cookies are per host)."""
    from django.test import Client

    client = Client()
    login_staff(client, user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": origin}])


def test_an_article_travels_from_the_commune_to_the_province(desktop_page, live_server, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    port = urlsplit(live_server.url).port
    commune = Unit.load()
    province = commune.parent
    UnitHost.objects.create(unit=commune, host="anphu.localhost")
    UnitHost.objects.create(unit=province, host="angiang.localhost")
    commune_origin, province_origin = (
        f"http://anphu.localhost:{port}",
        f"http://angiang.localhost:{port}",
    )
    source = make_article(TITLE, category=make_category("Tin tức - Sự kiện", unit=commune))
    make_category("Tin các địa phương", unit=province)
    page, axe, reports = desktop_page, Axe(), {}
    admin = f"/{settings.ADMIN_PATH}"

    log_in_at(page, commune_origin, member(EDITOR, commune, "bientap-xa"))
    page.goto(f"{commune_origin}{admin}news/article/{source.pk}/change/")
    page.get_by_role("link", name="Gửi lên cổng cấp trên").click()
    page.get_by_label("Lời nhắn cho cổng cấp trên").fill("Đề nghị đăng ở mục tin địa phương")
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if results.violations_count:
        reports["offer form"] = results.generate_report()
    page.get_by_role("button", name="Gửi lên").click()
    page.get_by_text("Đã gửi tin lên Tỉnh An Giang.").wait_for()

    log_in_at(page, province_origin, member(APPROVER, province, "duyettin-tinh"))
    page.goto(f"{province_origin}{admin}news/articleoffer/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Nhận tin").click()
    page.get_by_label("Đăng vào chuyên mục").select_option(label="Tin các địa phương")
    page.get_by_label("Xuất bản ngay").check()
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if results.violations_count:
        reports["accept form"] = results.generate_report()
    page.get_by_role("button", name="Nhận tin").click()
    page.wait_for_url(re.compile(r"/news/article/\d+/change/"))

    copy = Article.objects.exclude(pk=source.pk).get()
    page.goto(f"{province_origin}{copy.get_absolute_url()}")
    page.get_by_role("link", name="Ủy ban nhân dân huyện An Phú").click()
    page.wait_for_url(f"{commune_origin}{source.get_absolute_url()}")
    assert page.locator("h1").inner_text() == TITLE
    assert reports == {}, "\n\n".join(f"{name}: {report}" for name, report in reports.items())
