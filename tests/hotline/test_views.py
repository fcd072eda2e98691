"""Public side: the directory page, its ?q= filter, the vCards and the sidebar boxes."""

import io
import re

import pytest
from django.core.management import call_command
from django.template import Context, Template

from anphu_portal.models import Unit
from hotline.models import Contact
from tests.factories import ORGANIZATION_LAYOUT_QUERIES, make_contact, make_contact_group
from tests.sitemap_pages import sitemap_paths

pytestmark = pytest.mark.django_db

BOX_TAG = Template("{% load hotline_tags %}{% hotline_boxes %}")


@pytest.fixture
def hotline_groups():
    """The two sidebar groups of the portal, with the published numbers, and one directory."""
    hotline = make_contact_group(
        "Đường dây nóng huyện An Phú", sidebar_title="Thông tin đường dây nóng", position=1
    )
    make_contact(hotline)
    feedback = make_contact_group(
        "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
        kind="feedback",
        position=2,
        sidebar_title="Địa chỉ, số điện thoại tiếp nhận phản ánh kiến nghị về thủ tục hành chính",
    )
    make_contact(
        feedback,
        name="",
        title="",
        organization="Tổ Kiểm tra công vụ tỉnh",
        phones="02963957049,0378247247",
        email="kiemtracongvu@angiang.gov.vn",
    )
    make_contact(
        feedback,
        name="",
        title="",
        organization="Phòng Kiểm soát thủ tục hành chính tỉnh",
        phones="02963957006",
        email="thutuchanhchinh@angiang.gov.vn",
    )
    communes = make_contact_group(
        "Danh bạ Ủy ban nhân dân các xã, thị trấn",
        kind="commune",
        position=3,
        show_in_sidebar=False,
    )
    make_contact(
        communes,
        name="",
        title="",
        organization="Ủy ban nhân dân xã Vĩnh Hội Đông",
        phones="02963000113",
        email="",
    )
    return hotline, feedback, communes


def main_part(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def sidebar_part(response) -> str:
    html = response.content.decode()
    start = html.index('<aside class="page-sidebar"')
    return html[start : html.index("</aside>", start)]


# --- Sidebar boxes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tim-kiem/?q=thu+tuc",
        "/tin-tuc/",
        "/thu-tuc-hanh-chinh/",
        "/khong-co/",
    ],
)
def test_every_public_page_shows_both_sidebar_boxes(client, hotline_groups, url):
    response = client.get(url)
    assert response.status_code == (404 if url == "/khong-co/" else 200)
    sidebar = sidebar_part(response)
    assert "Thông tin đường dây nóng" in sidebar
    assert "Địa chỉ, số điện thoại tiếp nhận phản ánh kiến nghị về thủ tục hành chính" in sidebar
    assert "Ông Huỳnh Hưng Thượng" in sidebar
    assert "Chánh văn phòng HĐND và UBND huyện" in sidebar
    assert '<a href="tel:0919272108">0919.272.108</a>' in sidebar
    assert (
        '<a href="mailto:hhthuong@angiang.gov.vn">hhthuong@<wbr>angiang.<wbr>gov.<wbr>vn</a>'
        in sidebar
    )
    assert '<a href="tel:02963957049">02963.957.049</a>' in sidebar
    assert '<a href="tel:0378247247">0378.247.247</a>' in sidebar
    # Groups not marked for the sidebar stay on the directory page only.
    assert "Vĩnh Hội Đông" not in sidebar


def test_directory_sidebar_does_not_repeat_the_contacts_of_its_main_column(client, hotline_groups):
    response = client.get("/duong-day-nong/")
    sidebar = sidebar_part(response)
    assert "Thông tin đường dây nóng" not in sidebar
    assert "tel:" not in sidebar
    assert "Thống kê truy cập" in sidebar
    assert "hotline-strip" not in response.content.decode()


def test_other_pages_show_the_phone_bar_with_the_first_numbers_and_the_directory(
    client, hotline_groups
):
    html = client.get("/tin-tuc/").content.decode()
    strip = html[html.index('<aside class="hotline-strip"') : html.index('<div class="page')]
    assert "Đường dây nóng" in strip
    assert 'href="tel:0919272108"' in strip
    assert 'href="tel:02963957049"' in strip
    assert 'href="/duong-day-nong/"' in strip


def test_directory_offers_to_save_the_number_in_plain_words_and_breaks_long_addresses(
    client, hotline_groups
):
    main = main_part(client.get("/duong-day-nong/"))
    assert "Lưu số vào điện thoại" in main
    assert "vCard" not in main
    assert "hhthuong@<wbr>angiang.<wbr>gov.<wbr>vn" in main


def test_boxes_follow_the_group_order_and_skip_hidden_contacts(client, hotline_groups):
    hotline, feedback, _ = hotline_groups
    hotline.position, feedback.position = 5, 1
    hotline.save()
    feedback.save()
    Contact.objects.filter(organization="Tổ Kiểm tra công vụ tỉnh").update(active=False)
    sidebar = sidebar_part(client.get("/"))
    assert sidebar.index("tiếp nhận phản ánh kiến nghị") < sidebar.index("đường dây nóng")
    assert "Tổ Kiểm tra công vụ tỉnh" not in sidebar
    assert "Phòng Kiểm soát thủ tục hành chính tỉnh" in sidebar


def test_a_group_without_visible_contacts_has_no_box(client, hotline_groups):
    hotline, _, _ = hotline_groups
    hotline.contacts.update(active=False)
    assert "Thông tin đường dây nóng" not in sidebar_part(client.get("/"))


def test_all_boxes_take_at_most_two_queries_then_none_from_the_cache(
    hotline_groups, django_assert_max_num_queries, django_assert_num_queries
):
    extra = make_contact_group("Số khẩn cấp", kind="emergency", position=4)
    for number in ("113", "114", "115"):
        make_contact(extra, name="", title="", organization=f"Tổng đài {number}", phones=number)
    with django_assert_max_num_queries(2):
        html = BOX_TAG.render(Context())
    assert html.count('class="side-box"') == 3
    assert "Tổng đài 115" in html
    with django_assert_num_queries(0):
        assert BOX_TAG.render(Context()) == html


def test_editing_a_contact_refreshes_the_boxes_and_the_cached_pages(
    client, hotline_groups, django_assert_num_queries
):
    Unit.load()
    assert "0919.272.108" in BOX_TAG.render(Context())
    assert "0919.272.108" in sidebar_part(client.get("/"))
    with django_assert_num_queries(0):  # the page now comes from the page cache
        assert "0919.272.108" in sidebar_part(client.get("/"))
    contact = Contact.objects.get(name="Ông Huỳnh Hưng Thượng")
    contact.phones = "0911222333"
    contact.save()
    assert "0911.222.333" in BOX_TAG.render(Context())
    page = sidebar_part(client.get("/"))
    assert "0911.222.333" in page and "0919.272.108" not in page


def test_deleting_a_contact_or_renaming_a_group_refreshes_the_boxes(
    client, hotline_groups, django_assert_num_queries
):
    hotline, feedback, _ = hotline_groups
    Unit.load()
    client.get("/")
    with django_assert_num_queries(0):  # the page now comes from the page cache
        assert "Tổ Kiểm tra công vụ tỉnh" in sidebar_part(client.get("/"))
    feedback.contacts.get(organization="Tổ Kiểm tra công vụ tỉnh").delete()
    hotline.sidebar_title = "Đường dây nóng của huyện"
    hotline.save()
    sidebar = sidebar_part(client.get("/"))
    assert "Tổ Kiểm tra công vụ tỉnh" not in sidebar
    assert "Đường dây nóng của huyện" in sidebar


def test_no_group_no_box(client, db):
    assert 'class="side-box"' not in sidebar_part(client.get("/"))


# --- Directory page ------------------------------------------------------------------------


def test_directory_lists_every_active_group_with_its_contacts(client, hotline_groups):
    make_contact_group("Nhóm đã ẩn", active=False, show_in_sidebar=False)
    make_contact(hotline_groups[0], name="Ông Đã Nghỉ", active=False)
    response = client.get("/duong-day-nong/")
    assert response.status_code == 200
    main = main_part(response)
    assert main.count("<h1") == 1
    assert "Đường dây nóng huyện An Phú" in main
    assert "Danh bạ Ủy ban nhân dân các xã, thị trấn" in main
    assert "Ủy ban nhân dân xã Vĩnh Hội Đông" in main
    assert '<a class="contact-card__phone" href="tel:02963000113">02963.000.113</a>' in main
    assert "Nhóm đã ẩn" not in main
    assert "Ông Đã Nghỉ" not in main
    assert main.index("Đường dây nóng huyện") < main.index("Danh bạ Ủy ban nhân dân")


def test_directory_filter_without_accents_finds_the_contact(client, hotline_groups):
    response = client.get("/duong-day-nong/", {"q": "kiem tra cong vu"})
    main = main_part(response)
    assert "Tổ Kiểm tra công vụ tỉnh" in main
    assert "Có 1 liên hệ phù hợp với “kiem tra cong vu”." in main
    assert "Ông Huỳnh Hưng Thượng" not in main
    assert "Vĩnh Hội Đông" not in main
    # The query stays in the box.
    assert 'value="kiem tra cong vu"' in main


def test_directory_filter_finds_a_number_typed_with_dots(client, hotline_groups):
    main = main_part(client.get("/duong-day-nong/", {"q": "0378.247.247"}))
    assert "Tổ Kiểm tra công vụ tỉnh" in main
    assert "Phòng Kiểm soát" not in main


def test_directory_filter_without_match_says_so(client, hotline_groups):
    response = client.get("/duong-day-nong/", {"q": "không có ai"})
    assert response.status_code == 200
    main = main_part(response)
    assert "Không tìm thấy liên hệ nào phù hợp với “không có ai”." in main
    assert "contact-card" not in main


@pytest.mark.parametrize("query", ["a" * 5000, "cong\x00vu", "<script>alert(1)</script>"])
def test_odd_queries_do_not_break_the_directory(client, hotline_groups, query):
    response = client.get("/duong-day-nong/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert "\x00" not in main_part(response)


def test_directory_query_budget(client, hotline_groups, django_assert_max_num_queries):
    for index in range(20):
        make_contact(hotline_groups[2], name=f"Cán bộ {index}", phones=f"0919000{index:03d}")
    Unit.load()  # cached for every page once created
    # 2 for the directory (groups, contacts); the layout adds the sidebar boxes (2),
    # the menu categories (1), the visitor statistics box (1) and the organization app's
    # menu pages, banners and links.
    with django_assert_max_num_queries(6 + ORGANIZATION_LAYOUT_QUERIES):
        response = client.get("/duong-day-nong/")
    assert "Cán bộ 19" in response.content.decode()


def test_directory_sends_each_card_once_without_whitespace_between_its_tags(client, hotline_groups):
    """A directory of hundreds of contacts: its bytes are the cards' own, sent once.

    The browser filter reads the cards' text (static/js/hotline.js), no copy of it in an
    attribute; the indentation of the template is not sent.
    """
    for index in range(30):
        make_contact(hotline_groups[2], name=f"Cán bộ {index}", phones=f"0919000{index:03d}")
    main = main_part(client.get("/duong-day-nong/"))
    cards = main[main.index('<nav class="directory-toc"') : main.rindex("</ul></section>")]
    assert cards.count('class="contact-card"') == 34
    assert "data-search" not in cards and "can bo 7" not in cards
    assert re.search(r">\s+<", cards) is None
    assert '<dd><a class="contact-card__phone" href="tel:0919000007">0919.000.007</a></dd>' in cards
    # The text between tags keeps its spaces.
    assert 'Lưu số vào điện thoại<span class="visually-hidden"> – Cán bộ 7</span>' in cards


def test_directory_links_its_own_css_and_js(client, hotline_groups):
    html = client.get("/duong-day-nong/").content.decode()
    assert "/static/css/hotline.css" in html
    assert "/static/js/hotline.js" in html
    assert "style=" not in main_part(client.get("/duong-day-nong/"))


def test_sitemap_lists_the_directory(client, hotline_groups):
    assert "/duong-day-nong/" in sitemap_paths(client)


# --- vCard ---------------------------------------------------------------------------------


def test_vcard_holds_name_title_organization_phones_and_email(client, hotline_groups):
    contact = Contact.objects.get(name="Ông Huỳnh Hưng Thượng")
    contact.phones = "0919272108,02963957006"
    contact.save()
    response = client.get(f"/duong-day-nong/lien-he/{contact.pk}.vcf")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ong-huynh-hung-thuong.vcf"'
    text = response.content.decode("utf-8")
    assert text.split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Huỳnh;Thượng;Hưng;Ông;",
        "FN:Ông Huỳnh Hưng Thượng",
        "TITLE:Chánh văn phòng HĐND và UBND huyện",
        "ORG:Văn phòng HĐND và UBND huyện An Phú",
        "TEL;TYPE=CELL,VOICE:+84919272108",
        "TEL;TYPE=WORK,VOICE:+842963957006",
        "EMAIL;TYPE=INTERNET,WORK:hhthuong@angiang.gov.vn",
        "END:VCARD",
        "",
    ]


def test_vcard_escapes_commas_and_folds_long_lines(client, hotline_groups):
    contact = Contact.objects.get(organization="Tổ Kiểm tra công vụ tỉnh")
    contact.address = (
        "Số 1, đường Tôn Đức Thắng, phường Mỹ Bình, thành phố Long Xuyên, tỉnh An Giang"
    )
    contact.save()
    raw = client.get(contact.get_vcard_url()).content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert "FN:Tổ Kiểm tra công vụ tỉnh\r\n" in unfolded
    assert "N:;;;;\r\n" in unfolded
    assert "ADR;TYPE=WORK:;;Số 1\\, đường Tôn Đức Thắng\\, phường Mỹ Bình\\," in unfolded
    assert "TEL;TYPE=WORK,VOICE:+842963957049\r\n" in unfolded
    assert "TEL;TYPE=CELL,VOICE:+84378247247\r\n" in unfolded


def test_directory_links_each_vcard(client, hotline_groups):
    contact = Contact.objects.get(name="Ông Huỳnh Hưng Thượng")
    assert f'href="/duong-day-nong/lien-he/{contact.pk}.vcf"' in main_part(
        client.get("/duong-day-nong/")
    )


def test_vcard_of_a_hidden_or_missing_contact_is_404(client, hotline_groups):
    contact = Contact.objects.get(name="Ông Huỳnh Hưng Thượng")
    contact.active = False
    contact.save()
    assert client.get(contact.get_vcard_url()).status_code == 404
    assert client.get("/duong-day-nong/lien-he/999999.vcf").status_code == 404


def test_home_page_keeps_its_budget_with_the_boxes_then_none_when_cached(
    client, hotline_groups, django_assert_max_num_queries, django_assert_num_queries
):
    Unit.load()
    with django_assert_max_num_queries(8 + ORGANIZATION_LAYOUT_QUERIES):
        first = client.get("/")
    with django_assert_num_queries(0):
        second = client.get("/")
    assert first.content == second.content


def test_vcard_answers_head_requests(client, hotline_groups):
    contact = Contact.objects.get(name="Ông Huỳnh Hưng Thượng")
    response = client.head(contact.get_vcard_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert client.post(contact.get_vcard_url()).status_code == 405


def test_every_kind_of_page_in_the_sitemap_shows_the_hotline(client):
    """After the demo, each kind of page shows the boxes, the directory its own contacts."""
    call_command("load_demo", "--force", stdout=io.StringIO())
    paths = sitemap_paths(client)
    assert "/duong-day-nong/" in paths
    by_section = {}
    for path in paths:
        by_section.setdefault(path.strip("/").split("/")[0], []).append(path)
    for section_paths in by_section.values():
        for path in section_paths[:2] + section_paths[-1:]:
            response = client.get(path)
            assert response.status_code == 200, path
            if path == "/duong-day-nong/":
                assert "0919.272.108" in main_part(response)
                continue
            sidebar = sidebar_part(response)
            assert "Thông tin đường dây nóng" in sidebar, path
            assert '<a href="tel:0919272108">0919.272.108</a>' in sidebar, path


def test_a_nul_character_in_the_query_is_dropped(client, hotline_groups):
    main = main_part(client.get("/duong-day-nong/", {"q": "cong\x00 vu"}))
    assert "Tổ Kiểm tra công vụ tỉnh" in main
    assert 'value="cong vu"' in main
