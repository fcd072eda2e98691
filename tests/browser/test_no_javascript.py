"""Everything readable works with JavaScript off: every page type, the menu, the filters."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def no_js_page(browser, live_server):
    """Return a phone-sized page with JavaScript disabled."""
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, locale="vi-VN", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo():
    call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())


def page_types() -> list[tuple[str, str, str, str]]:
    """Return (name, path, expected h1, selector of the items that must be shown)."""
    from news.models import Article, Category
    from procedures.models import Procedure

    category = Category.objects.filter(articles__isnull=False).distinct().first()
    article = Article.objects.published().filter(cover__gt="").first()
    procedure = Procedure.objects.active().get(name="Đăng ký khai sinh")
    return [
        ("home", "/", "Cổng thông tin điện tử", ".news-card"),
        ("news list", "/tin-tuc/", "Tin tức", ".news-card"),
        ("category", category.get_absolute_url(), category.name, ".news-card"),
        ("article", article.get_absolute_url(), article.title, ".news-article__body p"),
        ("search results", "/tim-kiem/?q=khai+sinh", "Tìm kiếm", ".search-result"),
        ("procedure list", "/thu-tuc-hanh-chinh/", "Thủ tục hành chính", ".procedure-item"),
        ("procedure detail", procedure.get_absolute_url(), procedure.name, ".procedure-section"),
        ("hotline directory", "/duong-day-nong/", "Đường dây nóng", ".contact-card"),
    ]


def test_every_page_type_shows_its_content_and_the_menu_opens_without_javascript(
    no_js_page, live_server, demo
):
    page = no_js_page
    seen = {}
    for name, path, heading, items in page_types():
        response = page.goto(f"{live_server.url}{path}")
        h1 = page.locator("h1")
        visible_items = page.locator(items).filter(visible=True).count()
        seen[name] = {
            "status": response.status,
            "one h1": h1.count() == 1,
            "heading": heading in h1.inner_text(),
            "items": visible_items >= 1,
        }
    expected = {"status": 200, "one h1": True, "heading": True, "items": True}
    assert seen == {name: expected for name, *_ in page_types()}

    # The phone menu is a <details>: it opens without a script.
    page.goto(f"{live_server.url}/tin-tuc/")
    hotline_link = page.locator(".main-nav__list").get_by_role("link", name="Đường dây nóng")
    assert not hotline_link.is_visible()
    page.locator(".main-nav__toggle summary").click()
    assert hotline_link.is_visible()
    hotline_link.click()
    page.wait_for_url(f"{live_server.url}/duong-day-nong/")


def test_hotline_and_procedure_filters_work_on_the_server_without_javascript(
    no_js_page, live_server, demo
):
    page = no_js_page
    page.goto(f"{live_server.url}/duong-day-nong/")
    all_contacts = page.locator(".contact-card").count()
    page.get_by_label("Lọc theo tên, chức vụ").fill("cong an")
    # No script narrows the list as one types: the server does it when the form is sent.
    assert page.locator(".contact-card").filter(visible=True).count() == all_contacts
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/duong-day-nong/?q=cong+an")
    found = page.locator(".contact-card").count()
    assert 0 < found < all_contacts
    assert "phù hợp với “cong an”" in page.locator("[data-directory-status]").inner_text()

    page.goto(f"{live_server.url}/thu-tuc-hanh-chinh/")
    page.get_by_label("Tên hoặc mã thủ tục").fill("khai sinh")
    page.get_by_label("Cấp thực hiện").select_option("xa")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.wait_for_url("**/thu-tuc-hanh-chinh/?q=khai+sinh*cap=xa*")
    titles = page.locator(".procedure-item__title").all_inner_texts()
    assert "Đăng ký khai sinh" in titles
    assert "Đăng ký khai sinh có yếu tố nước ngoài" not in titles
