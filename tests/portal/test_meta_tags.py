"""Canonical link and Open Graph tags on every page type."""

import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SITE_NAME = "Cổng thông tin điện tử huyện An Phú"


class HeadTags(HTMLParser):
    """Collect the canonical links and the og:* meta tags of a page."""

    def __init__(self):
        super().__init__()
        self.canonicals: list[str] = []
        self.og: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonicals.append(attrs.get("href", ""))
        elif tag == "meta" and (attrs.get("property") or "").startswith("og:"):
            self.og.setdefault(attrs["property"], []).append(attrs.get("content", ""))


def head_tags(client, path: str) -> HeadTags:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def demo():
    call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())


def test_every_page_type_has_one_absolute_canonical_and_open_graph_tags(client, demo):
    from news.models import Article, Category
    from procedures.models import Procedure

    category = Category.objects.filter(articles__isnull=False).distinct().first()
    article = Article.objects.published().first()
    procedure = Procedure.objects.active().get(name="Đăng ký khai sinh")
    root = "http://testserver"
    # path: (canonical, og:type, og:title)
    expected = {
        "/": (f"{root}/", "website", SITE_NAME),
        "/tin-tuc/": (f"{root}/tin-tuc/", "website", "Tin tức"),
        "/tin-tuc/?page=2&utm_source=zalo": (f"{root}/tin-tuc/?page=2", "website", "Tin tức"),
        category.get_absolute_url(): (
            f"{root}{category.get_absolute_url()}",
            "website",
            category.name,
        ),
        article.get_absolute_url(): (
            f"{root}{article.get_absolute_url()}",
            "article",
            article.title,
        ),
        "/tim-kiem/?q=khai+sinh": (f"{root}/tim-kiem/", "website", SITE_NAME),
        "/thu-tuc-hanh-chinh/": (f"{root}/thu-tuc-hanh-chinh/", "website", "Thủ tục hành chính"),
        "/thu-tuc-hanh-chinh/?q=&page=2": (
            f"{root}/thu-tuc-hanh-chinh/?page=2",
            "website",
            "Thủ tục hành chính",
        ),
        procedure.get_absolute_url(): (
            f"{root}{procedure.get_absolute_url()}",
            "website",
            procedure.name,
        ),
        "/duong-day-nong/?q=cong+an": (
            f"{root}/duong-day-nong/",
            "website",
            "Đường dây nóng và danh bạ điện thoại",
        ),
    }
    found = {}
    for path in expected:
        tags = head_tags(client, path)
        found[path] = {
            "canonical": tags.canonicals,
            "og:type": tags.og.get("og:type"),
            "og:title": tags.og.get("og:title"),
            "og:url": tags.og.get("og:url"),
            "og:site_name": tags.og.get("og:site_name"),
        }
    assert found == {
        path: {
            "canonical": [canonical],
            "og:type": [og_type],
            "og:title": [og_title],
            "og:url": [canonical],
            "og:site_name": [SITE_NAME],
        }
        for path, (canonical, og_type, og_title) in expected.items()
    }
