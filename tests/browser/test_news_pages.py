"""The public news pages in Chromium: accessible, lazy images, print and copy buttons."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def articles():
    category = make_category("Cải cách hành chính", description="Tin cải cách hành chính.")
    made = [
        make_article(
            f"Tin cải cách số {n}",
            category=category,
            featured=n == 5,
            with_cover=n >= 2,
            body=f'<h2>Phần {n}</h2><p>Nội dung.</p><figure class="image">'
            f'<img src="/static/img/logo.svg" alt="Biểu trưng" width="64" height="64">'
            "<figcaption>Chú thích</figcaption></figure>",
        )
        for n in range(6)
    ]
    return made


def axe_violations(page):
    results = Axe().run(page)
    return [(v["id"], v["help"]) for v in results.response["violations"]]


def test_news_pages_have_no_accessibility_violations(page, live_server, articles):
    for path in ["/", "/tin-tuc/", "/tin-tuc/cai-cach-hanh-chinh/", articles[5].get_absolute_url()]:
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
        assert page.locator("h1").count() == 1


def test_cards_below_the_fold_load_lazily_and_never_the_original(page, live_server, articles):
    page.goto(f"{live_server.url}/tin-tuc/")
    images = page.locator("main picture img")
    assert images.count() == 4
    assert images.nth(0).get_attribute("loading") is None
    assert images.nth(3).get_attribute("loading") == "lazy"
    for index in range(4):
        src = images.nth(index).get_attribute("src")
        assert "/CACHE/renditions/" in src and images.nth(index).get_attribute("width")


def test_print_layout_hides_menus_sidebar_and_share_links(page, live_server, articles):
    page.goto(f"{live_server.url}{articles[5].get_absolute_url()}")
    page.emulate_media(media="print")
    for selector in [
        ".main-nav",
        ".page-sidebar",
        ".share-links",
        ".print-button",
        ".news-related",
    ]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").is_visible()


def test_copy_link_button_tells_the_reader(desktop_page, live_server, articles):
    page = desktop_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}{articles[5].get_absolute_url()}")
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.get_by_text("Đã sao chép liên kết.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(articles[5].get_absolute_url())
