"""Fragments kept as HTML by section version: right after every edit, with the page cache off."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from anphu_portal.caching import seconds_to_midnight
from anphu_portal.templatetags.portal_tags import menu_url
from tests.documents.factories import make_document
from tests.factories import (
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_procedure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Every request renders its page: what a fragment shows is what the visitor gets."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600


def current_menu_entries(response) -> list[str]:
    nav = response.content.decode().split('<nav class="main-nav"')[1].split("</nav>")[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def search_box_value(response) -> str:
    return re.search(r'id="header-search"[^>]*value="([^"]*)"', response.content.decode())[1]


def test_the_cached_header_marks_the_menu_entry_of_each_page(client):
    article = make_article("Ra quân mùa khô")
    assert current_menu_entries(client.get("/")) == ["/"]
    assert current_menu_entries(client.get("/tin-tuc/")) == ["/tin-tuc/"]
    assert current_menu_entries(client.get(article.get_absolute_url())) == ["/tin-tuc/"]
    assert current_menu_entries(client.get("/thu-tuc-hanh-chinh/")) == ["/thu-tuc-hanh-chinh/"]
    assert current_menu_entries(client.get("/lich-cong-tac/")) == ["/lich-cong-tac/"]
    assert current_menu_entries(client.get("/tim-kiem/")) == []
    assert current_menu_entries(client.get("/")) == ["/"]


def test_the_search_box_shows_the_query_and_only_on_its_own_request(client):
    assert search_box_value(client.get("/")) == ""
    assert search_box_value(client.get("/tim-kiem/", {"q": "khai sinh"})) == "khai sinh"
    assert search_box_value(client.get("/tim-kiem/", {"q": "kết hôn"})) == "kết hôn"
    assert search_box_value(client.get("/tim-kiem/")) == ""


def test_a_new_category_reaches_the_menu_of_every_page_at_once(client):
    make_article("Ra quân mùa khô")
    client.get("/")
    client.get("/thu-tuc-hanh-chinh/")
    make_category("Chuyển đổi số")
    for page in ("/", "/thu-tuc-hanh-chinh/"):
        assert "Chuyển đổi số" in client.get(page).content.decode()


def test_a_made_up_address_adds_no_header_copy():
    assert menu_url("/") == "/"
    assert menu_url("/tin-tuc/chuyen-muc/tin/") == "/tin-tuc/"
    assert menu_url("/gioi-thieu/lanh-dao/") == "/gioi-thieu/"
    assert menu_url("/khong-co-trang-nay/") == ""
    assert menu_url("/tim-kiem/") == ""


def related_titles(response) -> list[str]:
    section = response.content.decode().split('class="news-related', 1)[1].split("</section>")[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', section)


def farm_news(count: int, *, apart: datetime.timedelta) -> tuple:
    """Return a category and its articles "Tin nông nghiệp 0", "1", ..., published `apart`."""
    category = make_category("Nông nghiệp")
    day = datetime.datetime(2026, 11, 1, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    articles = [
        make_article(f"Tin nông nghiệp {n}", category=category, publish_at=day + apart * n)
        for n in range(count)
    ]
    return category, articles


def test_an_article_lists_the_newest_others_of_its_category_after_each_edit(
    client, django_assert_max_num_queries
):
    category, articles = farm_news(7, apart=datetime.timedelta(days=1))
    day = articles[0].publish_at
    newest = [f"Tin nông nghiệp {n}" for n in (6, 5, 4, 3, 2)]
    assert related_titles(client.get(articles[0].get_absolute_url())) == newest
    with django_assert_max_num_queries(1):  # the article; its category's newest are kept
        page = client.get(articles[6].get_absolute_url())
    assert related_titles(page) == [f"Tin nông nghiệp {n}" for n in (5, 4, 3, 2, 1)]
    make_article(
        "Tin nông nghiệp mới", category=category, publish_at=day + datetime.timedelta(days=9)
    )
    assert related_titles(client.get(articles[0].get_absolute_url()))[0] == "Tin nông nghiệp mới"
    articles[5].delete()
    assert "Tin nông nghiệp 5" not in related_titles(client.get(articles[0].get_absolute_url()))


def listed_titles(response) -> list[str]:
    return re.findall(
        r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_a_list_page_is_kept_per_page_and_follows_each_edit_of_the_news(
    client, django_assert_max_num_queries
):
    category, articles = farm_news(14, apart=datetime.timedelta(hours=1))
    document = make_document()
    url = category.get_absolute_url()
    assert listed_titles(client.get(url)) == [f"Tin nông nghiệp {n}" for n in range(13, 1, -1)]
    assert listed_titles(client.get(url, {"page": 2})) == ["Tin nông nghiệp 1", "Tin nông nghiệp 0"]
    document.summary = "Về việc điều chỉnh kế hoạch"
    document.save()  # an edit of another section
    # The page, rebuilt: its list, the header, the hotline boxes and the organization
    # app's layout are all kept.
    with django_assert_max_num_queries(0):
        page = client.get(url, {"page": 2})
    assert listed_titles(page) == ["Tin nông nghiệp 1", "Tin nông nghiệp 0"]
    assert 'aria-current="page">2<' in page.content.decode()
    assert (
        "utm_source=zalo&amp;page=1"
        in client.get(url, {"page": 2, "utm_source": "zalo"}).content.decode()
    )

    articles[13].delete()
    assert listed_titles(client.get(url, {"page": 2})) == ["Tin nông nghiệp 0"]
    assert client.get(url, {"page": 3}).status_code == 404


def test_an_article_is_read_once_per_version_of_the_news_and_shows_each_edit(
    client, django_assert_max_num_queries
):
    article = make_article("Ra quân mùa khô")
    document = make_document()
    assert "Ra quân mùa khô" in client.get(article.get_absolute_url()).content.decode()
    document.summary = "Về việc điều chỉnh kế hoạch"
    document.save()  # an edit of another section
    # Rebuilt: the article, its related list and the organization app's layout are kept.
    with django_assert_max_num_queries(0):
        assert "Ra quân mùa khô" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Ra quân làm thủy lợi mùa khô"
    article.save()
    assert "Ra quân làm thủy lợi" in client.get(article.get_absolute_url()).content.decode()
    article.status = "draft"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_procedure_is_read_once_per_version_of_the_catalogue_and_shows_each_edit(
    client, django_assert_max_num_queries
):
    procedure = make_procedure()
    article = make_article("Ra quân mùa khô")
    url = procedure.get_absolute_url()
    assert "Đăng ký khai sinh" in client.get(url).content.decode()
    article.title = "Ra quân làm thủy lợi mùa khô"
    article.save()  # an edit of the news, which procedure pages do not show
    # Rebuilt: the procedure, its rows, the unit's office and the organization app's
    # layout are kept; only the header's menu of categories is read again.
    with django_assert_max_num_queries(1):
        assert "Đăng ký khai sinh" in client.get(url).content.decode()
    procedure.name = "Đăng ký khai sinh có yếu tố nước ngoài"
    procedure.save()
    assert "có yếu tố nước ngoài" in client.get(url).content.decode()
    procedure.active = False
    procedure.save()
    assert client.get(url).status_code == 404


def test_the_home_news_is_built_once_then_read(client, django_assert_max_num_queries):
    make_article("Ra quân mùa khô")
    client.get("/")
    # The home page's four news queries and the header's are not made again.
    with django_assert_max_num_queries(4):
        assert "Ra quân mùa khô" in client.get("/").content.decode()


def test_a_published_or_withdrawn_article_changes_the_home_news_at_once(client):
    first = make_article("Ra quân mùa khô")
    assert "Ra quân mùa khô" in client.get("/").content.decode()
    make_article("Khánh thành cầu Khánh An")
    assert "Khánh thành cầu Khánh An" in client.get("/").content.decode()
    first.status = "draft"
    first.save()
    assert "Ra quân mùa khô" not in client.get("/").content.decode()


def test_the_directory_shows_an_edited_number_at_once(client):
    group = make_contact_group("Đường dây nóng")
    contact = make_contact(group, phones="02963957000")
    assert 'href="tel:02963957000"' in client.get("/duong-day-nong/").content.decode()
    contact.phones = "0911222333"
    contact.save()
    page = client.get("/duong-day-nong/").content.decode()
    assert 'href="tel:0911222333"' in page and 'href="tel:02963957000"' not in page


def test_a_filtered_directory_is_built_for_its_own_query(client):
    group = make_contact_group("Đường dây nóng")
    make_contact(group, name="", title="", organization="Công an huyện", phones="02963957000")
    make_contact(group, name="", title="", organization="Trạm y tế", phones="02963957001")
    client.get("/duong-day-nong/")
    page = client.get("/duong-day-nong/", {"q": "cong an"}).content.decode()
    assert "Có 1 liên hệ phù hợp" in page and 'href="tel:02963957001"' not in page
    page = client.get("/duong-day-nong/", {"q": "tram y te"}).content.decode()
    assert "Có 1 liên hệ phù hợp" in page and 'href="tel:02963957000"' not in page
    page = client.get("/duong-day-nong/").content.decode()
    assert 'href="tel:02963957000"' in page and 'href="tel:02963957001"' in page


def test_document_counts_follow_a_new_document_at_once(client):
    make_document("1/QĐ-UBND", "Một")
    assert "Quyết định (1)" in client.get("/van-ban/").content.decode()
    make_document("2/QĐ-UBND", "Hai")
    make_document("3/KH-UBND", "Ba", type_name="Kế hoạch")
    page = client.get("/van-ban/").content.decode()
    assert "Quyết định (2)" in page and "Kế hoạch (1)" in page and "Có 3 văn bản" in page


def test_document_rows_are_kept_per_page_and_follow_edits_and_the_day(
    client, django_assert_max_num_queries
):
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=zone), tick=False):
        make_document("1/QĐ-UBND", "Một", expires_on=datetime.date(2026, 12, 1))
        article = make_article("Ra quân mùa khô")
        assert "status-badge--con-hieu-luc" in client.get("/van-ban/").content.decode()
        article.title = "Ra quân làm thủy lợi mùa khô"
        article.save()  # an edit of the news, which the list does not show
        # Rebuilt: its counts, rows and the organization app's layout are kept; only the
        # header's menu of categories is read again.
        with django_assert_max_num_queries(1):
            assert "Một" in client.get("/van-ban/").content.decode()
        make_document("2/QĐ-UBND", "Hai")
        assert "Hai" in client.get("/van-ban/").content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 0, 0, 5, tzinfo=zone), tick=False):
        # It expires today: the row kept yesterday is not shown today.
        row = client.get("/van-ban/").content.decode().split("1/QĐ-UBND")[1][:600]
        assert "status-badge--het-hieu-luc" in row


def test_the_document_list_is_kept_per_filters_and_page_until_midnight(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # each request rebuilds the page from its fragments
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 23, 59, 30, tzinfo=zone), tick=False):
        make_document(
            "1/QĐ-UBND",
            "Một",
            issued_on=datetime.date(2025, 5, 4),
            expires_on=datetime.date(2026, 12, 1),
        )
        make_document("2/KH-UBND", "Hai", type_name="Kế hoạch")
        page = client.get("/van-ban/").content.decode()
        assert "Có 2 văn bản" in page and "status-badge--con-hieu-luc" in page
        # Each set of filters is its own list.
        page = client.get("/van-ban/", {"nam": "2025"}).content.decode()
        assert "Tìm thấy 1 văn bản" in page and "2/KH-UBND" not in page
        with django_assert_max_num_queries(0):
            page = client.get("/van-ban/").content.decode()
        assert "Có 2 văn bản" in page and "2/KH-UBND" in page
        # A search is built for its own query.
        page = client.get("/van-ban/", {"q": "2/KH"}).content.decode()
        assert "Tìm thấy 1 văn bản" in page and "1/QĐ-UBND" not in page
    with time_machine.travel(datetime.datetime(2026, 12, 1, 0, 0, 5, tzinfo=zone), tick=False):
        # Kept 35 seconds ago, but it expires today: the list kept yesterday ended at midnight.
        row = client.get("/van-ban/").content.decode().split("1/QĐ-UBND")[1][:600]
        assert "status-badge--het-hieu-luc" in row


def test_procedure_counts_follow_the_catalogue_at_once(client):
    make_procedure("1.001193", "Đăng ký khai sinh")
    assert "Có 1 thủ tục" in client.get("/thu-tuc-hanh-chinh/").content.decode()
    make_procedure("1.000894", "Đăng ký kết hôn")
    assert "Có 2 thủ tục" in client.get("/thu-tuc-hanh-chinh/").content.decode()


def test_the_procedure_list_is_kept_per_filters_and_follows_the_catalogue(
    client, django_assert_max_num_queries
):
    make_procedure("1.001193", "Đăng ký khai sinh")
    article = make_article("Ra quân mùa khô")
    page = client.get("/thu-tuc-hanh-chinh/", {"utm_source": "zalo"}).content.decode()
    assert "Đăng ký khai sinh" in page
    article.title = "Ra quân làm thủy lợi mùa khô"
    article.save()  # an edit of the news, which the list does not show
    # Rebuilt: its filters, counts, rows and the organization app's layout are kept; only
    # the header's menu of categories is read again.
    with django_assert_max_num_queries(1):
        page = client.get("/thu-tuc-hanh-chinh/", {"utm_source": "zalo"}).content.decode()
    assert "Đăng ký khai sinh" in page
    make_procedure("1.000894", "Đăng ký kết hôn")
    page = client.get("/thu-tuc-hanh-chinh/", {"utm_source": "zalo"}).content.decode()
    assert "Đăng ký kết hôn" in page and "Đăng ký khai sinh" in page
    # A search is built for its own query, and leaves the kept list as it was.
    assert (
        "Tìm thấy 1 thủ tục"
        in client.get("/thu-tuc-hanh-chinh/", {"q": "ket hon"}).content.decode()
    )
    assert (
        "Có 2 thủ tục"
        in client.get("/thu-tuc-hanh-chinh/", {"utm_source": "zalo"}).content.decode()
    )


def test_with_fragments_off_every_request_builds_them(client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    make_article("Ra quân mùa khô")
    assert "Ra quân mùa khô" in client.get("/").content.decode()
    make_article("Khánh thành cầu Khánh An")
    assert "Khánh thành cầu Khánh An" in client.get("/").content.decode()


def test_a_daily_fragment_ends_at_midnight_in_vietnam():
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    late = datetime.datetime(2026, 12, 2, 23, 59, 30, tzinfo=zone)
    assert seconds_to_midnight(late) == 30
    # 17:00 UTC is midnight in Vietnam: a whole day is left.
    assert seconds_to_midnight(datetime.datetime(2026, 12, 2, 17, tzinfo=datetime.UTC)) == 86400


def test_an_article_head_is_kept_and_follows_an_edit(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # each request rebuilds the page from its fragments
    article = make_article("Ra quân mùa khô", summary="Toàn huyện ra quân nạo vét kênh mương.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'og:description" content="Toàn huyện ra quân nạo vét kênh mương."' in page
    assert (
        '"headline": "Ra quân mùa khô"' in client.get(article.get_absolute_url()).content.decode()
    )
    article.summary = "Nạo vét 120 km kênh mương trước mùa khô."
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'og:description" content="Nạo vét 120 km kênh mương trước mùa khô."' in page
    assert 'twitter:description" content="Nạo vét 120 km kênh mương trước mùa khô."' in page
    assert '"description": "Nạo vét 120 km kênh mương trước mùa khô."' in page


def test_an_article_breadcrumb_is_kept_with_its_head_and_follows_its_category(
    client, django_assert_max_num_queries
):
    article = make_article("Ra quân mùa khô")
    url = article.get_absolute_url()

    def trail() -> str:
        page = client.get(url).content.decode()
        return page.split('<nav class="breadcrumb"', 1)[1].split("</nav>", 1)[0]

    first = trail()
    assert 'href="/">Trang chủ<' in first and 'href="/tin-tuc/">Tin tức<' in first
    assert f'href="{article.category.get_absolute_url()}">{article.category.name}<' in first
    with django_assert_max_num_queries(0):  # the head and the trail read, not rendered
        assert trail() == first
    category = article.category
    category.name = "Nông nghiệp và thủy lợi"
    category.save()
    assert ">Nông nghiệp và thủy lợi<" in trail()
