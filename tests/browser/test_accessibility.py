"""Accessibility of every page type: axe-core with zero violations, 320 px, 200 % text."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def page_type_urls() -> dict[str, str]:
    """Return one URL of each public page type, from the demo content."""
    from news.models import Article, Category
    from procedures.models import Procedure

    article = Article.objects.published().filter(cover__gt="").select_related("category").first()
    return {
        "home": "/",
        "news list": "/tin-tuc/",
        "category": Category.objects.first().get_absolute_url(),
        "article": article.get_absolute_url(),
        "search results": "/tim-kiem/?q=khai+sinh",
        "search guide": "/tim-kiem/",
        "procedure list": "/thu-tuc-hanh-chinh/",
        "procedure detail": Procedure.objects.active()
        .get(name="Đăng ký khai sinh")
        .get_absolute_url(),
        "hotline directory": "/duong-day-nong/",
        "404": "/khong-co-trang-nay/",
    }


@pytest.fixture
def demo_urls(settings):
    call_command("load_demo", "--force", verbosity=0)
    return page_type_urls()


def test_every_page_type_has_zero_axe_violations(desktop_page, live_server, demo_urls):
    axe = Axe()
    reports = {}
    for name, path in demo_urls.items():
        desktop_page.goto(f"{live_server.url}{path}")
        results = axe.run(desktop_page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        if results.violations_count:
            reports[name] = results.generate_report()
    assert reports == {}, "\n\n".join(f"{name}: {report}" for name, report in reports.items())


def test_every_page_type_has_one_h1_landmarks_and_a_skip_link(page, live_server, demo_urls):
    for name, path in demo_urls.items():
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, name
        for landmark in ("header", "nav", "main", "footer"):
            assert page.locator(landmark).count() >= 1, (name, landmark)
        assert page.locator("a.skip-link[href='#noi-dung']").count() == 1, name


@pytest.mark.parametrize(
    "width, root_font_size",
    [(320, None), (375, "150%"), (1280, "200%")],
    ids=["320px", "375px-text-150", "1280px-text-200"],
)
def test_no_horizontal_scrolling_at_small_widths_and_large_text(
    browser, live_server, demo_urls, width, root_font_size
):
    """Nothing overflows sideways at 320 px, nor with the text enlarged up to 200 %."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    overflowing = {}
    for name, path in demo_urls.items():
        page.goto(f"{live_server.url}{path}")
        if root_font_size:
            page.evaluate(f"document.documentElement.style.fontSize = '{root_font_size}'")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            overflowing[name] = scroll_width
    context.close()
    assert overflowing == {}
