"""Sending a question from the public form: tracking code, files, refusals, limits."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from anphu_portal.models import RateLimitCounter
from feedback.models import PendingUpload, Submission
from tests.factories import make_image_file
from tests.feedback.conftest import make_pdf_file, question_data

pytestmark = pytest.mark.django_db

URL = "/hoi-dap/gui-cau-hoi/"


def test_the_form_page_opens_without_javascript_and_is_never_cached(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "chính sách xử lý dữ liệu cá nhân" in page
    assert "no-store" in response["Cache-Control"]


def test_a_question_gets_a_sequential_tracking_code_and_its_files(client, photo):
    first = client.post(URL, question_data(attachments=[photo, make_pdf_file()]))
    second = client.post(URL, question_data(subject="Câu hỏi thứ hai"))

    year = timezone.localdate().year
    assert first.status_code == 200
    assert f"HD-{year}-000001" in first.content.decode()
    assert f"HD-{year}-000002" in second.content.decode()
    item = Submission.objects.get(tracking_code=f"HD-{year}-000001")
    assert item.phone == "0919272108"
    assert item.publish_requested and item.consent
    assert sorted(a.original_name for a in item.attachments.all()) == [
        "anh-hien-truong.jpg",
        "don.pdf",
    ]
    # Stored in the private storage, never under MEDIA_ROOT.
    assert all(not a.file.url.startswith("/media/") for a in item.attachments.all())


def test_an_error_keeps_the_text_and_the_accepted_photo_for_the_next_try(client, photo):
    refused = client.post(URL, question_data(phone="12345", attachments=[photo]))

    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Con tôi sinh ở bệnh viện tỉnh" in page
    assert "anh-hien-truong.jpg" in page  # listed as held
    held = re.search(r'name="held" value="([^"]+)"', page).group(1)

    accepted = client.post(URL, question_data(held=held))
    assert accepted.status_code == 200
    item = Submission.objects.get()
    assert [a.original_name for a in item.attachments.all()] == ["anh-hien-truong.jpg"]
    assert PendingUpload.objects.count() == 0


def test_a_held_file_is_forgotten_after_an_hour(client, photo):
    refused = client.post(URL, question_data(name="", attachments=[photo]))
    held = re.search(r'name="held" value="([^"]+)"', refused.content.decode()).group(1)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        client.post(URL, question_data(held=held))
    assert Submission.objects.get().attachments.count() == 0


def test_a_file_that_is_not_what_its_name_says_is_refused_in_vietnamese(client):
    fake = make_image_file("anh.jpg")
    fake.name = "giay-to.pdf"
    response = client.post(URL, question_data(attachments=[fake]))
    assert response.status_code == 400
    assert "không phải tệp PDF thật" in response.content.decode()
    assert Submission.objects.count() == 0


def test_more_than_three_files_are_refused(client):
    files = [make_image_file(f"anh-{n}.jpg", size=(50, 50)) for n in range(4)]
    response = client.post(URL, question_data(attachments=files))
    assert response.status_code == 400
    assert "tối đa 3 tệp" in response.content.decode()


def test_content_over_5000_characters_is_refused_and_kept(client):
    response = client.post(URL, question_data(content="Nội dung " * 600))
    assert response.status_code == 400
    assert "tối đa 5000 ký tự" in response.content.decode()


def test_without_consent_nothing_is_saved(client):
    data = question_data()
    del data["consent"]
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "đồng ý xử lý dữ liệu cá nhân" in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_form_sent_too_fast_is_refused_and_keeps_the_text(client):
    response = client.post(URL, question_data(form_started=client_token_now()))
    assert response.status_code == 400
    assert "Bạn gửi quá nhanh" in response.content.decode()
    assert "Hỏi về đăng ký khai sinh" in response.content.decode()


def client_token_now():
    from anphu_portal.antispam import started_token

    return started_token()


def test_a_filled_honeypot_is_refused(client):
    response = client.post(URL, question_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_the_fourth_question_of_a_phone_in_a_day_gets_a_friendly_429(client, settings):
    settings.FEEDBACK_LIMIT_PER_PHONE = 3
    for n in range(3):
        assert client.post(URL, question_data(subject=f"Câu {n}")).status_code == 200
    refused = client.post(URL, question_data(subject="Câu thứ tư"))
    page = refused.content.decode()
    assert refused.status_code == 429
    assert "Số điện thoại này đã gửi 3 câu hỏi trong hôm nay" in page
    assert "Câu thứ tư" in page
    assert Submission.objects.count() == 3
    # Another number from the same address is still welcome.
    assert client.post(URL, question_data(phone="0987654321")).status_code == 200


def test_the_address_limit_counts_every_phone(client, settings):
    settings.FEEDBACK_LIMIT_PER_IP = 2
    for phone in ("0987654321", "0912345678"):
        assert client.post(URL, question_data(phone=phone)).status_code == 200
    refused = client.post(URL, question_data(phone="0934567890"))
    assert refused.status_code == 429
    assert "Từ địa chỉ mạng này" in refused.content.decode()
    assert RateLimitCounter.objects.filter(scope="feedback-ip").get().count == 2


def test_a_service_number_is_not_a_citizens_phone(client):
    response = client.post(URL, question_data(phone="113"))
    assert response.status_code == 400
    assert "số điện thoại của ông/bà" in response.content.decode()
