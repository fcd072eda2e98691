"""A citizen on a phone finds "Đăng ký khai sinh" at cấp xã and downloads its form."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_citizen_searches_filters_opens_and_downloads_the_birth_form(page, live_server):
    call_command("load_demo_procedures")
    page.goto(f"{live_server.url}/thu-tuc-hanh-chinh/")
    page.get_by_label("Tên hoặc mã thủ tục").fill("khai sinh")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.wait_for_url("**/thu-tuc-hanh-chinh/?q=khai+sinh*")
    assert page.get_by_role("link", name="Đăng ký khai sinh có yếu tố nước ngoài").is_visible()

    page.get_by_label("Cấp thực hiện").select_option("xa")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.wait_for_url("**cap=xa*")
    results = page.locator(".procedure-item__title")
    assert "Đăng ký khai sinh có yếu tố nước ngoài" not in results.all_inner_texts()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.wait_for_url("**/thu-tuc-hanh-chinh/1.001193/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"
    assert page.get_by_role("heading", name="Thành phần hồ sơ").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    link = page.get_by_role("link", name="Tải Tờ khai đăng ký khai sinh").first
    link.scroll_into_view_if_needed()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "to-khai-dang-ky-khai-sinh.docx"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"PK\x03\x04"
