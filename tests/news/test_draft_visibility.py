"""Drafts, articles waiting for review and unpublished articles stay off every public page.

Each hidden article is due (its publish_at is in the past) and featured, so only its
status keeps it from the public: the test fails if `published()` stops checking it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from anphu_portal.roles import APPROVER
from news.listing import Month
from news.models import Article
from news.workflow import publish_article, unpublish_article
from tests.factories import make_article, make_category, make_staff_user

pytestmark = pytest.mark.django_db

WORD = "thuyendoc"


@pytest.fixture
def newsroom():
    """Return the visible article and the hidden ones, all in one category and due."""
    category = make_category("Tin tức - Sự kiện")
    other = make_category("Cải cách hành chính")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    visible = make_article(f"Tin công khai {WORD}", category=category, featured=True)
    hidden = [
        make_article(f"Bản nháp quá giờ {WORD}", category=category, status="draft"),
        make_article(f"Tin chờ duyệt quá giờ {WORD}", category=category, status="pending"),
    ]
    for article in hidden:
        article.publish_at = an_hour_ago
        article.featured = True
        article.save()
        article.extra_categories.add(other)
    approver = make_staff_user(APPROVER)
    withdrawn = make_article(f"Tin đã gỡ xuống {WORD}", category=category, status="draft")
    withdrawn.extra_categories.add(other)
    withdrawn.featured = True
    withdrawn.save()
    publish_article(article=withdrawn, user=approver)
    unpublish_article(article=withdrawn, user=approver)
    withdrawn.refresh_from_db()
    assert withdrawn.publish_at is not None and withdrawn.publish_at <= timezone.now()
    assert withdrawn.status == Article.Status.DRAFT
    return visible, [*hidden, withdrawn]


PUBLIC_PAGES = {
    "home": "/",
    "news list": "/tin-tuc/",
    "category list": "/tin-tuc/{category}/",
    "extra category list": "/tin-tuc/cai-cach-hanh-chinh/",
    "article page and its related list": "{visible}",
    "feed": "/tin-tuc/rss/",
    "category feed": "/tin-tuc/{category}/rss/",
    "sitemap of the month": "/sitemap-news-{month}.xml",
    "search": f"/tim-kiem/?q={WORD}",
    "search news tab": f"/tim-kiem/?q={WORD}&loai=tin-tuc",
}


def page_url(name: str, visible) -> str:
    return PUBLIC_PAGES[name].format(
        category=visible.category.slug,
        visible=visible.get_absolute_url(),
        month=Month.of(visible.publish_at),
    )


def test_hidden_articles_have_no_public_page(client, newsroom):
    _visible, hidden = newsroom

    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_hidden_articles_are_not_shown(client, newsroom, name):
    visible, hidden = newsroom

    response = client.get(page_url(name, visible))

    assert response.status_code == 200
    page = response.content.decode()
    if name != "extra category list":  # the visible article is in the main category only
        assert visible.slug in page
    for article in hidden:
        assert article.title not in page
        assert article.slug not in page


def test_related_list_of_an_article_shows_no_hidden_article(client, newsroom):
    visible, hidden = newsroom
    neighbour = make_article(f"Tin công khai khác {WORD}", category=visible.category)

    page = client.get(neighbour.get_absolute_url()).content.decode()

    assert visible.title in page  # the related list is there
    assert not any(article.title in page for article in hidden)
