"""Plain functions that make feedback rows for the tests."""

from django.utils import timezone

from anphu_portal.models import Unit
from feedback.models import Status, Submission
from feedback.workflow import create_submission


def make_submission(unit=None, **fields) -> Submission:
    """Create an item as the public form would, with its tracking code and due date."""
    data = {
        "kind": "question",
        "name": "Trần Văn Bình",
        "phone": "0912345678",
        "email": "binh@example.com",
        "address": "Ấp Vĩnh Thạnh",
        "field": "land",
        "subject": "Hỏi về cấp giấy chứng nhận quyền sử dụng đất",
        "content": "Thửa đất của gia đình tôi chưa được cấp giấy, cần làm thủ tục gì?",
        "consent": True,
        "publish_requested": True,
    }
    data.update({k: v for k, v in fields.items() if k in data})
    submission = create_submission(unit=unit or Unit.load(), data=data)
    rest = {k: v for k, v in fields.items() if k not in data}
    if rest:
        Submission.objects.filter(pk=submission.pk).update(**rest)
        submission.refresh_from_db()
    return submission


def make_published(unit=None, **fields) -> Submission:
    """Create an answered item staff chose to publish."""
    submission = make_submission(unit, **fields)
    submission.status = Status.ANSWERED
    submission.answer = "<p>Ông/bà đến Ủy ban nhân dân xã để được hướng dẫn.</p>"
    submission.answered_at = timezone.now()
    submission.published = True
    submission.save()
    return submission
