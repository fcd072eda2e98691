"""A citizen on a 375 px phone sends a question with a photo, then looks it up."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from anphu_portal.models import Unit
from feedback.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo_path(tmp_path):
    from PIL import Image

    path = tmp_path / "o-ga-tren-duong.jpg"
    Image.new("RGB", (1200, 900), (120, 90, 60)).save(path, "JPEG")
    return path


def test_a_phone_user_sends_a_question_with_a_photo_and_tracks_it(page, live_server, photo_path):
    Unit.load()
    page.goto(f"{live_server.url}/hoi-dap/gui-cau-hoi/")
    page.get_by_label("Phản ánh về thủ tục hành chính").check()
    page.get_by_label("Họ và tên").fill("Võ Thị Lan")
    page.get_by_label(re.compile(r"^Số điện thoại")).fill("0919 272 108")
    page.get_by_label("Lĩnh vực").select_option("transport")
    page.get_by_label("Tiêu đề").fill("Ổ gà trên đường ấp 2")
    page.get_by_label("Nội dung").fill("Đoạn đường trước trường tiểu học có nhiều ổ gà.")
    page.get_by_label("Tệp đính kèm (không bắt buộc)").set_input_files(str(photo_path))
    page.get_by_label(re.compile("Tôi đồng ý để cơ quan xử lý")).check()
    # A person takes more than the minimum fill time; the clock moves instead of waiting.
    with time_machine.travel(timezone.now() + timedelta(seconds=40), tick=True):
        page.get_by_role("button", name="Gửi câu hỏi").click()
        page.wait_for_selector(".tracking-code")
    code = page.locator(".tracking-code").inner_text()
    assert re.fullmatch(r"HD-\d{4}-000001", code)
    item = Submission.objects.get(tracking_code=code)
    assert [a.original_name for a in item.attachments.all()] == ["o-ga-tren-duong.jpg"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("link", name="tra cứu kết quả").click()
    page.get_by_label("Mã tra cứu").fill(code)
    page.get_by_label("4 số cuối số điện thoại").fill("2108")
    page.get_by_role("button", name="Tra cứu").click()
    assert page.locator("h1").inner_text() == "Ổ gà trên đường ấp 2"
    assert "Mới tiếp nhận" in page.locator("main").inner_text()
    assert "Võ Thị Lan" not in page.content()
