"""Site search /tim-kiem/: folding, every-word matching, grouping, ranking, safety."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from anphu_portal.registry import SearchSection, portal
from anphu_portal.search import SectionSearch, count_sections
from news.models import Article
from tests.factories import (
    ORGANIZATION_LAYOUT_QUERIES,
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_procedure,
)

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    return response


def result_titles(response) -> list[str]:
    return [r["url"] for r in response.context["results"]]


def test_query_without_accents_finds_accented_article(client):
    article = make_article("Đẩy mạnh cải cách hành chính năm 2026")
    response = search(client, "cai cach hanh chinh")
    assert article.get_absolute_url() in result_titles(response)


def test_capital_đ_is_folded_in_the_query(client):
    article = make_article("Đường giao thông nông thôn xã Đa Phước")
    assert article.get_absolute_url() in result_titles(search(client, "ĐƯỜNG ĐA PHƯỚC"))
    assert article.get_absolute_url() in result_titles(search(client, "duong da phuoc"))


def test_every_word_must_match(client):
    make_article("Hội nghị cải cách hành chính")
    make_article("Hội nghị quốc phòng an ninh")
    response = search(client, "hoi nghi cai cach")
    assert response.context["tabs"][0]["count"] == 1


def test_results_are_grouped_by_type_with_counts(client):
    make_article("Hướng dẫn đăng ký khai sinh trực tuyến")
    make_procedure("1.001193", "Đăng ký khai sinh")
    make_contact(make_contact_group("Bộ phận một cửa"), name="Cán bộ hộ tịch", note="khai sinh")
    response = search(client, "khai sinh")
    counts = {tab["label"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {
        "Tất cả": 3,
        "Tin tức": 1,
        "Thủ tục hành chính": 1,
        "Văn bản": 0,
        "Danh bạ": 1,
        "Giới thiệu": 0,
        "Lãnh đạo": 0,
        "Hỏi đáp": 0,
    }
    page = response.content.decode()
    assert "Tìm thấy 3 kết quả" in page
    tabs = re.findall(r'<a href="\?q=khai%20sinh&amp;loai=([a-z-]+)"[^>]*>([^<]+)<span', page)
    assert tabs == [
        ("tat-ca", "Tất cả "),
        ("tin-tuc", "Tin tức "),
        ("thu-tuc", "Thủ tục hành chính "),
        ("van-ban", "Văn bản "),
        ("danh-ba", "Danh bạ "),
        ("gioi-thieu", "Giới thiệu "),
        ("lanh-dao", "Lãnh đạo "),
        ("hoi-dap", "Hỏi đáp "),
    ]
    assert page.count('<span class="search-tabs__count">(1)</span>') == 3


def test_an_empty_tab_shows_zero_and_the_all_tab_opens(client):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh")
    page = search(client, "khai sinh").content.decode()
    assert 'Tin tức <span class="search-tabs__count">(0)</span>' in page
    assert '<a href="?q=khai%20sinh&amp;loai=tat-ca" aria-current="page">Tất cả' in page
    assert f'href="{procedure.get_absolute_url()}"' in page


def test_tab_shows_the_results_of_its_type(client):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh")
    make_article("Tin về khai sinh")
    response = search(client, "khai sinh", loai="thu-tuc")
    assert result_titles(response) == [procedure.get_absolute_url()]


def test_title_matches_rank_above_body_matches_then_newer_first(client):
    now = timezone.now()
    body_only = make_article(
        "Tin tức trong tuần", summary="Bài có nhắc đến lúa đông xuân.", publish_at=now
    )
    old_title = make_article("Lúa đông xuân năm trước", publish_at=now - timedelta(days=30))
    new_title = make_article("Lúa đông xuân được mùa", publish_at=now - timedelta(days=1))
    urls = result_titles(search(client, "lua dong xuan"))
    assert urls == [
        new_title.get_absolute_url(),
        old_title.get_absolute_url(),
        body_only.get_absolute_url(),
    ]


def test_only_published_articles_and_active_items_are_found(client):
    make_article("Dự thảo kế hoạch phòng lũ", status="draft")
    make_article("Kế hoạch phòng lũ hẹn giờ", publish_at=timezone.now() + timedelta(days=1))
    retired = make_procedure("1.000001", "Thủ tục phòng lũ cũ")
    retired.active = False
    retired.save()
    group = make_contact_group("Ban chỉ huy phòng lũ")
    make_contact(group, name="Người đã nghỉ", note="phòng lũ", active=False)
    response = search(client, "phong lu")
    assert response.context["total"] == 0
    assert "Tìm thấy 0 kết quả" in response.content.decode()


def test_matched_words_are_highlighted_and_html_is_escaped(client):
    make_article('Lễ hội <b>"Vía Bà"</b> ở An Phú')
    page = search(client, "via ba").content.decode()
    assert "<mark>Vía</mark> <mark>Bà</mark>" in page
    assert "&lt;b&gt;" in page
    assert "<b>" not in page.split("<main", 1)[1]


def test_results_are_paginated_ten_per_page(client):
    category = make_category()
    for number in range(23):
        make_article(f"Tin mùa nước nổi số {number}", category=category)
    first = search(client, "mua nuoc noi")
    assert len(first.context["results"]) == 10
    third = search(client, "mua nuoc noi", page="3")
    assert len(third.context["results"]) == 3
    assert search(client, "mua nuoc noi", page="abc").context["page_obj"].number == 1
    assert search(client, "mua nuoc noi", page="999").context["page_obj"].number == 3


def test_empty_query_shows_a_guide_with_links(client):
    page = search(client, "").content.decode()
    assert "Hướng dẫn tìm kiếm" in page
    assert 'href="/thu-tuc-hanh-chinh/"' in page
    assert 'href="/duong-day-nong/"' in page


@pytest.mark.parametrize(
    "query",
    [
        "'",
        '"',
        "%",
        "_",
        "\\",
        "100%_\\'",
        "🙂 khai sinh",
        "khai\x00sinh",
        "' OR 1=1; DROP TABLE news_article; --",
        "   ",
        "a" * 5000,
    ],
)
def test_odd_queries_are_plain_text_never_an_error(client, query):
    make_article("Tin bình thường")
    response = search(client, query)
    assert len(response.context["query"]) <= 200
    assert "\x00" not in response.content.decode()


def test_percent_and_underscore_match_literally(client):
    make_article("Giảm 50% lệ phí")
    make_article("Giảm 5000 đồng")
    assert search(client, "50%").context["total"] == 1
    assert search(client, "_").context["total"] == 0


@pytest.mark.parametrize("tab", ["tat-ca", "tin-tuc", "thu-tuc", "danh-ba"])
def test_search_page_query_budget_on_every_tab(client, django_assert_max_num_queries, tab):
    group = make_contact_group("Bộ phận một cửa")
    for number in range(15):
        make_article(f"Tin khai sinh {number}")
        make_procedure(f"1.00{number:04d}", f"Khai sinh trường hợp {number}")
        make_contact(group, name=f"Cán bộ khai sinh {number}", phones=f"029639570{number:02d}")
    # One count per section for the tabs, the shown page's LIMITed queries, and the layout
    # (sidebar, menu, footer), whose organization part is read once per content version.
    budget = 9 + len(portal.search_sections) + ORGANIZATION_LAYOUT_QUERIES
    with django_assert_max_num_queries(budget):
        response = search(client, "khai sinh", loai=tab)
    assert response.context["current"].key == tab
    assert len(response.context["results"]) == 10


def test_header_search_box_submits_to_the_site_search(client):
    page = client.get("/").content.decode()
    assert 'action="/tim-kiem/"' in page
    assert 'name="q"' in page


def test_counts_stop_at_the_limit_and_say_so(client, settings):
    category = make_category()
    for number in range(12):
        make_article(f"Tin lũ số {number}", category=category)
    settings.SEARCH_MAX_COUNTED = 10  # 1,000 in production
    response = search(client, "tin lu")
    page = response.content.decode()
    assert "Tìm thấy hơn 10 kết quả" in page
    assert "(hơn 10)" in page
    assert response.context["page_obj"].paginator.num_pages == 1


def test_all_tab_shows_the_procedures_before_articles_that_only_share_the_words(client):
    make_article("Tuyên dương học sinh giỏi", summary="Triển khai kế hoạch năm học.")
    make_article("Hướng dẫn đăng ký khai sinh cho trẻ")
    birth = make_procedure("1.001193", "Đăng ký khai sinh")
    foreign = make_procedure("1.001695", "Đăng ký khai sinh có yếu tố nước ngoài")
    response = search(client, "khai sinh")
    assert response.context["current"].key == "tat-ca"
    urls = result_titles(response)
    # Tier "phrase in the title": procedures first on a tie, then news; the article that
    # only holds both words somewhere comes last.
    assert urls[:2] == [birth.get_absolute_url(), foreign.get_absolute_url()]
    assert "/huong-dan-dang-ky-khai-sinh-cho-tre/" in urls[2]
    assert "/tuyen-duong-hoc-sinh-gioi/" in urls[3]
    page = response.content.decode()
    assert '<span class="search-result__kind">Thủ tục hành chính</span> – Mã 1.001193' in page


def test_title_starting_with_the_query_ranks_above_the_phrase_inside_a_title(client):
    inside = make_procedure("1.000002", "Cấp bản sao trích lục hộ tịch")
    starting = make_procedure("1.000001", "Hộ tịch: thay đổi thông tin")
    assert result_titles(search(client, "ho tich", loai="thu-tuc"))[:2] == [
        starting.get_absolute_url(),
        inside.get_absolute_url(),
    ]


def test_category_name_finds_its_articles(client):
    category = make_category("Cải cách hành chính")
    article = make_article("Bộ phận một cửa tiếp nhận hồ sơ", category=category)
    assert article.get_absolute_url() in result_titles(search(client, "cai cach hanh chinh"))


def test_renamed_category_is_found_by_its_new_name(client):
    category = make_category("Tin cũ")
    article = make_article("Bộ phận một cửa tiếp nhận hồ sơ", category=category)
    category.name = "Chuyển đổi số"
    category.save()
    assert article.get_absolute_url() in result_titles(search(client, "chuyen doi so"))


def test_agency_and_sector_names_find_their_procedures(client):
    procedure = make_procedure(
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp",
        COQUANTHUCHIEN=[{"TENDONVI": "Sở Tư pháp tỉnh An Giang"}],
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Lý lịch tư pháp"}],
    )
    assert procedure.get_absolute_url() in result_titles(search(client, "so tu phap an giang"))


def test_article_paragraphs_stay_separate_words_in_the_search_text(client):
    article = make_article("Tin mẫu", body="<p>Người dân địa phương.</p><p>Theo ban tổ chức</p>")
    article.refresh_from_db()
    assert "dia phuong. theo ban to chuc" in article.search_text


def test_small_sections_are_counted_in_one_query_and_one_that_cannot_match_counts_zero(
    django_assert_num_queries,
):
    make_article("Khai sinh cho trẻ em")
    make_article("Đăng ký khai sinh")
    make_article("Khai tử")

    def section(key: str, queryset) -> SearchSection:
        return SearchSection(
            key=key,
            label=key,
            position=1,
            queryset=lambda request: queryset,
            order=("-publish_at",),
            describe=lambda item, query: {},
        )

    searches = [
        SectionSearch(section("all", Article.objects.all()), None, "khai sinh"),
        SectionSearch(section("none", Article.objects.none()), None, "khai sinh"),
        SectionSearch(section("one", Article.objects.filter(title="Khai tử")), None, "khai"),
    ]
    with django_assert_num_queries(1):
        assert count_sections(searches) == [2, 0, 1]


def test_a_query_asked_again_is_answered_from_the_kept_results(
    client, settings, django_assert_num_queries
):
    """Every visitor's "khai sinh" finds the same: the page is rebuilt without searching."""
    settings.PAGE_CACHE_SECONDS = 0  # each request rebuilds the page, as after an edit
    for number in range(12):
        make_article(f"Tin khai sinh số {number}")
    make_procedure("1.001193", "Đăng ký khai sinh")
    first = search(client, "khai sinh")
    with django_assert_num_queries(0):
        again = search(client, "khai sinh")
    assert again.content == first.content
    assert result_titles(search(client, "khai sinh", page=2)) != result_titles(first)
    assert search(client, "khai sinh", loai="thu-tuc").context["tabs"][2]["current"]
    # An edit shows at once: the results are kept per version of the unit's sections.
    article = make_article("Khai sinh lưu động tại xã Phú Hữu")
    assert article.get_absolute_url() in result_titles(search(client, "khai sinh"))
    assert search(client, "khai sinh").context["tabs"][0]["count"] == 14
