"""The sitemap index and its news sections: one per month, read by index, unit by unit."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.utils import timezone

from anphu_portal.models import Unit, UnitHost
from news.listing import Month
from news.sitemaps import ArticleMonthSitemap
from tests.factories import (
    ORGANIZATION_LAYOUT_QUERIES,
    bulk_articles,
    make_article,
    make_category,
)
from tests.sitemap_pages import NS, section_entries, section_urls

pytestmark = pytest.mark.django_db

SECOND_HOST = "xa-mau.localhost"


@pytest.fixture
def category():
    return make_category("Cải cách hành chính")


def months_back(count: int) -> list[Month]:
    """Return this month and the `count` - 1 before it, newest first."""
    months = [Month.current()]
    while len(months) < count:
        months.append(Month.of(months[-1].start() - timedelta(days=1)))
    return months


def fill(category, count: int, *, since: timedelta):
    """Insert `count` published articles, evenly from now back to `since` ago."""
    newest = timezone.now() - timedelta(minutes=1)
    bulk_articles(category, count, newest=newest, step=since / max(count - 1, 1))


def locations(client, section: str, host: str = "testserver") -> list[str]:
    url = f"http://{host}/sitemap-{section}.xml"
    return [entry.findtext("s:loc", namespaces=NS) for entry in section_entries(client, url, host)]


def test_index_names_each_section_and_one_per_month_since_the_oldest_article(client, category):
    make_article("Tin cũ", category=category, publish_at=timezone.now() - timedelta(days=70))
    make_article("Tin mới", category=category)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    assert not root.findall("./s:url", NS)  # the index lists sections, never pages
    urls = section_urls(client)
    for section in ["portal", "news-categories", "news-months", "hotline", "procedures"]:
        assert f"http://testserver/sitemap-{section}.xml" in urls
    oldest = Month.of(timezone.now() - timedelta(days=70))
    months = [month for month in months_back(4) if month >= oldest]
    month_urls = [url for url in urls if url.startswith("http://testserver/sitemap-news-2")]
    assert month_urls == [f"http://testserver/sitemap-news-{month}.xml" for month in months]


def test_robots_txt_points_to_the_index(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert client.get("/sitemap.xml").content.startswith(b"<?xml")


def test_a_month_section_lists_that_months_published_articles_with_lastmod(client, category):
    this_month, last_month = months_back(2)
    current = make_article("Tin tháng này", category=category)
    earlier = make_article("Tin tháng trước", category=category, publish_at=last_month.start())
    draft = make_article("Bản nháp", category=category, status="draft")
    scheduled = make_article(
        "Tin hẹn giờ", category=category, publish_at=timezone.now() + timedelta(days=1)
    )
    entries = section_entries(client, f"http://testserver/sitemap-news-{this_month}.xml")
    assert [entry.findtext("s:loc", namespaces=NS) for entry in entries] == [
        f"http://testserver{current.get_absolute_url()}"
    ]
    # The day of the edit in Viet Nam (from 00:00 to 07:00 there, UTC is still on the day before).
    edited_on = timezone.localdate(current.updated_at).isoformat()
    assert entries[0].findtext("s:lastmod", namespaces=NS) == edited_on
    assert locations(client, f"news-{last_month}") == [
        f"http://testserver{earlier.get_absolute_url()}"
    ]
    listed = locations(client, f"news-{this_month}") + locations(client, f"news-{last_month}")
    assert not any(article.slug in url for url in listed for article in (draft, scheduled))


def test_a_month_section_lists_the_newest_first(client, category):
    older = make_article(
        "Tin sáng", category=category, publish_at=timezone.now() - timedelta(minutes=30)
    )
    newer = make_article(
        "Tin chiều", category=category, publish_at=timezone.now() - timedelta(minutes=5)
    )
    month = Month.current()
    if Month.of(older.publish_at) != month:  # the first half hour of a month
        older.publish_at = newer.publish_at - timedelta(seconds=1)
        older.save()
    assert locations(client, f"news-{month}") == [
        f"http://testserver{newer.get_absolute_url()}",
        f"http://testserver{older.get_absolute_url()}",
    ]


def test_a_month_section_lists_no_more_than_its_limit(client, category, monkeypatch):
    monkeypatch.setattr(ArticleMonthSitemap, "limit", 5)
    fill(category, 8, since=timedelta(minutes=30))
    listed = locations(client, f"news-{Month.current()}")
    assert len(listed) == 5
    assert listed[0].endswith("/tin-cu-so-0/")


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-news-2025-13.xml",
        "/sitemap-news-1800-01.xml",
        "/sitemap-news-abcd-ef.xml",
        "/sitemap-news-2025-5.xml",
        "/sitemap-khong-co.xml",
        "/sitemap-news-{before}.xml",
        "/sitemap-news-{after}.xml",
        "/sitemap-news-{month}.xml?p=2",
        "/sitemap-news-{month}.xml?p=abc",
        "/sitemap-news-categories.xml?p=2",
        "/sitemap-news-categories.xml?p=0",
    ],
)
def test_a_bad_section_or_page_is_not_found(client, category, path):
    make_article(category=category)
    month = Month.current()
    before = Month.of(month.start() - timedelta(days=1))
    path = path.format(month=month, before=before, after=month.next())
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


@pytest.fixture
def second_unit(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    unit = Unit.objects.create(
        unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau", portal_title="Cổng xã Mẫu"
    )
    UnitHost.objects.create(unit=unit, host=SECOND_HOST)
    return unit


def test_each_unit_has_its_own_index_and_months_on_its_own_host(client, second_unit):
    first = make_article(
        "Tin An Phú",
        category=make_category("Tin tức - Sự kiện", unit=Unit.load()),
        publish_at=timezone.now() - timedelta(days=70),
    )
    second = make_article(
        "Tin xã Mẫu", category=make_category("Tin tức - Sự kiện", unit=second_unit)
    )
    month = Month.current()
    first_urls = section_urls(client)
    second_urls = section_urls(client, SECOND_HOST)
    assert all(url.startswith("http://testserver/") for url in first_urls)
    assert all(url.startswith(f"http://{SECOND_HOST}/") for url in second_urls)
    # The second unit's news starts this month: no section for the first unit's older months.
    second_months = [url for url in second_urls if "/sitemap-news-2" in url]
    assert second_months == [f"http://{SECOND_HOST}/sitemap-news-{month}.xml"]
    assert len([url for url in first_urls if "/sitemap-news-2" in url]) >= 3
    listed = locations(client, f"news-{month}", SECOND_HOST)
    assert listed == [f"http://{SECOND_HOST}{second.get_absolute_url()}"]
    first_month = Month.of(first.publish_at)
    assert client.get(f"/sitemap-news-{first_month}.xml", HTTP_HOST=SECOND_HOST).status_code == 404
    assert locations(client, f"news-{first_month}") == [
        f"http://testserver{first.get_absolute_url()}"
    ]


# What finds the sections named per request: the unit, the oldest month of news (one index
# probe), the newest and oldest year of documents (two); then for the index the
# categories' count, the archive's probe again and the three paginated sections' counts
# (procedures, pages, questions); for a section its one query; plus the organization
# reads every response makes on a cold cache.
PER_REQUEST_SECTIONS = 4
INDEX_QUERIES = PER_REQUEST_SECTIONS + 5 + ORGANIZATION_LAYOUT_QUERIES
SECTION_QUERIES = PER_REQUEST_SECTIONS + 1 + ORGANIZATION_LAYOUT_QUERIES


@pytest.mark.parametrize("count", [3, 300])
def test_sitemap_query_budgets_do_not_grow_with_the_articles(
    client, category, django_assert_max_num_queries, count
):
    fill(category, count, since=timedelta(days=70))
    Unit.load()
    pages = [
        ("/sitemap.xml", INDEX_QUERIES),
        (f"/sitemap-news-{Month.current()}.xml", SECTION_QUERIES),
        (f"/sitemap-news-{months_back(3)[-1]}.xml", SECTION_QUERIES),
        ("/sitemap-news-months.xml", SECTION_QUERIES),
    ]
    for path, budget in pages:
        cache.clear()
        with django_assert_max_num_queries(budget):
            response = client.get(path)
        assert response.status_code == 200
        assert response.content.count(b"<loc>") >= 1
