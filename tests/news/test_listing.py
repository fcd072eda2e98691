"""Capped listing pages, the month archive they lead to, and their query budgets."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from anphu_portal.models import Unit
from news.listing import ARTICLES_PER_PAGE, MAX_PAGES, MONTH_LOOKUP_PAGES, Month
from tests.factories import ORGANIZATION_LAYOUT_QUERIES, bulk_articles, make_article, make_category

pytestmark = pytest.mark.django_db

# What the layout reads on a cold cache: the unit, the menu's categories, the hotline box,
# the visitor figures, and the organization app's menu pages, banners and links.
LAYOUT_QUERIES = 4 + ORGANIZATION_LAYOUT_QUERIES


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def category():
    return make_category("Cải cách hành chính")


def fill(category, count: int, *, newest, step=timedelta(hours=1)):
    """Insert `count` published articles, one every `step` back from `newest`."""
    bulk_articles(category, count, newest=newest, step=step)


def test_listing_counts_no_further_than_the_cap_and_points_on_to_the_months(client, category):
    newest = local(2026, 1, 10)
    fill(category, MAX_PAGES * ARTICLES_PER_PAGE + 30, newest=newest)
    last = client.get(f"/tin-tuc/?page={MAX_PAGES}")
    assert last.status_code == 200
    page = last.content.decode()
    first_on_page = (MAX_PAGES - 1) * ARTICLES_PER_PAGE
    assert f">Tin cũ số {first_on_page}<" in page
    assert f'href="?page={MAX_PAGES}"' not in page and f"page={MAX_PAGES + 1}" not in page
    older = Month.of(newest - (MAX_PAGES * ARTICLES_PER_PAGE - 1) * timedelta(hours=1))
    assert f'href="/tin-tuc/thang/{older}/">tin tháng {older.label}</a>' in page
    assert f"Danh sách chỉ có {MAX_PAGES:,} trang".replace(",", ".") in page
    # The first page's links end at the cap, the last page the listing shows.
    first = client.get("/tin-tuc/").content.decode()
    assert f'href="?page={MAX_PAGES}">{MAX_PAGES}</a>' in first
    assert "Danh sách chỉ có" not in first


def test_page_past_the_cap_moves_for_good_to_the_month_of_its_first_article(client, category):
    newest = local(2026, 1, 10)
    fill(category, MAX_PAGES * ARTICLES_PER_PAGE + 30, newest=newest)
    response = client.get(f"/tin-tuc/?page={MAX_PAGES + 1}")
    month = Month.of(newest - MAX_PAGES * ARTICLES_PER_PAGE * timedelta(hours=1))
    assert response.status_code == 301
    assert response["Location"] == f"/tin-tuc/thang/{month}/"
    category_response = client.get(f"/tin-tuc/cai-cach-hanh-chinh/?page={MAX_PAGES + 1}")
    assert category_response.status_code == 301
    assert category_response["Location"] == f"/tin-tuc/cai-cach-hanh-chinh/thang/{month}/"


def test_page_far_past_the_articles_moves_to_the_oldest_month(client, category):
    make_article("Tin mới", category=category, publish_at=local(2025, 8, 2))
    make_article("Tin cũ nhất", category=category, publish_at=local(2024, 2, 29))
    for page in (MAX_PAGES + 1, MONTH_LOOKUP_PAGES + 1, 10**11):
        response = client.get(f"/tin-tuc/?page={page}")
        assert response.status_code == 301
        assert response["Location"] == "/tin-tuc/thang/2024-02/"


def test_page_past_the_cap_without_articles_is_404(client, category):
    response = client.get(f"/tin-tuc/?page={MAX_PAGES + 1}")
    assert response.status_code == 404


def test_month_archive_lists_that_months_articles_and_the_nearest_other_months(client, category):
    make_article("Tin tháng tám", category=category, publish_at=local(2025, 8, 31, 23))
    make_article("Tin đầu tháng chín", category=category, publish_at=local(2025, 9, 1, 0))
    make_article("Tin cuối tháng chín", category=category, publish_at=local(2025, 9, 30, 23))
    make_article("Tin tháng mười hai", category=category, publish_at=local(2025, 12, 5))
    make_article("Bản nháp tháng chín", category=category, status="draft")
    response = client.get("/tin-tuc/thang/2025-09/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tin tháng 9/2025</h1>" in page and "<title>Tin tức – tháng 9/2025" in page
    assert page.index("Tin cuối tháng chín") < page.index("Tin đầu tháng chín")
    assert "Tin tháng tám" not in page and "Tin tháng mười hai" not in page
    assert "Bản nháp" not in page
    assert 'href="/tin-tuc/thang/2025-08/" rel="prev">‹ Tin tháng 8/2025</a>' in page
    # October and November have nothing: the next link skips them.
    assert 'href="/tin-tuc/thang/2025-12/" rel="next">Tin tháng 12/2025 ›</a>' in page


def test_category_month_archive_lists_its_own_and_extra_articles_only(client, category):
    other = make_category("Kinh tế")
    make_article("Tin cải cách", category=category, publish_at=local(2025, 9, 3))
    shared = make_article("Tin kinh tế có cải cách", category=other, publish_at=local(2025, 9, 4))
    shared.extra_categories.add(category)
    make_article("Tin kinh tế", category=other, publish_at=local(2025, 9, 5))
    page = client.get("/tin-tuc/cai-cach-hanh-chinh/thang/2025-09/").content.decode()
    assert "<h1>Cải cách hành chính: tin tháng 9/2025</h1>" in page
    assert "Tin cải cách" in page and "Tin kinh tế có cải cách" in page
    assert "Tin kinh tế<" not in page
    assert 'href="/tin-tuc/cai-cach-hanh-chinh/">Cải cách hành chính</a>' in page


def test_month_archive_pages_through_a_busy_month(client, category):
    fill(category, ARTICLES_PER_PAGE + 3, newest=local(2025, 5, 20), step=timedelta(minutes=5))
    second = client.get("/tin-tuc/thang/2025-05/?page=2").content.decode()
    assert ">Tin cũ số 12<" in second and ">Tin cũ số 11<" not in second
    assert client.get("/tin-tuc/thang/2025-05/?page=3").status_code == 404


def test_month_with_more_articles_than_the_cap_shows_the_cap_without_pointing_to_itself(
    client, category
):
    count = MAX_PAGES * ARTICLES_PER_PAGE + 5
    fill(category, count, newest=local(2025, 5, 20), step=timedelta(seconds=30))
    last = client.get(f"/tin-tuc/thang/2025-05/?page={MAX_PAGES}").content.decode()
    assert f">Tin cũ số {(MAX_PAGES - 1) * ARTICLES_PER_PAGE}<" in last
    assert "Danh sách chỉ có" not in last and 'rel="next"' not in last
    assert client.get(f"/tin-tuc/thang/2025-05/?page={MAX_PAGES + 1}").status_code == 404


def test_empty_month_says_so(client, category):
    make_article("Tin tháng năm", category=category, publish_at=local(2025, 5, 2))
    response = client.get("/tin-tuc/thang/2025-07/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không có tin bài nào trong tháng 7/2025." in page
    assert 'href="/tin-tuc/thang/2025-05/" rel="prev"' in page and 'rel="next"' not in page


def test_future_month_is_404(client, category):
    coming = Month.current().next()
    assert client.get(f"/tin-tuc/thang/{coming}/").status_code == 404
    assert client.get(f"/tin-tuc/thang/{Month.current()}/").status_code == 200


@pytest.mark.parametrize("month", ["2025-13", "2025-00", "0000-01", "1899-12", "9999-99"])
def test_bad_month_is_404_in_vietnamese(client, category, month):
    response = client.get(f"/tin-tuc/thang/{month}/")
    assert response.status_code == 404
    assert "Không tìm thấy trang (lỗi 404)" in response.content.decode()
    assert client.get(f"/tin-tuc/cai-cach-hanh-chinh/thang/{month}/").status_code == 404


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=1.5", "?page=%EF%BC%91"])
def test_bad_page_of_a_month_is_404(client, category, query):
    make_article(category=category, publish_at=local(2025, 5, 2))
    assert client.get(f"/tin-tuc/thang/2025-05/{query}").status_code == 404


def test_sitemap_lists_the_months_from_the_oldest_article(client, category):
    make_article("Tin cũ", category=category, publish_at=timezone.now() - timedelta(days=70))
    page = client.get("/sitemap-news-months.xml").content.decode()
    months = [Month.current()]
    while len(months) < 3:
        months.append(Month.of(months[-1].start() - timedelta(days=1)))
    for month in months:
        assert f"http://testserver/tin-tuc/thang/{month}/" in page


@pytest.mark.parametrize("count", [3, 300])
def test_listing_and_month_query_budgets_do_not_grow_with_the_articles(
    client, django_assert_max_num_queries, count
):
    categories = [make_category(f"Chuyên mục {n}") for n in range(3)]
    now = timezone.now()
    for n in range(count):
        make_article(f"Tin {n}", category=categories[n % 3], publish_at=now - timedelta(hours=n))
    Unit.load()
    month = Month.current()
    # One query per listing page (its rows, picked by id, with the capped count); a month
    # adds its two neighbour probes; a page past the cap is one index probe.
    page = 2 if count > 3 * ARTICLES_PER_PAGE else 1
    pages = [
        (f"/tin-tuc/?page={page}", 1),
        (f"/tin-tuc/{categories[0].slug}/?page={page}", 1),
        (f"/tin-tuc/thang/{month}/", 3),
        (f"/tin-tuc/{categories[0].slug}/thang/{month}/", 3),
    ]
    for url, budget in pages:
        cache.clear()
        with django_assert_max_num_queries(budget + LAYOUT_QUERIES):
            assert client.get(url).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(1 + LAYOUT_QUERIES):
        assert client.get(f"/tin-tuc/?page={MAX_PAGES + 1}").status_code == 301
