"""Accessibility of every page type: axe-core with zero violations, 320 px, 200 % text."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def page_type_urls() -> dict[str, str]:
    """Return one URL of each public page type, from the demo content."""
    from anphu_portal.models import Unit
    from documents.models import Document
    from feedback.models import Submission
    from news.models import Article, Category
    from procedures.models import Procedure

    documents = Document.objects.for_unit(Unit.default())
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
        "document list": "/van-ban/?loai=ke-hoach",
        "document disclosure": "/van-ban/?cong-khai=ngan-sach",
        "document detail": documents.issued()
        .filter(incoming_relations__isnull=False)
        .first()
        .get_absolute_url(),
        "drafts": "/van-ban/du-thao/",
        "open draft with its form": documents.drafts().comment_open().get().get_absolute_url(),
        "closed draft with its report": documents.drafts()
        .comment_closed()
        .get()
        .get_absolute_url(),
        "introduction page": "/gioi-thieu/dieu-kien-tu-nhien/",
        "introduction list": "/gioi-thieu/",
        "leaders": "/gioi-thieu/lanh-dao/",
        "organisation chart": "/gioi-thieu/co-cau-to-chuc/",
        "weekly schedule": "/lich-cong-tac/",
        "English page": "/en/",
        "questions and answers": "/hoi-dap/",
        "published question": Submission.objects.published().first().get_absolute_url(),
        "question form": "/hoi-dap/gui-cau-hoi/",
        "question tracking": "/hoi-dap/tra-cuu/",
        "personal data policy": "/hoi-dap/chinh-sach-du-lieu-ca-nhan/",
        "404": "/khong-co-trang-nay/",
    }


@pytest.fixture
def demo_urls(settings):
    call_command("load_demo", "--force", verbosity=0)
    return page_type_urls()


def test_every_page_type_has_zero_axe_violations_one_h1_and_landmarks(
    desktop_page, live_server, demo_urls
):
    axe = Axe()
    reports, structure = {}, {}
    for name, path in demo_urls.items():
        desktop_page.goto(f"{live_server.url}{path}")
        results = axe.run(desktop_page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        if results.violations_count:
            reports[name] = results.generate_report()
        structure[name] = {
            "h1": desktop_page.locator("h1").count(),
            "landmarks": all(
                desktop_page.locator(tag).count() >= 1
                for tag in ("header", "nav", "main", "footer")
            ),
            "skip link": desktop_page.locator("a.skip-link[href='#noi-dung']").count(),
        }
    assert reports == {}, "\n\n".join(f"{name}: {report}" for name, report in reports.items())
    assert structure == {name: {"h1": 1, "landmarks": True, "skip link": 1} for name in demo_urls}


# (viewport width, root font size): a phone at 320 px, a phone with text at 150 %, and
# text at 200 % on a desktop.
LAYOUTS = [(320, None), (375, "150%"), (1280, "200%")]


def test_no_page_type_scrolls_sideways_at_320_px_or_with_text_at_200_percent(
    browser, live_server, demo_urls
):
    overflowing = {}
    for width, root_font_size in LAYOUTS:
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
        page = context.new_page()
        for name, path in demo_urls.items():
            page.goto(f"{live_server.url}{path}")
            if root_font_size:
                page.evaluate(f"document.documentElement.style.fontSize = '{root_font_size}'")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                overflowing[(width, root_font_size, name)] = scroll_width
        context.close()
    assert overflowing == {}
