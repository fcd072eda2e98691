"""Published questions and answers in the API: filters, pagination, 304s, query budgets."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from feedback.models import Status, SubmissionNote
from tests.api.conftest import SECOND_HOST, get_json
from tests.factories import make_staff_user
from tests.feedback.helpers import make_published, make_submission

pytestmark = pytest.mark.django_db


def subjects(data) -> list[str]:
    return [row["subject"] for row in data["results"]]


def test_a_published_question_shows_only_what_its_page_shows(client):
    item = make_published(name="Nguyễn Thị Riêng", address="Ấp Bí Mật", email="rieng@example.com")
    item.assignee = make_staff_user(username="canboxuly")
    item.save()
    SubmissionNote.objects.create(submission=item, text="Ghi chú nội bộ kín")
    data = get_json(client, f"/api/v1/questions/{item.pk}/")
    assert data["subject"] == "Hỏi về cấp giấy chứng nhận quyền sử dụng đất"
    assert data["question"].startswith("Thửa đất của gia đình tôi")
    assert data["field"] == "land" and data["field_label"] == "Đất đai"
    assert data["answer"] == "<p>Ông/bà đến Ủy ban nhân dân xã để được hướng dẫn.</p>"
    assert data["answered_at"].endswith("+07:00")
    assert data["url"] == f"http://testserver/hoi-dap/{item.pk}/"
    text = client.get(f"/api/v1/questions/{item.pk}/").content.decode()
    for secret in (
        "Nguyễn Thị Riêng",
        "0912345678",
        "rieng@example.com",
        "Ấp Bí Mật",
        item.tracking_code,
        "canboxuly",
        "Ghi chú nội bộ kín",
    ):
        assert secret not in text


def test_unpublished_or_unanswered_questions_have_no_address(client, second_unit):
    unanswered = make_submission(subject="Câu hỏi chưa trả lời")
    answered = make_published(subject="Đã trả lời nhưng chưa công khai")
    answered.published = False
    answered.save()
    reopened = make_published(subject="Công khai rồi mở lại")
    reopened.status = Status.IN_PROGRESS
    reopened.save()
    elsewhere = make_published(unit=second_unit, subject="Câu hỏi của xã")
    assert get_json(client, "/api/v1/questions/")["count"] == 0
    for item in (unanswered, answered, reopened, elsewhere):
        get_json(client, f"/api/v1/questions/{item.pk}/", status=404)
    get_json(client, "/api/v1/questions/abc/", status=404)
    assert subjects(get_json(client, "/api/v1/questions/", host=SECOND_HOST)) == ["Câu hỏi của xã"]


def test_questions_filter_by_field_kind_words_and_dates(client):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 3, tzinfo=datetime.UTC), tick=False):
        make_published(subject="Hỏi về đất", field="land")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 3, tzinfo=datetime.UTC), tick=False):
        make_published(subject="Hỏi về học phí", field="education", kind="proposal")
    assert subjects(get_json(client, "/api/v1/questions/")) == ["Hỏi về học phí", "Hỏi về đất"]
    assert subjects(get_json(client, "/api/v1/questions/?field=land")) == ["Hỏi về đất"]
    assert subjects(get_json(client, "/api/v1/questions/?kind=proposal")) == ["Hỏi về học phí"]
    assert subjects(get_json(client, "/api/v1/questions/?q=HOC+PHI")) == ["Hỏi về học phí"]
    assert subjects(get_json(client, "/api/v1/questions/?answered_before=2026-04-01")) == [
        "Hỏi về đất"
    ]
    assert subjects(get_json(client, "/api/v1/questions/?answered_after=2026-04-01")) == [
        "Hỏi về học phí"
    ]
    get_json(client, "/api/v1/questions/?field=khong-co", status=400)
    get_json(client, "/api/v1/questions/?answered_after=2026-13-45", status=400)


def test_questions_are_paginated_and_answer_304(client):
    for i in range(3):
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=i)):
            make_published(subject=f"Câu hỏi {i}")
    first = get_json(client, "/api/v1/questions/?page_size=2")
    assert first["count"] == 3 and subjects(first) == ["Câu hỏi 2", "Câu hỏi 1"]
    assert subjects(get_json(client, first["next"])) == ["Câu hỏi 0"]
    response = client.get("/api/v1/questions/")
    assert response["Last-Modified"]
    again = client.get("/api/v1/questions/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("count", [3, 40])
def test_the_question_list_keeps_its_query_budget(client, count, django_assert_max_num_queries):
    for i in range(count):
        item = make_published(subject=f"Câu hỏi {i}")
    client.get("/api/v1/units/")
    with django_assert_max_num_queries(2):
        get_json(client, "/api/v1/questions/?page_size=100")
    with django_assert_max_num_queries(1):
        get_json(client, f"/api/v1/questions/{item.pk}/")
