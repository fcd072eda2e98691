"""Introduction pages: the tree, the menu, sanitizing, the generated pages' introductions."""

import pytest

from anphu_portal.models import Unit
from organization.models import Page
from tests.organization.helpers import make_body, make_page, make_person
from tests.sitemap_pages import sitemap_paths

pytestmark = pytest.mark.django_db


def test_a_page_is_shown_at_its_slug_with_its_children(client):
    overview = make_page("Tổng quan", body="<p>Huyện An Phú ở đầu nguồn sông Cửu Long.</p>")
    make_page("Lịch sử", parent=overview, position=2)
    make_page("Điều kiện tự nhiên", parent=overview, position=1)

    response = client.get("/gioi-thieu/tong-quan/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Huyện An Phú ở đầu nguồn sông Cửu Long." in html
    assert html.index("Điều kiện tự nhiên") < html.index("Lịch sử")


def test_the_menu_lists_the_top_pages_with_their_children_on_every_page(client):
    overview = make_page("Tổng quan", position=1)
    make_page("Lịch sử", parent=overview)
    make_page("Chức năng nhiệm vụ", position=2)
    make_page("Bản nháp", published=False)

    nav = client.get("/").content.decode().split('aria-label="Menu chính"')[1].split("</nav>")[0]

    assert 'href="/gioi-thieu/"' in nav
    assert nav.index("Tổng quan") < nav.index("Lịch sử") < nav.index("Chức năng nhiệm vụ")
    assert "Bản nháp" not in nav
    assert 'href="/lich-cong-tac/"' in nav


def test_a_new_page_reaches_the_menu_of_a_cached_page(client):
    client.get("/")
    make_page("Lịch sử hình thành")
    assert "Lịch sử hình thành" in client.get("/").content.decode()


def test_an_unpublished_page_is_not_found(client):
    make_page("Dự thảo", published=False)
    assert client.get("/gioi-thieu/du-thao/").status_code == 404


def test_the_body_is_sanitized_like_an_article():
    page = make_page(
        body='<p onclick="x()">Chào</p><script>alert(1)</script><a href="javascript:x">y</a>'
    )
    assert page.body.startswith("<p>Chào</p>")
    assert (
        "script" not in page.body and "javascript" not in page.body and "onclick" not in page.body
    )


def test_the_same_slug_may_be_used_by_two_units_but_not_twice_in_one():
    other = Unit.objects.create(unit_name="Xã Khánh An", slug="khanh-an")
    first = make_page("Tổng quan")
    assert make_page("Tổng quan", unit=other).slug == "tong-quan"
    assert make_page("Tổng quan").slug == "tong-quan-2"
    assert first.slug == "tong-quan"


def test_a_page_cannot_be_placed_under_a_child():
    from django.core.exceptions import ValidationError

    parent = make_page("Tổng quan")
    child = make_page("Lịch sử", parent=parent)
    grandchild = Page(unit=parent.unit, title="Sâu hơn", parent=child)
    with pytest.raises(ValidationError):
        grandchild.full_clean()


def test_the_leaders_page_shows_its_editable_introduction_and_the_portfolios(client):
    make_page("Lãnh đạo", slug="lanh-dao", body="<p>Ban lãnh đạo nhiệm kỳ 2021–2026.</p>")
    person = make_person(communes="Khánh An, Khánh Bình")

    html = client.get("/gioi-thieu/lanh-dao/").content.decode()

    assert "Ban lãnh đạo nhiệm kỳ 2021–2026." in html
    assert person.name in html and "Nông nghiệp, tài nguyên và môi trường" in html
    assert 'href="tel:0918123456"' in html and "0918.123.456" in html
    assert "Khánh An, Khánh Bình" in html


def test_a_leader_linked_to_a_hotline_contact_shows_the_contacts_numbers(client):
    from tests.factories import make_contact

    contact = make_contact(phones="0919272108", email="lanhdao@angiang.gov.vn")
    make_person("Ông Huỳnh Hưng Thượng", phones="", contact=contact)

    html = client.get("/gioi-thieu/lanh-dao/").content.decode()

    assert "0919.272.108" in html and "lanhdao@angiang.gov.vn" in html


def test_the_spokesperson_is_listed_with_contact_details(client):
    office = make_body("Văn phòng HĐND và UBND", kind="phong-ban")
    make_person(
        "Bà Trần Thị Phát Ngôn", body=make_body(), is_spokesperson=True, email="pn@angiang.gov.vn"
    )
    make_person("Ông Chánh Văn Phòng", body=office, title="Chánh Văn phòng")

    html = client.get("/gioi-thieu/lanh-dao/").content.decode()

    assert "Người phát ngôn" in html
    assert "pn@angiang.gov.vn" in html
    chart = client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert "Văn phòng HĐND và UBND" in chart and "Chánh Văn phòng: Ông Chánh Văn Phòng" in chart


def test_another_units_leaders_are_not_shown(client):
    other = Unit.objects.create(unit_name="Xã Khánh An", slug="khanh-an")
    make_person("Ông Người Xã Khác", body=make_body(unit=other))
    assert "Ông Người Xã Khác" not in client.get("/gioi-thieu/lanh-dao/").content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_leaders_and_chart_pages_keep_their_query_budget(
    client, rows, django_assert_max_num_queries
):
    body = make_body()
    for number in range(rows):
        make_person(f"Ông Số {number}", body=body)
    client.get("/")  # the unit, menus and boxes of every page are cached from here on
    with django_assert_max_num_queries(4):
        assert client.get("/gioi-thieu/lanh-dao/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/gioi-thieu/co-cau-to-chuc/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/gioi-thieu/").status_code == 200


def test_a_page_keeps_its_query_budget(client, django_assert_max_num_queries):
    overview = make_page("Tổng quan")
    for number in range(10):
        make_page(f"Trang con {number}", parent=overview)
    client.get("/")
    with django_assert_max_num_queries(3):
        assert client.get("/gioi-thieu/tong-quan/").status_code == 200


def test_pages_and_leaders_are_found_by_the_site_search(client):
    make_page("Điều kiện tự nhiên", body="<p>Giáp Vương quốc Campuchia.</p>")
    make_person("Ông Nguyễn Văn Nông")
    html = client.get("/tim-kiem/?q=campuchia").content.decode()
    assert "Điều kiện tự nhiên" in html
    html = client.get("/tim-kiem/?q=nong nghiep").content.decode()
    assert "Nguyễn Văn" in html and "/gioi-thieu/lanh-dao/#ong-nguyen-van-nong" in html


def test_the_sitemap_lists_the_pages_but_not_the_generated_ones_twice(client):
    make_page("Tổng quan")
    make_page("Lãnh đạo", slug="lanh-dao")
    paths = sitemap_paths(client)
    assert "/gioi-thieu/tong-quan/" in paths
    assert paths.count("/gioi-thieu/lanh-dao/") == 1
    assert "/lich-cong-tac/" in paths
