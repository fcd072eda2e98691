"""Citizens on a phone: one finds this year's plan of the People's Committee and downloads
its PDF; another comments on a draft open for comment."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_citizen_finds_this_years_plan_of_the_committee_and_downloads_its_pdf(page, live_server):
    call_command("load_demo_documents", stdout=open("/dev/null", "w"))
    year = str(timezone.localdate().year)
    page.goto(f"{live_server.url}/van-ban/")
    page.get_by_label("Loại văn bản").select_option("ke-hoach")
    page.get_by_label("Cơ quan ban hành").select_option("uy-ban-nhan-dan")
    page.get_by_label("Năm ban hành").select_option(year)
    page.get_by_role("button", name="Tìm văn bản").click()
    page.wait_for_url(f"**nam={year}*")
    titles = page.locator(".document-item__title").all_inner_texts()
    assert titles and all(title.startswith("Kế hoạch số ") for title in titles)
    assert all(title.endswith("KH-UBND") for title in titles)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    page.locator(".document-item__title a").first.click()
    page.wait_for_url("**/van-ban/*-kh-ubnd-*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kế hoạch ")
    assert page.get_by_role("cell", name="Ủy ban nhân dân", exact=True).is_visible()
    link = page.get_by_role("link", name="Văn bản ký số")
    link.scroll_into_view_if_needed()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_citizen_comments_on_an_open_draft(page, live_server):
    call_command("load_demo_documents", stdout=open("/dev/null", "w"))
    page.goto(f"{live_server.url}/van-ban/du-thao/")
    page.get_by_role("link", name="mức hỗ trợ học phí").click()
    page.wait_for_url("**/van-ban/du-thao-*/")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill("0919 272 108")
    page.get_by_label("Nội dung góp ý").fill("Đề nghị bổ sung hỗ trợ cho học sinh khuyết tật.")
    page.get_by_label("Hiện tên tôi").check()
    page.get_by_label("Tôi đồng ý").check()
    # A person takes more than the form's minimum time; the clock moves instead of waiting.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        page.get_by_role("button", name="Gửi góp ý").click()
        # The form's address keeps its #gui-gop-y through the redirect.
        page.wait_for_url("**/da-gui-gop-y/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Cảm ơn bạn đã góp ý"
    assert "không bao giờ được công khai" in page.get_by_role("status").inner_text()
    from documents.models import DraftComment

    comment = DraftComment.objects.get()
    assert comment.show_name and comment.state == "pending" and comment.contact == "0919272108"
