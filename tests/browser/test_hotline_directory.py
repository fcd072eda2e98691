"""A citizen on a phone finds the public-service inspection numbers in the directory."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from hotline.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILTER_LABEL = "Lọc theo tên, chức vụ, cơ quan, số điện thoại hoặc thư điện tử"


@pytest.fixture
def demo_directory(db):
    call_command("load_demo_hotline")


def test_typing_cong_vu_narrows_the_directory_at_375_px(page, live_server, demo_directory):
    page.goto(f"{live_server.url}/duong-day-nong/")
    main = page.locator("main")
    all_cards = main.locator(".contact-card").count()
    assert all_cards > 20

    main.get_by_label(FILTER_LABEL).press_sequentially("cong vu")

    visible = main.locator(".contact-card:visible")
    expect(visible).to_have_count(2)
    names = set(visible.locator("h3").all_inner_texts())
    assert names == {"Tổ Kiểm tra công vụ tỉnh", "Tổ Kiểm tra công vụ huyện"}
    # The browser filter agrees with the server's ?q= filter.
    assert names == {c.display_name for c in Contact.objects.active().search("cong vu")}
    expect(main.get_by_role("status")).to_have_text("Có 2 liên hệ phù hợp với “cong vu”.")
    expect(
        main.get_by_role("heading", name="Danh bạ Ủy ban nhân dân các xã, thị trấn")
    ).to_be_hidden()
    assert page.url == f"{live_server.url}/duong-day-nong/"

    province = visible.filter(has_text="Tổ Kiểm tra công vụ tỉnh")
    mobile = province.get_by_role("link", name="0378.247.247")
    expect(mobile).to_be_visible()
    assert mobile.get_attribute("href") == "tel:0378247247"
    assert province.get_by_role("link", name="02963.957.049").get_attribute("href") == (
        "tel:02963957049"
    )
    # Nothing sticks out sideways on a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    main.get_by_label(FILTER_LABEL).fill("")
    expect(main.locator(".contact-card:visible")).to_have_count(all_cards)


def test_filter_works_without_javascript(browser, live_server, demo_directory):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/duong-day-nong/")
    page.get_by_label(FILTER_LABEL).fill("kiem tra cong vu")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/duong-day-nong/?q=kiem+tra+cong+vu")
    cards = page.locator("main .contact-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Kiểm tra công vụ")
    context.close()


def test_long_emails_wrap_inside_a_320_px_screen(browser, live_server, demo_directory):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    for url in ("/", "/duong-day-nong/"):
        page.goto(f"{live_server.url}{url}")
        expect(
            page.get_by_role("link", name="kiemtracongvu.anphu@angiang.gov.vn").first
        ).to_be_attached()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    context.close()


@pytest.mark.parametrize("url", ["/duong-day-nong/", "/duong-day-nong/?q=cong+vu", "/"])
def test_directory_and_boxes_have_no_accessibility_violation(
    page, live_server, demo_directory, url
):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server.url}{url}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


# Each field the card shows, with and without accents, and words from several fields.
PARITY_QUERIES = [
    "Chánh văn phòng",  # title
    "van phong hdnd",  # organization, under a person's name
    "khan cap",  # the group's name only
    "0378247247",  # a number as dialled
    "0378.247",  # as shown
    "hhthuong@",  # e-mail
    "vinh hoi dong tru so",  # address
    "cong an 113",  # two fields
    "không có ai tên này",
]


@pytest.mark.parametrize("query", PARITY_QUERIES)
def test_browser_filter_shows_the_cards_the_server_filter_finds(
    page, live_server, demo_directory, query
):
    served = page.request.get(f"{live_server.url}/duong-day-nong/", params={"q": query}).text()
    expected = set(re.findall(r'<li class="contact-card" id="(lien-he-\d+)"', served))

    page.goto(f"{live_server.url}/duong-day-nong/")
    main = page.locator("main")
    main.get_by_label(FILTER_LABEL).fill(query)
    status = "Có" if expected else "Không tìm thấy"
    expect(main.get_by_role("status")).to_contain_text(status)

    shown = set(main.locator(".contact-card:visible").evaluate_all("cards => cards.map(c => c.id)"))
    assert shown == expected
    if query != PARITY_QUERIES[-1]:
        assert expected
