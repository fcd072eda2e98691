"""The whole life of a question: sent, mailed through a real SMTP sink, answered, tracked, published."""

import pytest
from django.conf import settings
from django.core.management import call_command
from mailer.models import Message

from anphu_portal.roles import FEEDBACK_STAFF
from feedback.models import Status, Submission
from tests.factories import login_staff, make_staff_user
from tests.feedback.conftest import question_data

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}"


def change_data(item, **fields) -> dict:
    """Return the admin change form's fields for an item received on the web."""
    data = {
        "field": item.field,
        "status": item.status,
        "assignee": "",
        "due_date": f"{item.due_date:%d/%m/%Y}",
        "answer": item.answer,
        "forward_to": "",
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-text": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **fields,
    }
    return data


def test_a_question_from_submission_to_published_answer(
    client, smtp_sink, photo, django_capture_on_commit_callbacks
):
    staff = make_staff_user(FEEDBACK_STAFF, username="tiepnhan")
    staff.email = "tiepnhan@angiang.gov.vn"
    staff.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/hoi-dap/gui-cau-hoi/", question_data(attachments=[photo]))
    assert sent.status_code == 200
    item = Submission.objects.get()
    # Queued, not sent during the request: the citizen's receipt and the staff's notice.
    assert Message.objects.count() == 2
    call_command("send_mail", verbosity=0)
    assert Message.objects.count() == 0
    receipts = {tuple(m["to"]): m["data"] for m in smtp_sink.messages}
    assert item.tracking_code in receipts[("hoa@example.com",)]
    notice = receipts[("tiepnhan@angiang.gov.vn",)]
    assert item.tracking_code in notice
    assert "0919272108" not in notice and "Nguyễn Thị Hoa" not in notice

    login_staff(client, staff)
    url = f"{ADMIN}feedback/submission/{item.pk}/change/"
    assert "Nguyễn Thị Hoa" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            url,
            change_data(
                item,
                status=Status.ANSWERED,
                assignee=str(staff.pk),
                answer="<p>Ông/bà đăng ký khai sinh tại xã nơi cư trú.</p><script>x()</script>",
                published="on",
                **{"notes-0-text": "Đã gọi điện xác minh."},
            ),
        )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    item.refresh_from_db()
    assert item.status == Status.ANSWERED and item.answered_at and item.closed_at
    assert "<script>" not in item.answer
    assert item.notes.get().author == staff
    call_command("send_mail", verbosity=0)
    answer_mail = smtp_sink.messages[-1]
    assert answer_mail["to"] == ["hoa@example.com"]
    assert "đăng ký khai sinh tại xã nơi cư trú" in answer_mail["data"]

    client.logout()
    tracked = client.post(
        "/hoi-dap/tra-cuu/", {"code": item.tracking_code.lower(), "phone_end": "2108"}
    )
    assert tracked.status_code == 200
    assert "Đã trả lời" in tracked.content.decode()
    assert "đăng ký khai sinh tại xã nơi cư trú" in tracked.content.decode()

    listed = client.get("/hoi-dap/").content.decode()
    assert "Hỏi về đăng ký khai sinh" in listed
    detail = client.get(item.get_absolute_url()).content.decode()
    for personal in ("Nguyễn Thị Hoa", "0919", "hoa@example.com", "Phú Hữu"):
        assert personal not in listed and personal not in detail


def test_staff_record_a_question_received_by_phone(client):
    staff = make_staff_user(FEEDBACK_STAFF, username="tiepnhan")
    login_staff(client, staff)
    response = client.post(
        f"{ADMIN}feedback/submission/add/",
        {
            "name": "Lê Văn Tư",
            "phone": "0296 3957 006",
            "email": "",
            "address": "",
            "kind": "proposal",
            "channel": "phone",
            "field": "transport",
            "subject": "Đề nghị sửa đường ấp 3",
            "content": "Đường ấp 3 bị sạt lở.",
            "status": "new",
            "due_date": "",
            "answer": "",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Submission.objects.get()
    assert item.channel == "phone" and item.phone == "02963957006"
    assert item.tracking_code.startswith("HD-") and item.due_date is not None


def test_staff_forward_an_item_to_another_unit_of_the_platform(client):
    from anphu_portal.models import Unit
    from tests.feedback.helpers import make_submission

    item = make_submission()
    other = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    staff = make_staff_user(FEEDBACK_STAFF, username="tiepnhan")
    login_staff(client, staff)
    url = f"{ADMIN}feedback/submission/{item.pk}/change/"
    response = client.post(url, change_data(item, forward_to=str(other.pk)))
    assert response.status_code == 302, response.content.decode()[:3000]

    item.refresh_from_db()
    assert item.status == Status.FORWARDED and item.forwarded_to == other
    copy = Submission.objects.get(unit=other)
    assert copy.tracking_code.endswith("000001") and copy.subject == item.subject
    assert copy.phone == item.phone and copy.status == Status.NEW
    # It belongs to the other unit: this unit's admin does not open it.
    assert client.get(f"{ADMIN}feedback/submission/{copy.pk}/change/").status_code == 302
