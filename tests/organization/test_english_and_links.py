"""The English page (/en/) and the footer's links to other websites."""

import pytest

from anphu_portal.models import Unit
from organization.models import EnglishPage, Link
from tests.factories import make_image_file
from tests.organization.helpers import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_page(db):
    return EnglishPage.objects.create(
        unit=Unit.load(),
        name="An Phu District",
        location="On the Cambodian border, between the Hau and Tien rivers.",
        contacts="Office: 0919 272 108",
    )


def test_the_english_page_is_in_english_with_alternates(client, english_page):
    make_person(title_en="Vice Chairman of the People's Committee")
    make_person("Ông Không Có Tên Tiếng Anh", title_en="")

    html = client.get("/en/").content.decode()

    assert '<html lang="en">' in html
    # The portal's own header and footer stay Vietnamese, and say so.
    assert '<header class="site-header" lang="vi">' in html
    assert '<footer class="site-footer" lang="vi">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/">' in html
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/">' in html
    assert "between the Hau and Tien rivers" in html
    assert "Vice Chairman of the People&#x27;s Committee" in html
    assert "Ông Không Có Tên Tiếng Anh" not in html
    assert "<li>Office: 0919 272 108</li>" in html


def test_the_header_links_to_the_english_page_and_the_home_page_names_it(client, english_page):
    home = client.get("/").content.decode()
    assert '<a class="language-link" href="/en/" hreflang="en" lang="en">English</a>' in home
    assert 'hreflang="en" href="http://testserver/en/"' in home
    assert '<html lang="vi">' in home


def test_a_unit_without_its_english_text_still_has_a_page_from_what_the_portal_knows(client):
    unit = Unit.load()
    make_person(title_en="Chairman of the People's Committee")
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert f"<h1>{unit.unit_name}</h1>" in html
    assert "Chairman of the People&#x27;s Committee" in html
    assert f'href="mailto:{unit.email}"' in html


def test_the_english_page_keeps_its_query_budget(
    client, english_page, django_assert_max_num_queries
):
    for number in range(20):
        make_person(f"Ông Số {number}", title_en="Member")
    client.get("/")
    with django_assert_max_num_queries(3):
        assert client.get("/en/").status_code == 200


def test_the_footer_lists_the_links_with_logos_and_their_alt_text(client, settings):
    unit = Unit.load()
    Link.objects.create(
        unit=unit, name="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn", position=1
    )
    Link.objects.create(
        unit=unit,
        name="Cổng thông tin điện tử Chính phủ",
        url="https://chinhphu.vn",
        logo=make_image_file("chinhphu.png", size=(240, 80), fmt="PNG"),
        logo_alt="Biểu trưng Cổng thông tin điện tử Chính phủ",
        position=2,
    )
    Link.objects.create(unit=unit, name="Trang đã ẩn", url="https://example.com", active=False)

    footer = client.get("/").content.decode().split('<footer class="site-footer" lang="vi">')[1]

    assert '<nav class="footer-links" aria-label="Liên kết website">' in footer
    assert footer.index("Cổng Dịch vụ công quốc gia") < footer.index("Biểu trưng Cổng thông tin")
    assert 'alt="Biểu trưng Cổng thông tin điện tử Chính phủ"' in footer
    assert "Trang đã ẩn" not in footer


def test_a_new_link_reaches_cached_pages(client):
    client.get("/")
    Link.objects.create(unit=Unit.load(), name="Báo An Giang", url="https://baoangiang.com.vn")
    assert "Báo An Giang" in client.get("/").content.decode()
