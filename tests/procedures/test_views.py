"""The public catalogue: filters with counts, search, bad parameters, detail, downloads."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from anphu_portal.models import Unit
from procedures.models import (
    Agency,
    Level,
    Procedure,
    RequiredDocument,
    Sector,
    UnitProcedureScope,
)
from tests.factories import (
    ORGANIZATION_LAYOUT_QUERIES,
    make_form_file,
    make_many_procedures,
    make_procedure,
)
from tests.sitemap_pages import sitemap_paths

pytestmark = pytest.mark.django_db

LIST_URL = "/thu-tuc-hanh-chinh/"


def listed_codes(response) -> list[str]:
    return re.findall(r'class="procedure-item__code">Mã: ([^<]+)<', response.content.decode())


def option_counts(response, param: str) -> dict[str, int]:
    html = response.content.decode()
    select = re.search(rf'<select id="filter-{param}".*?</select>', html, re.S).group(0)
    return {
        value: int(count)
        for value, count in re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)', select)
    }


def script_tags(response) -> list[str]:
    return re.findall(r"<script\b[^>]*>", response.content.decode())


OTHER = {"TUKHOA": "", "KETQUATHUCHIEN": [{"TENKETQUA": "Văn bản trả lời"}]}


@pytest.fixture
def catalogue(db):
    """Four procedures over three sectors, three levels, three service levels."""
    make_procedure("1.001193", "Đăng ký khai sinh")
    make_procedure(
        "1.000894",
        "Đăng ký kết hôn",
        **OTHER,
        MUCDO="Một phần",
        CAPTHUCHIEN=[{"TENCAP": "Cấp Xã"}, {"TENCAP": "Cấp Huyện"}],
    )
    make_procedure(
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        KETQUATHUCHIEN=[],
        MUCDO="Không",
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Chứng thực"}],
        CAPTHUCHIEN=[{"TENCAP": "Cấp Huyện"}],
        COQUANTHUCHIEN=[{"TENDONVI": "Phòng Tư pháp huyện An Phú"}],
        TUKHOA="sao y",
    )
    make_procedure(
        "2.000488.000.00.00.H01",
        "Cấp Phiếu lý lịch tư pháp",
        **OTHER,
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Lý lịch tư pháp"}],
        CAPTHUCHIEN=[{"TENCAP": "Cấp Tỉnh"}],
        COQUANTHUCHIEN=[{"TENDONVI": "Sở Tư pháp tỉnh An Giang"}],
    )


def test_list_shows_each_procedure_with_code_sector_level_and_service_level(client, catalogue):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert len(listed_codes(response)) == 4
    row = re.search(r'<li class="procedure-item">.*?Đăng ký kết hôn.*?</li>', html, re.S).group(0)
    assert "Mã: 1.000894" in row
    assert "Lĩnh vực: Hộ tịch" in row
    assert "Cấp huyện, Cấp xã" in row
    assert "service-badge--mot-phan" in row and "Một phần" in row
    assert "Có 4 thủ tục" in html


def test_filters_show_counts_for_each_value(client, catalogue):
    response = client.get(LIST_URL)
    assert option_counts(response, "linh-vuc") == {
        "chung-thuc": 1,
        "ho-tich": 2,
        "ly-lich-tu-phap": 1,
    }
    assert option_counts(response, "cap") == {"tinh": 1, "huyen": 2, "xa": 2}
    assert option_counts(response, "muc-do") == {"toan-trinh": 2, "mot-phan": 1, "khong": 1}
    assert option_counts(response, "co-quan") == {
        "phong-tu-phap-huyen-an-phu": 1,
        "so-tu-phap-tinh-an-giang": 1,
        "uy-ban-nhan-dan-cap-xa": 2,
    }


def test_filters_combine_and_counts_follow_the_other_filters(client, catalogue):
    response = client.get(LIST_URL, {"linh-vuc": "ho-tich", "cap": "huyen"})
    assert listed_codes(response) == ["1.000894"]
    assert "Tìm thấy 1 thủ tục" in response.content.decode()
    # Level counts within Hộ tịch; sector counts among procedures at cấp huyện.
    assert option_counts(response, "cap") == {"huyen": 1, "xa": 2}
    assert option_counts(response, "linh-vuc") == {"chung-thuc": 1, "ho-tich": 1}
    assert 'value="huyen" selected' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"muc-do": "toan-trinh"}, ["2.000488.000.00.00.H01", "1.001193"]),
        ({"muc-do": "khong"}, ["2.000815"]),
        ({"cap": "tinh"}, ["2.000488.000.00.00.H01"]),
        ({"co-quan": "phong-tu-phap-huyen-an-phu"}, ["2.000815"]),
        ({"linh-vuc": "ho-tich", "q": "ket hon"}, ["1.000894"]),
    ],
)
def test_each_filter_narrows_the_list(client, catalogue, params, expected):
    assert listed_codes(client.get(LIST_URL, params)) == expected


def test_a_known_filter_with_no_match_for_the_words_gives_no_result(client, catalogue):
    response = client.get(LIST_URL, {"q": "ket hon", "linh-vuc": "chung-thuc"})
    assert listed_codes(response) == []
    assert option_counts(response, "linh-vuc") == {"chung-thuc": 0, "ho-tich": 1}
    assert 'value="chung-thuc" selected' in response.content.decode()


@pytest.mark.parametrize("query", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "khai  sinh"])
def test_search_ignores_accents_and_case(client, catalogue, query):
    assert listed_codes(client.get(LIST_URL, {"q": query})) == ["1.001193"]


@pytest.mark.parametrize("query", ["1.001193", " 1.001193 ", "2.000488.000.00.00.h01"])
def test_search_by_code_finds_that_procedure(client, catalogue, query):
    assert listed_codes(client.get(LIST_URL, {"q": query})) == [
        Procedure.objects.get(code__iexact=query.strip()).code
    ]


def test_search_finds_keywords_and_reports_no_match_kindly(client, catalogue):
    assert listed_codes(client.get(LIST_URL, {"q": "sao y"})) == ["2.000815"]
    response = client.get(LIST_URL, {"q": "không tồn tại xyz"})
    assert response.status_code == 200
    assert "Không có thủ tục nào phù hợp" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"linh-vuc": "khong-co"},
        {"cap": "thon"},  # not a level of the national list
        {"muc-do": "4"},
        {"co-quan": "<script>"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"q": "\x00" * 5},
        {"q": "x" * 5000},
        {"unknown": "1", "linh-vuc": "'; DROP TABLE procedures_procedure; --"},
    ],
)
def test_unknown_or_malformed_parameters_are_ignored(client, catalogue, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    # Nothing typed in the address becomes markup: the same script tags as the bare page.
    assert script_tags(response) == script_tags(client.get(LIST_URL))
    if set(params) <= {"linh-vuc", "cap", "muc-do", "co-quan", "page", "unknown"}:
        assert len(listed_codes(response)) == 4


def test_list_is_paginated_twenty_per_page_keeping_filters(client):
    make_many_procedures(45)
    first = client.get(LIST_URL, {"cap": "tinh"})  # 15 procedures
    assert len(listed_codes(first)) == 15
    page = client.get(LIST_URL)
    assert len(listed_codes(page)) == 20
    last = client.get(LIST_URL, {"page": "3"})
    assert len(listed_codes(last)) == 5
    assert "trang 3/3" in last.content.decode()
    filtered = client.get(LIST_URL, {"muc-do": "khong", "page": "1"}).content.decode()
    assert "Tìm thấy 15 thủ tục" in filtered


def test_pages_list_each_procedure_once_in_name_order(client):
    make_many_procedures(45)
    pages = [listed_codes(client.get(LIST_URL, {"page": n})) for n in (1, 2, 3)]
    listed = [code for page in pages for code in page]
    expected = (
        Procedure.objects.active().order_by("search_text", "code").values_list("code", flat=True)
    )
    assert listed == list(expected)


# The budgets count the base layout too, as on the first visit after an edit, and the
# query that reads which levels and agencies the unit shows.
@pytest.mark.parametrize("count", [5, 500])
def test_list_query_budget(client, django_assert_max_num_queries, count):
    make_many_procedures(count)
    as_on_a_first_visit()
    with django_assert_max_num_queries(7 + ORGANIZATION_LAYOUT_QUERIES):
        response = client.get(LIST_URL, {"q": "thu tuc", "cap": "xa", "linh-vuc": "linh-vuc-1"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 500])
def test_detail_query_budget(client, django_assert_max_num_queries, count):
    make_many_procedures(count)
    procedure = make_procedure()
    document = procedure.documents.first()
    document.form_file.save("to-khai.docx", make_form_file("docx"))
    as_on_a_first_visit()
    with django_assert_max_num_queries(9 + ORGANIZATION_LAYOUT_QUERIES):
        response = client.get(procedure.get_absolute_url())
    assert response.status_code == 200


def as_on_a_first_visit() -> None:
    """Store the site identity (read in one query), then empty the cache.

    Django asks SQLite once per process whether it has JSON support; a running server
    has asked long before, so the question is not counted here.
    """
    Unit.load()
    assert connection.features.supports_json_field
    cache.clear()


def test_detail_costs_the_same_queries_with_or_without_lists(client):
    full = make_procedure()
    bare = make_procedure(
        "1.000001", "Thủ tục tối giản", COQUANTHUCHIEN=[], CANCUPHAPLY=[], THANHPHANHOSO=[]
    )
    counts = []
    for procedure in (full, bare):
        as_on_a_first_visit()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(procedure.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


SECTIONS = [
    "Mã thủ tục",
    "Số quyết định công bố",
    "Tên thủ tục",
    "Cấp thực hiện",
    "Loại thủ tục",
    "Lĩnh vực",
    "Trình tự thực hiện",
    "Cách thức thực hiện",
    "Thành phần hồ sơ",
    "Đối tượng thực hiện",
    "Cơ quan thực hiện",
    "Cơ quan có thẩm quyền",
    "Địa chỉ tiếp nhận hồ sơ",
    "Cơ quan được ủy quyền",
    "Cơ quan phối hợp",
    "Kết quả thực hiện",
    "Căn cứ pháp lý",
    "Yêu cầu, điều kiện thực hiện",
    "Từ khóa",
    "Mô tả",
]


def test_detail_shows_every_section_in_the_national_order(client):
    procedure = make_procedure()
    html = client.get(procedure.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    positions = [re.search(f"<(h2|dt)>{title}</", main).start() for title in SECTIONS]
    assert positions == sorted(positions)
    assert main.count("<h1") == 1
    for text in [
        "1.001193",
        "1234/QĐ-UBND ngày 15/05/2024",
        "Cấp xã",
        "TTHC được luật giao quy định chi tiết",
        "Bước 1: Nộp tờ khai tại Ủy ban nhân dân cấp xã.",
        "1 Ngày làm việc",
        "8.000 Đồng – Lệ phí",
        "Giấy chứng sinh",
        "Công dân Việt Nam",
        "Ủy ban nhân dân cấp xã",
        "Chủ tịch Ủy ban nhân dân cấp xã",
        "Bộ phận Một cửa xã Phú Hữu",
        "Công chức tư pháp - hộ tịch",
        "Công an xã",
        "Giấy khai sinh bản chính",
        "60/2014/QH13",
        "Luật Hộ tịch",
        "20/11/2014",
        "Đăng ký trong 60 ngày kể từ ngày sinh",
        "giấy khai sinh",
        "Thủ tục mẫu để kiểm thử",
        "Dịch vụ công trực tuyến toàn trình",
    ]:
        assert text in main, text
    assert "Cập nhật lần cuối:" in main
    assert main.count("<table") == 3 and main.count('<th scope="col">') == 12


def test_detail_has_online_button_external_form_link_and_print_stylesheet(client):
    procedure = make_procedure()
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert 'href="https://dichvucong.gov.vn/nop-ho-so"' in html
    assert "Nộp hồ sơ trực tuyến" in html
    assert 'href="https://example.org/mau/to-khai.docx"' in html
    assert 'media="print"' in html and "css/procedures.css" in html
    assert "data-print" in html


def test_detail_without_online_link_has_no_button_and_hides_empty_sections(client):
    make_procedure("1.000001", "Thủ tục tối giản", URLNOPHOSO="", COQUANPHOIHOP=[], TUKHOA="")
    html = client.get("/thu-tuc-hanh-chinh/1.000001/").content.decode()
    assert "Nộp hồ sơ trực tuyến" not in html
    assert ">Cơ quan phối hợp<" not in html and ">Từ khóa<" not in html


def test_inactive_or_unknown_procedure_is_404(client):
    procedure = make_procedure()
    Procedure.objects.filter(pk=procedure.pk).update(active=False)
    assert client.get(procedure.get_absolute_url()).status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/khong-co/").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/%00/").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/1.001193%00/mau-don/1/").status_code == 404
    assert listed_codes(client.get(LIST_URL)) == []


def test_html_in_imported_text_is_shown_escaped(client):
    payload = '<script>alert("x")</script><b>đậm</b>'
    procedure = make_procedure(
        TENTTHC=f"Thủ tục {payload}",
        MOTA=payload,
        TRINHTUTHUCHIEN=[{"TRUONGHOP": payload, "TRINHTU": [{"TENTRINHTU": payload}]}],
        COQUANTHUCHIEN=[{"TENDONVI": payload}],
        CANCUPHAPLY=[{"SOVANBAN": payload, "TENVANBAN": payload}],
    )
    for url in (procedure.get_absolute_url(), LIST_URL):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>đậm</b>" not in html
        assert escape("<script>alert") in html


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ],
)
def test_uploaded_form_downloads_as_attachment_with_a_safe_name(client, kind, content_type):
    procedure = make_procedure()
    document = procedure.documents.get(name="Giấy chứng sinh")
    document.form_name = 'Tờ khai "đặc biệt"/../../etc'
    document.form_file.save(f"tờ khai ../x.{kind}", make_form_file(kind))
    html = client.get(procedure.get_absolute_url()).content.decode()
    url = f"/thu-tuc-hanh-chinh/1.001193/mau-don/{document.pk}/"
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="to-khai-dac-biet-etc.{kind}"'
    )
    assert b"".join(response.streaming_content) == document.form_file.open("rb").read()


def test_form_download_of_a_paper_without_file_or_of_another_procedure_is_404(client):
    first = make_procedure()
    second = make_procedure("1.000894", "Đăng ký kết hôn")
    document = first.documents.get(name="Giấy chứng sinh")
    assert client.get(f"/thu-tuc-hanh-chinh/1.001193/mau-don/{document.pk}/").status_code == 404
    document.form_file.save("mau.pdf", make_form_file("pdf"))
    wrong = f"/thu-tuc-hanh-chinh/{second.code}/mau-don/{document.pk}/"
    assert client.get(wrong).status_code == 404
    RequiredDocument.objects.filter(pk=document.pk).update(form_file="thu-tuc/khong-co.pdf")
    assert client.get(f"/thu-tuc-hanh-chinh/1.001193/mau-don/{document.pk}/").status_code == 404


def test_sitemap_lists_active_procedures(client, catalogue):
    Procedure.objects.filter(code="2.000815").update(active=False)
    paths = sitemap_paths(client)
    assert "/thu-tuc-hanh-chinh/1.001193/" in paths
    assert "/thu-tuc-hanh-chinh/2.000815/" not in paths


def page_from_the_cache(client, url, assert_num_queries) -> str:
    """Return a page after proving that asking again is answered by the page cache."""
    Unit.load()  # creating it mid-request would end the page's cache entry
    page = client.get(url).content.decode()
    with assert_num_queries(0):
        assert client.get(url).content.decode() == page
    return page


def test_an_edit_is_visible_at_once_despite_the_page_cache(
    client, catalogue, django_assert_num_queries
):
    assert "Đăng ký khai sinh" in page_from_the_cache(client, LIST_URL, django_assert_num_queries)
    procedure = Procedure.objects.get(code="1.001193")
    procedure.name = "Đăng ký khai sinh lưu động"
    procedure.save()
    assert "Đăng ký khai sinh lưu động" in client.get(LIST_URL).content.decode()


def test_renaming_a_sector_shows_at_once_despite_the_page_cache(
    client, catalogue, django_assert_num_queries
):
    assert "Lĩnh vực: Chứng thực" in page_from_the_cache(
        client, LIST_URL, django_assert_num_queries
    )
    sector = Sector.objects.get(name="Chứng thực")
    sector.name = "Chứng thực bản sao"
    sector.save()
    assert "Lĩnh vực: Chứng thực bản sao" in client.get(LIST_URL).content.decode()


def test_renaming_an_agency_shows_at_once_despite_the_page_cache(
    client, catalogue, django_assert_num_queries
):
    url = "/thu-tuc-hanh-chinh/2.000815/"
    assert "Phòng Tư pháp huyện An Phú" in page_from_the_cache(
        client, url, django_assert_num_queries
    )
    agency = Agency.objects.get(name="Phòng Tư pháp huyện An Phú")
    agency.name = "Phòng Tư pháp - Hộ tịch huyện An Phú"
    agency.save()
    assert "Phòng Tư pháp - Hộ tịch huyện An Phú" in client.get(url).content.decode()


@pytest.fixture
def shared_procedure(catalogue):
    """A fifth procedure in two sectors, at two levels, with three agencies in source order."""
    return make_procedure(
        "1.000122",
        "Đăng ký thường trú kết hợp khai sinh",
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Hộ tịch"}, {"TENLINHVUC": "Cư trú"}],
        CAPTHUCHIEN=[{"TENCAP": "Cấp Xã"}, {"TENCAP": "Cấp Bộ/Trung ương"}],
        COQUANTHUCHIEN=[
            {"TENDONVI": "Ủy ban nhân dân cấp xã"},
            {"TENDONVI": "Công an xã"},
            {"TENDONVI": "Bộ Công an"},
        ],
    )


def test_a_procedure_in_two_sectors_is_counted_and_found_in_each(client, shared_procedure):
    response = client.get(LIST_URL)
    assert option_counts(response, "linh-vuc") == {
        "chung-thuc": 1,
        "cu-tru": 1,
        "ho-tich": 3,
        "ly-lich-tu-phap": 1,
    }
    assert option_counts(response, "cap") == {"trung-uong": 1, "tinh": 1, "huyen": 2, "xa": 3}
    assert "Có 5 thủ tục" in response.content.decode()
    assert listed_codes(client.get(LIST_URL, {"linh-vuc": "cu-tru"})) == ["1.000122"]
    assert "1.000122" in listed_codes(client.get(LIST_URL, {"linh-vuc": "ho-tich"}))
    assert listed_codes(client.get(LIST_URL, {"cap": "trung-uong"})) == ["1.000122"]


def test_sector_counts_follow_the_level_and_level_counts_follow_the_sector(
    client, shared_procedure
):
    response = client.get(LIST_URL, {"linh-vuc": "cu-tru", "cap": "xa"})
    assert listed_codes(response) == ["1.000122"]
    # Levels counted among the procedures of Cư trú; sectors among those at cấp xã.
    assert option_counts(response, "cap") == {"trung-uong": 1, "xa": 1}
    assert option_counts(response, "linh-vuc") == {"cu-tru": 1, "ho-tich": 3}
    assert option_counts(response, "co-quan") == {
        "bo-cong-an": 1,
        "cong-an-xa": 1,
        "uy-ban-nhan-dan-cap-xa": 1,
    }
    assert option_counts(response, "muc-do") == {"toan-trinh": 1}


def test_filter_options_are_sorted_by_name_without_accents(client, shared_procedure):
    html = client.get(LIST_URL).content.decode()
    select = re.search(r'<select id="filter-co-quan".*?</select>', html, re.S).group(0)
    labels = re.findall(r'<option value="[^"]+"[^>]*>([^(<]+) \(', select)
    # Đ sorts with D, Ủ with U: the folded name, as citizens read the list.
    assert labels == [
        "Bộ Công an",
        "Công an xã",
        "Phòng Tư pháp huyện An Phú",
        "Sở Tư pháp tỉnh An Giang",
        "Ủy ban nhân dân cấp xã",
    ]


def test_old_level_links_keep_working(client, catalogue):
    for value, expected in [("xa", 2), ("huyen", 2), ("tinh", 1)]:
        response = client.get(LIST_URL, {"cap": value})
        assert len(listed_codes(response)) == expected
        assert f'value="{value}" selected' in response.content.decode()


def test_detail_shows_every_sector_the_levels_and_agencies_in_source_order(
    client, shared_procedure
):
    html = client.get(shared_procedure.get_absolute_url()).content.decode()
    facts = html[html.index('<dl class="procedure-facts">') : html.index("</dl>")]
    assert "<dd>Cấp Bộ/Trung ương, Cấp xã</dd>" in facts
    assert '?linh-vuc=cu-tru">Cư trú</a>, <a' in facts and '?linh-vuc=ho-tich">Hộ tịch</a>' in facts
    agencies = re.search(r"<h2>Cơ quan thực hiện</h2>\s*<ul>(.*?)</ul>", html, re.S).group(1)
    assert re.findall(r"<li>([^<]+)</li>", agencies) == [
        "Ủy ban nhân dân cấp xã",
        "Công an xã",
        "Bộ Công an",
    ]


def test_a_procedure_without_level_or_sector_shows_them_as_unknown(client):
    procedure = make_procedure(
        "1.000002", "Thủ tục chưa phân loại", CAPTHUCHIEN=[], LINHVUCTHUCHIEN=[]
    )
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "<dt>Cấp thực hiện</dt><dd>Chưa rõ</dd>" in html
    assert "<dt>Lĩnh vực</dt><dd>Chưa rõ</dd>" in html
    listing = client.get(LIST_URL).content.decode()
    assert "Cấp thực hiện: chưa rõ" in listing
    assert "Không" not in re.search(r'<li class="procedure-item">.*?</li>', listing, re.S).group(0)


def test_each_row_links_to_its_procedure_with_sectors_by_name_and_levels_in_order(
    client, shared_procedure
):
    html = client.get(LIST_URL, {"linh-vuc": "cu-tru"}).content.decode()
    row = re.search(r'<li class="procedure-item">.*?</li>', html, re.S).group(0)
    assert f'<a href="{shared_procedure.get_absolute_url()}">{shared_procedure.name}</a>' in row
    # Sectors by their folded name, levels in the national list's order, as on the detail.
    assert "<span>Lĩnh vực: Cư trú, Hộ tịch</span>" in row
    assert "<span>Cấp Bộ/Trung ương, Cấp xã</span>" in row
    assert '<span class="service-badge service-badge--toan-trinh">Dịch vụ công: Toàn trình' in row


def test_a_new_choice_of_levels_shows_at_once_though_the_choice_is_kept(client, catalogue):
    assert len(listed_codes(client.get(LIST_URL))) == 4
    scope = UnitProcedureScope.objects.create(unit=Unit.load())
    scope.levels.set([Level.objects.get(slug="tinh")])
    assert listed_codes(client.get(LIST_URL)) == ["2.000488.000.00.00.H01"]
    scope.levels.add(Level.objects.get(slug="xa"))
    assert len(listed_codes(client.get(LIST_URL))) == 3
    scope.delete()
    assert len(listed_codes(client.get(LIST_URL))) == 4
