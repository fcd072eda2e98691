"""Articles and categories in the API: filters, search, pagination, query budgets."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from news.models import Article
from tests.api.conftest import get_json
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day))


def titles(data) -> list[str]:
    return [row["title"] for row in data["results"]]


def test_articles_are_listed_newest_first_with_their_categories(client):
    economy = make_category("Kinh tế")
    other = make_category("Xã hội")
    make_article("Tin cũ", publish_at=at("2026-01-01 08:00"), category=economy)
    newer = make_article("Tin mới", publish_at=at("2026-02-01 08:00"), category=economy)
    newer.extra_categories.add(other)
    data = get_json(client, "/api/v1/articles/")
    assert titles(data) == ["Tin mới", "Tin cũ"]
    assert data["results"][0]["category"] == {"slug": "kinh-te", "name": "Kinh tế"}
    assert data["results"][0]["extra_categories"] == [{"slug": "xa-hoi", "name": "Xã hội"}]
    assert "body" not in data["results"][0]


def test_the_detail_has_the_body_as_the_page_shows_it(client):
    article = make_article(body="<p>Nội dung <strong>đầy đủ</strong>.</p><script>x</script>")
    data = get_json(client, f"/api/v1/articles/{article.slug}/")
    assert data["body"] == "<p>Nội dung <strong>đầy đủ</strong>.</p>"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"


def test_a_cover_is_given_with_its_absolute_address_and_alt_text(client):
    article = make_article(with_cover=True)
    cover = get_json(client, f"/api/v1/articles/{article.slug}/")["cover"]
    assert cover["url"].startswith("http://testserver/media/")
    assert (cover["width"], cover["height"]) == (1600, 900)
    assert cover["alt"] == article.cover_alt


def test_filter_by_category_includes_articles_listed_there_too(client):
    economy, other = make_category("Kinh tế"), make_category("Xã hội")
    make_article("Tin kinh tế", category=economy)
    also = make_article("Tin xã hội có kinh tế", category=other)
    also.extra_categories.add(economy)
    make_article("Chỉ xã hội", category=other)
    data = get_json(client, "/api/v1/articles/?category=kinh-te")
    assert sorted(titles(data)) == ["Tin kinh tế", "Tin xã hội có kinh tế"]


def test_filter_by_date_range_uses_vietnam_days(client):
    make_article("Sáng sớm mùng một", publish_at=at("2026-03-01 00:30"))
    make_article("Cuối ngày hai mươi tám", publish_at=at("2026-02-28 23:30"))
    make_article("Mùng năm", publish_at=at("2026-03-05 10:00"))
    data = get_json(
        client, "/api/v1/articles/?published_after=2026-03-01&published_before=2026-03-04"
    )
    assert titles(data) == ["Sáng sớm mùng một"]
    data = get_json(client, "/api/v1/articles/?published_before=2026-02-28")
    assert titles(data) == ["Cuối ngày hai mươi tám"]


def test_date_filters_at_the_ends_of_the_calendar_bound_nothing(client):
    make_article("Tin", publish_at=at("2026-03-01 00:30"))
    for day in ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"]:
        url = f"/api/v1/articles/?published_after={day}&published_before={day}"
        get_json(client, url)  # 200, never a 500
    url = "/api/v1/articles/?published_after=0001-01-01&published_before=9999-12-31"
    assert titles(get_json(client, url)) == ["Tin"]


def test_search_folds_accents_like_the_site_search(client):
    make_article("Đường giao thông nông thôn mới")
    make_article("Lễ hội văn hóa")
    assert titles(get_json(client, "/api/v1/articles/?q=duong+giao+thong")) == [
        "Đường giao thông nông thôn mới"
    ]
    assert titles(get_json(client, "/api/v1/articles/?q=VĂN HOÁ")) == ["Lễ hội văn hóa"]


def test_featured_filter(client):
    make_article("Nổi bật", featured=True)
    make_article("Thường")
    assert titles(get_json(client, "/api/v1/articles/?featured=true")) == ["Nổi bật"]


def test_pages_have_absolute_next_and_previous_links(client):
    for i in range(5):
        make_article(f"Tin số {i}", publish_at=timezone.now() - timedelta(hours=i + 1))
    first = get_json(client, "/api/v1/articles/?page_size=2&category=tin-tuc-su-kien")
    assert first["count"] == 5 and titles(first) == ["Tin số 0", "Tin số 1"]
    assert first["previous"] is None
    assert first["next"] == (
        "http://testserver/api/v1/articles/?category=tin-tuc-su-kien&page=2&page_size=2"
    )
    second = get_json(client, first["next"])
    assert titles(second) == ["Tin số 2", "Tin số 3"]
    assert second["previous"].startswith("http://testserver/api/v1/articles/?")
    last = get_json(client, second["next"])
    assert titles(last) == ["Tin số 4"] and last["next"] is None


def test_the_page_size_is_capped_at_a_hundred(client):
    category = make_category()
    Article.objects.bulk_create(
        Article(
            title=f"Tin {i}",
            slug=f"tin-{i}",
            summary="Tóm tắt",
            category=category,
            unit_id=category.unit_id,
            status="published",
            publish_at=timezone.now() - timedelta(hours=1),
        )
        for i in range(101)
    )
    data = get_json(client, "/api/v1/articles/?page_size=500")
    assert data["count"] == 101 and len(data["results"]) == 100


def test_categories_are_listed_in_menu_order_with_their_article_feed(client):
    make_category("Thứ hai", position=2)
    make_category("Thứ nhất", position=1)
    data = get_json(client, "/api/v1/categories/")
    assert [c["name"] for c in data["results"]] == ["Thứ nhất", "Thứ hai"]
    assert data["results"][0]["articles_api_url"] == (
        "http://testserver/api/v1/articles/?category=thu-nhat"
    )
    assert get_json(client, "/api/v1/categories/thu-hai/")["url"] == (
        "http://testserver/tin-tuc/thu-hai/"
    )


@pytest.mark.parametrize("count", [3, 60])
def test_the_article_list_keeps_its_query_budget(client, count, django_assert_max_num_queries):
    categories = [make_category("Kinh tế"), make_category("Xã hội")]
    for i in range(count):
        article = make_article(f"Tin {i}", category=categories[i % 2], with_cover=i < 3)
        article.extra_categories.add(categories[(i + 1) % 2])
    client.get("/api/v1/units/")  # the unit map is cached once for every request
    # Count, page, extra categories; on PostgreSQL also the newest rows probed to choose
    # between walking them and the trigram index.
    with django_assert_max_num_queries(4):
        get_json(client, "/api/v1/articles/?page_size=100&q=tin")
    with django_assert_max_num_queries(2):
        get_json(client, f"/api/v1/articles/{article.slug}/")
    with django_assert_max_num_queries(2):
        get_json(client, "/api/v1/categories/")
