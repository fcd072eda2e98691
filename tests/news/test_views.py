"""Public news pages: home, listings, the article, preview, feeds, sitemap, bad input."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anphu_portal.models import Unit
from anphu_portal.roles import EDITOR
from news.models import Article
from tests.factories import (
    ORGANIZATION_LAYOUT_QUERIES,
    login_staff,
    make_article,
    make_category,
    make_staff_user,
)
from tests.sitemap_pages import sitemap_locations

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return make_category("Cải cách hành chính", description="Tin về cải cách hành chính.")


def test_home_shows_featured_latest_and_category_blocks(client, category):
    hidden = make_category("Kinh tế", show_on_home=False)
    now = timezone.now()
    make_article(
        "Tin nổi bật của huyện",
        category=category,
        featured=True,
        with_cover=True,
        publish_at=now - timedelta(days=30),
    )
    # More newer articles than the home page lists: only "featured" can bring it back.
    for number in range(12):
        make_article(f"Tin thường số {number}", category=hidden, publish_at=now - timedelta(days=1))
    make_article("Tin thường mới nhất", category=category, publish_at=now)
    make_article("Tin kinh tế", category=hidden)
    make_article("Tin cải cách tháng trước", category=category, publish_at=now - timedelta(days=40))
    page = client.get("/").content.decode()
    featured = re.search(r'<section class="home-featured".*?</section>', page, re.S).group(0)
    latest = re.search(r'<section class="home-latest".*?</section>', page, re.S).group(0)
    assert "Tin nổi bật của huyện" in featured and "Tin thường mới nhất" not in featured
    assert "Tin thường mới nhất" in latest
    assert 'id="chuyen-muc-cai-cach-hanh-chinh"' in page
    assert 'id="chuyen-muc-kinh-te"' not in page
    assert page.count("<h1") == 1


# The home page's queries before the featured and latest articles were kept out of the
# category blocks: leaving them out costs none.
HOME_QUERY_BUDGET = 9 + ORGANIZATION_LAYOUT_QUERIES


def test_home_shows_each_article_once_and_back_fills_the_category_blocks(
    client, category, django_assert_max_num_queries
):
    now = timezone.now()
    titles = [f"Tin cải cách số {number:02}" for number in range(20)]
    for age, title in enumerate(titles):
        make_article(
            title, category=category, featured=age < 2, publish_at=now - timedelta(hours=age)
        )
    cache.clear()
    with django_assert_max_num_queries(HOME_QUERY_BUDGET):
        page = client.get("/").content.decode()
    block = re.search(r'<section class="home-category".*?</section>', page, re.S).group(0)
    counts = {title: page.count(f">{title}<") for title in titles}
    assert all(count <= 1 for count in counts.values()), counts
    # Two featured and eight latest take the ten newest: the block goes on with the next five.
    assert [title for title in titles if f">{title}<" in block] == titles[10:15]


def test_listing_shows_cards_newest_first_with_twelve_per_page(client, category):
    now = timezone.now()
    for number in range(14):
        make_article(
            f"Tin số {number:02d}", category=category, publish_at=now - timedelta(hours=number + 1)
        )
    page = client.get("/tin-tuc/").content.decode()
    assert page.index("Tin số 00") < page.index("Tin số 01")
    assert "Tin số 12" not in page and 'href="?page=2"' in page
    second = client.get("/tin-tuc/?page=2").content.decode()
    assert "Tin số 12" in second and "Tin số 13" in second


def test_category_listing_shows_only_its_articles_and_extra_ones(client, category):
    other = make_category("Kinh tế")
    make_article("Tin cải cách", category=category)
    make_article("Tin kinh tế", category=other)
    shared = make_article("Tin chung", category=other)
    shared.extra_categories.add(category)
    page = client.get("/tin-tuc/cai-cach-hanh-chinh/").content.decode()
    assert "Tin cải cách" in page and "Tin chung" in page and "Tin kinh tế" not in page
    assert "<h1>Cải cách hành chính</h1>" in page


def test_listing_images_are_renditions_not_originals(client, category):
    article = make_article(category=category, with_cover=True)
    page = client.get("/tin-tuc/").content.decode()
    assert article.cover.url not in page
    assert 'type="image/webp"' in page and "400w" in page and "1200w" in page
    assert re.search(r'<img src="[^"]+\.jpg" alt="[^"]+" width="800" height="450"', page)
    assert "sizes=" in page


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=0", "?page=2", "?page=-1", "?page=1.5", f"?page={10**30}"]
)
def test_bad_page_numbers_are_404(client, category, query):
    make_article(category=category)
    assert client.get(f"/tin-tuc/{query}").status_code == 404
    assert client.get(f"/tin-tuc/cai-cach-hanh-chinh/{query}").status_code == 404


def test_unknown_category_is_404(client):
    assert client.get("/tin-tuc/khong-ton-tai/").status_code == 404


def test_article_page_shows_everything_a_reader_expects(client, category):
    article = make_article(
        "Khánh thành cầu Vĩnh Trường",
        category=category,
        summary="Cây cầu mới nối hai ấp.",
        body='<h2>Quy mô</h2><figure class="image"><img src="/media/x.jpg" alt="Cầu">'
        "<figcaption>Cầu mới</figcaption></figure>",
        author="Huỳnh Như",
        source="Báo An Giang",
        with_cover=True,
        cover_caption="Toàn cảnh cầu",
        publish_at=timezone.make_aware(timezone.datetime(2021, 10, 27, 19, 11)),
    )
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "X-Article-Id" not in response  # read by the visitor counter, never sent out
    assert page.count("<h1") == 1 and "<h1>Khánh thành cầu Vĩnh Trường</h1>" in page
    assert "27/10/2021 - 19:11" in page
    assert '<p class="news-article__summary">Cây cầu mới nối hai ấp.</p>' in page
    assert "<figcaption>Cầu mới</figcaption>" in page and "Toàn cảnh cầu" in page
    assert "Huỳnh Như" in page and "Nguồn: Báo An Giang" in page
    assert 'aria-label="Đường dẫn"' in page and "In bài viết" in page
    assert "facebook.com/sharer" in page and "Zalo" in page and "Sao chép liên kết" in page
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in page
    assert 'property="og:image"' in page and 'name="twitter:card"' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert data["@type"] == "NewsArticle" and data["headline"] == article.title


def test_article_page_lists_up_to_five_others_of_its_category(client, category):
    others = [make_article(f"Tin khác {n}", category=category) for n in range(7)]
    article = make_article("Tin chính", category=category)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Xem thêm" in page
    assert sum(o.title in page for o in others) == 5


def test_article_view_count_grows_by_one_per_citizen_view_even_from_the_page_cache(
    client, category
):
    article = make_article(category=category)
    Unit.load()
    android, iphone = "Mozilla/5.0 (Android 14) Chrome/130", "Mozilla/5.0 (iPhone) Safari/605"
    assert client.get(article.get_absolute_url(), HTTP_USER_AGENT=android).status_code == 200
    with CaptureQueriesContext(connection) as second_view:
        response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=iphone)
    assert response.status_code == 200
    # From the page cache: the article is never read, only its counter written.
    reads = [q["sql"] for q in second_view if q["sql"].lstrip().upper().startswith("SELECT")]
    assert not any("news_article" in sql for sql in reads)
    article.refresh_from_db()
    assert article.view_count == 2


def test_article_views_of_staff_and_bots_are_not_counted(client, category):
    article = make_article(category=category)
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")
    login_staff(client, make_staff_user(EDITOR))
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Chrome/130")
    article.refresh_from_db()
    assert article.view_count == 0


@pytest.mark.parametrize("status", ["draft", "pending"])
def test_unpublished_article_is_404_for_the_public(client, category, status):
    article = make_article(category=category, status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_future_article_is_404_for_the_public(client, category):
    article = make_article(category=category, publish_at=timezone.now() + timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/tin-tuc/").content.decode()


def test_staff_preview_draft_with_banner_and_no_cache(client, category):
    article = make_article("Bản thảo bí mật", category=category, status="draft")
    editor = make_staff_user(EDITOR)
    login_staff(client, editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Bản nháp – chưa xuất bản" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "X-Article-Id" not in response


def test_staff_without_news_rights_cannot_preview(client, category):
    article = make_article(category=category, status="draft")
    other = make_staff_user(None)
    login_staff(client, other)
    assert client.get(article.get_absolute_url()).status_code == 404


def page_from_the_cache(client, url, assert_num_queries) -> str:
    """Return a page after proving that asking again is answered by the page cache."""
    Unit.load()  # creating it mid-request would end the page's cache entry
    page = client.get(url).content.decode()
    with assert_num_queries(0):
        assert client.get(url).content.decode() == page
    return page


def test_anonymous_page_is_cached_but_edits_show_at_once(
    client, category, django_assert_num_queries
):
    article = make_article("Tiêu đề cũ", category=category)
    assert "Tiêu đề cũ" in page_from_the_cache(client, "/tin-tuc/", django_assert_num_queries)
    article.title = "Tiêu đề mới"
    article.save()
    assert "Tiêu đề mới" in client.get("/tin-tuc/").content.decode()


def test_deleting_an_article_takes_it_off_the_cached_pages(
    client, category, django_assert_num_queries
):
    article = make_article("Tin sẽ bị xóa", category=category)
    url = article.get_absolute_url()
    assert "Tin sẽ bị xóa" in page_from_the_cache(client, "/tin-tuc/", django_assert_num_queries)
    assert "Tin sẽ bị xóa" in page_from_the_cache(client, url, django_assert_num_queries)
    article.delete()
    assert "Tin sẽ bị xóa" not in client.get("/tin-tuc/").content.decode()
    assert client.get(url).status_code == 404


def test_renaming_a_category_shows_at_once_on_cached_pages(
    client, category, django_assert_num_queries
):
    make_article("Tin cải cách", category=category)
    url = category.get_absolute_url()
    assert "<h1>Cải cách hành chính</h1>" in page_from_the_cache(
        client, url, django_assert_num_queries
    )
    category.name = "Cải cách thủ tục hành chính"
    category.save()
    page = client.get(url).content.decode()
    assert "<h1>Cải cách thủ tục hành chính</h1>" in page
    assert 'href="/tin-tuc/cai-cach-hanh-chinh/">Cải cách thủ tục hành chính</a>' in page


def test_deleting_a_category_takes_it_off_the_cached_menu(
    client, category, django_assert_num_queries
):
    menu_link = 'href="/tin-tuc/cai-cach-hanh-chinh/">Cải cách hành chính</a>'
    assert menu_link in page_from_the_cache(client, "/", django_assert_num_queries)
    category.delete()
    assert menu_link not in client.get("/").content.decode()
    assert client.get("/tin-tuc/cai-cach-hanh-chinh/").status_code == 404


def test_changing_extra_categories_shows_at_once_on_cached_listings(
    client, category, django_assert_num_queries
):
    shared = make_article("Tin chung hai chuyên mục", category=make_category("Kinh tế"))
    url = category.get_absolute_url()
    assert "Tin chung hai chuyên mục" not in page_from_the_cache(
        client, url, django_assert_num_queries
    )
    shared.extra_categories.add(category)
    assert "Tin chung hai chuyên mục" in page_from_the_cache(client, url, django_assert_num_queries)
    shared.extra_categories.remove(category)
    assert "Tin chung hai chuyên mục" not in client.get(url).content.decode()


def test_wrong_category_in_the_url_redirects_to_the_right_one(client, category):
    article = make_article(category=category)
    other = make_category("Kinh tế")
    response = client.get(f"/tin-tuc/{other.slug}/{article.slug}/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_feeds_are_rss_with_title_link_date_lead_and_image(client, category):
    article = make_article("Tin có ảnh", category=category, with_cover=True, summary="Lời dẫn.")
    make_article("Tin nháp", category=category, status="draft")
    for url in ["/tin-tuc/rss/", "/tin-tuc/cai-cach-hanh-chinh/rss/"]:
        response = client.get(url)
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        assert root.tag == "rss" and root.get("version") == "2.0"
        items = root.findall("./channel/item")
        assert [i.findtext("title") for i in items] == ["Tin có ảnh"]
        item = items[0]
        assert item.findtext("link").endswith(article.get_absolute_url())
        assert item.findtext("pubDate") and item.findtext("description") == "Lời dẫn."
        assert item.find("enclosure").get("type") == "image/jpeg"
    assert client.get("/tin-tuc/khong-co/rss/").status_code == 404


def test_sitemap_lists_categories_and_published_articles(client, category):
    article = make_article(category=category)
    draft = make_article("Nháp", category=category, status="draft")
    locations = sitemap_locations(client)
    assert f"http://testserver{article.get_absolute_url()}" in locations
    assert f"http://testserver{category.get_absolute_url()}" in locations
    assert not any(draft.slug in loc for loc in locations)


def make_many(count: int):
    # Six categories on the home page: one query per category would break the budget.
    categories = [make_category(f"Chuyên mục {n}") for n in range(6)]
    for number in range(count):
        make_article(
            f"Tin {number}",
            category=categories[number % len(categories)],
            featured=number % 10 == 0,
            with_cover=number < 3,
        )
    return categories


@pytest.mark.parametrize("count", [3, 300])
def test_query_budgets_hold_with_few_or_many_articles(client, django_assert_max_num_queries, count):
    categories = make_many(count)
    Unit.load()
    article = Article.objects.published().filter(category=categories[0]).first()
    # The budgets of the issue, measured with an empty cache: the page's own queries plus
    # the layout's (site identity, menu, hotline boxes, visitor statistics, and the
    # organization app's menu pages, banners and links).
    pages = [
        ("/", 8),
        ("/tin-tuc/", 6),
        (f"/tin-tuc/{categories[0].slug}/?page=2" if count > 12 else "/tin-tuc/?page=1", 6),
        (article.get_absolute_url(), 6),
    ]
    for url, budget in pages:
        cache.clear()
        with django_assert_max_num_queries(budget + ORGANIZATION_LAYOUT_QUERIES):
            assert client.get(url).status_code == 200


def test_menu_lists_the_categories_with_one_query_then_none(client, django_assert_num_queries):
    from news.templatetags.news_tags import menu_categories

    make_category("Kinh tế", position=2)
    make_category("Cải cách hành chính", position=1)
    with django_assert_num_queries(1):
        assert [c.name for c in menu_categories()] == ["Cải cách hành chính", "Kinh tế"]
    with django_assert_num_queries(0):
        menu_categories()
    page = client.get("/").content.decode()
    assert 'href="/tin-tuc/cai-cach-hanh-chinh/">Cải cách hành chính</a>' in page


def test_an_article_answers_head_like_get(client):
    """HEAD is the view's own method: nothing else of the view may take its name."""
    article = make_article("Ra quân mùa khô")
    for _ in range(2):  # built, then from the kept fragments
        response = client.generic("HEAD", article.get_absolute_url())
        assert response.status_code == 200 and response.content == b""
