"""The news demo content: categories, articles in every state, generated images."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from news.models import Article, Category

pytestmark = pytest.mark.django_db

DEMO_CATEGORIES = [
    "Tin tức - Sự kiện",
    "Cải cách hành chính",
    "Xây dựng chính quyền",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Quốc phòng - An ninh",
]


def test_demo_news_fills_every_category_and_every_state():
    call_command("load_demo_news")
    assert list(Category.objects.values_list("name", flat=True)) == DEMO_CATEGORIES
    for category in Category.objects.all():
        assert Article.objects.published().filter(category=category).count() >= 8
    assert Article.objects.filter(status="draft").count() == 1
    assert Article.objects.filter(status="pending").count() == 1
    scheduled = [a for a in Article.objects.filter(status="published") if a.is_scheduled()]
    assert len(scheduled) == 1
    article = Article.objects.published().first()
    assert article.cover_picture() and default_storage.exists(article.cover_400_webp.name)
    assert "<figcaption>" in article.body and "<h2>" in article.body


def test_demo_news_twice_changes_nothing(database_snapshot):
    call_command("load_demo_news")
    first = database_snapshot()
    call_command("load_demo_news")
    assert database_snapshot() == first


def test_demo_articles_have_varied_pictures_and_leads_that_do_not_repeat_the_title():
    call_command("load_demo_news", stdout=io.StringIO())
    articles = list(Article.objects.all())
    pictures = set()
    for article in articles:
        with default_storage.open(article.cover.name) as cover:
            pictures.add(hashlib.sha256(cover.read()).hexdigest())
        assert article.title not in article.summary
        assert "Đây là bài viết mẫu" not in article.summary
        assert "Tin mẫu" in article.summary  # still marked as sample content
    assert len(pictures) == len(articles)
    assert len({article.summary for article in articles}) >= 8
    assert len({article.cover_caption for article in articles}) >= 4
