"""Pagination of every list: counted up to a cap, paged up to it, a clear 400 past it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import get_json
from tests.factories import make_article, make_category, make_contact, make_contact_group

pytestmark = pytest.mark.django_db

CAP = 5


@pytest.fixture
def capped(settings):
    settings.API_MAX_ROWS = CAP
    settings.API_CACHE_SECONDS = 0


def make_articles(count: int) -> list[str]:
    """Create articles a day apart, two at each moment; return their titles newest first."""
    now = timezone.now()
    for i in range(count):
        make_article(f"Tin {i:02}", publish_at=now - timedelta(days=1 + i // 2))
    # Newest first; of two at one moment, the one created last (the higher id) first.
    return [f"Tin {i:02}" for i in sorted(range(count), key=lambda i: (i // 2, -i))]


def titles(data) -> list[str]:
    return [row["title"] for row in data["results"]]


def test_below_the_cap_the_count_is_exact(client, capped):
    make_articles(CAP)
    data = get_json(client, "/api/v1/articles/")
    assert data["count"] == CAP and data["count_is_capped"] is False
    get_json(client, "/api/v1/articles/?page=2", status=404)


def test_above_the_cap_the_count_is_the_cap_and_says_so(client, capped):
    make_articles(CAP + 3)
    data = get_json(client, "/api/v1/articles/?page_size=2")
    assert data["count"] == CAP and data["count_is_capped"] is True


def test_pages_up_to_the_cap_keep_the_order_without_gaps(client, capped):
    newest_first = make_articles(CAP + 3)
    seen, url = [], "/api/v1/articles/?page_size=2"
    while url:
        data = get_json(client, url)
        seen += titles(data)
        url = data["next"]
    assert seen == newest_first[:CAP]


def test_a_page_past_the_cap_is_a_400_pointing_to_the_filters(client, capped):
    make_articles(CAP + 3)
    body = get_json(client, "/api/v1/articles/?page_size=2&page=4", status=400)
    assert "thu hẹp danh sách bằng bộ lọc" in body["detail"]
    assert "narrow the list with its filters" in body["detail"]
    assert body["max_rows"] == CAP
    assert {"published_after", "published_before", "category"} <= set(body["filters"])


def test_a_filter_narrows_a_capped_list_to_pages_that_exist(client, capped):
    newest_first = make_articles(CAP + 3)
    oldest_day = (timezone.localtime() - timedelta(days=1 + (CAP + 2) // 2)).date()
    url = f"/api/v1/articles/?published_before={oldest_day.isoformat()}&page_size=2"
    data = get_json(client, url)
    assert data["count"] == 2 and data["count_is_capped"] is False
    assert titles(data) == newest_first[-2:]


def test_a_page_past_the_end_of_an_uncapped_list_stays_a_404(client, capped):
    make_articles(3)
    body = get_json(client, "/api/v1/articles/?page_size=2&page=4", status=404)
    assert "Không có trang này" in body["detail"]


def test_every_list_is_capped_the_same_way(client, capped):
    group = make_contact_group()
    for i in range(CAP + 1):
        make_contact(group, name=f"Người {i}")
    data = get_json(client, "/api/v1/contacts/?page_size=2")
    assert data["count"] == CAP and data["count_is_capped"] is True
    assert "filters" in get_json(client, "/api/v1/contacts/?page_size=2&page=4", status=400)


@pytest.mark.parametrize("page", [1, 2, 3])
def test_a_deep_page_keeps_the_query_budget(client, capped, page, django_assert_max_num_queries):
    make_articles(CAP + 3)
    with django_assert_max_num_queries(3):  # count, page, extra categories
        get_json(client, f"/api/v1/articles/?page_size=2&page={page}")


def test_the_schema_describes_the_capped_count(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    page = schema["components"]["schemas"]["PaginatedArticleList"]
    assert page["properties"]["count_is_capped"]["type"] == "boolean"
    assert "count_is_capped" in page["required"]
    assert "10000" in page["properties"]["count"]["description"]
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    page_parameter = next(p for p in parameters if p["name"] == "page")
    assert "thu hẹp bằng bộ lọc" in page_parameter["description"]


@pytest.mark.parametrize("extra", [0, 4])
def test_a_category_is_counted_with_its_extra_articles(client, capped, extra):
    economy, other = make_category("Kinh tế"), make_category("Xã hội")
    for i in range(2):
        make_article(f"Kinh tế {i}", category=economy)
    for i in range(extra):
        make_article(f"Xã hội {i}", category=other).extra_categories.add(economy)
    make_article("Chỉ xã hội", category=other)
    data = get_json(client, "/api/v1/articles/?category=kinh-te")
    assert data["count"] == len(data["results"]) == min(2 + extra, CAP)
    assert data["count_is_capped"] is (2 + extra > CAP)
    filtered = get_json(client, "/api/v1/articles/?category=kinh-te&featured=false")
    assert filtered["count"] == data["count"]  # the same through the usual count
    assert get_json(client, "/api/v1/articles/?category=khong-co")["count"] == 0


def test_a_category_list_keeps_the_query_budget(client, capped, django_assert_max_num_queries):
    make_articles(CAP + 3)
    with django_assert_max_num_queries(4):  # category, count, page, extra categories
        data = get_json(client, "/api/v1/articles/?category=tin-tuc-su-kien&page_size=2&page=2")
    assert data["count"] == CAP and data["count_is_capped"] is True


def test_a_category_pages_through_its_main_and_extra_articles_in_order(client, capped):
    economy, other = make_category("Kinh tế"), make_category("Xã hội")
    now = timezone.now()
    for i in range(CAP):
        article = make_article(
            f"Tin {i}", category=economy if i % 2 else other, publish_at=now - timedelta(days=i)
        )
        if not i % 2:
            article.extra_categories.add(economy)
    make_article("Chỉ xã hội", category=other)
    seen, url = [], "/api/v1/articles/?category=kinh-te&page_size=2"
    while url:
        data = get_json(client, url)
        seen += titles(data)
        url = data["next"]
    assert seen == [f"Tin {i}" for i in range(CAP)]


def test_a_search_is_counted_and_paged_as_the_site_search(client, settings):
    settings.API_CACHE_SECONDS = 0
    settings.SEARCH_MAX_COUNTED = 3
    now = timezone.now()
    for i in range(5):
        make_article(f"Đăng ký khai sinh đợt {i}", publish_at=now - timedelta(days=1 + i))
    make_article("Nạo vét kênh nội đồng", publish_at=now - timedelta(hours=1))
    # Most of the newest rows match: the list walks them in order instead of collecting
    # every match; without diacritics as with them.
    data = get_json(client, "/api/v1/articles/?q=khai+sinh&page_size=2")
    assert data["count"] == 3 and data["count_is_capped"] is True
    assert titles(data) == ["Đăng ký khai sinh đợt 0", "Đăng ký khai sinh đợt 1"]
    assert titles(get_json(client, "/api/v1/articles/?q=khai+sinh&page_size=2&page=2")) == [
        "Đăng ký khai sinh đợt 2"
    ]
    past = get_json(client, "/api/v1/articles/?q=khai+sinh&page_size=2&page=3", status=400)
    assert past["max_rows"] == 3
    # A rare word is looked up through the index; the answer is the same kind of list.
    data = get_json(client, "/api/v1/articles/?q=nao+vet")
    assert data["count"] == 1 and titles(data) == ["Nạo vét kênh nội đồng"]
