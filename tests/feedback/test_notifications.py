"""Mail to staff: approvers get articles waiting for review; the admin home counts overdue items."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from anphu_portal.roles import APPROVER, FEEDBACK_STAFF
from feedback.models import Submission
from news.workflow import submit_for_review
from tests.factories import login_staff, make_article, make_staff_user
from tests.feedback.helpers import make_submission

pytestmark = pytest.mark.django_db


def test_approvers_are_mailed_when_an_article_waits_for_review(
    django_capture_on_commit_callbacks,
):
    approver = make_staff_user(APPROVER, username="duyet")
    approver.email = "duyet@angiang.gov.vn"
    approver.save()
    editor = make_staff_user(None, username="bien-tap")
    article = make_article("Tin chờ duyệt", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_for_review(article=article, user=editor)
    assert [message.to for message in mail.outbox] == [["duyet@angiang.gov.vn"]]
    assert "Tin chờ duyệt" in mail.outbox[0].subject


def test_the_admin_home_counts_overdue_items(client):
    late = make_submission()
    on_time = make_submission(subject="Câu hỏi đúng hạn")
    Submission.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    login_staff(client, make_staff_user(FEEDBACK_STAFF, username="tiep-nhan"))
    home = client.get(f"/{settings.ADMIN_PATH}").content.decode()
    assert "<strong>1</strong> câu hỏi, phản ánh đã quá hạn trả lời" in home
    overdue = client.get(f"/{settings.ADMIN_PATH}feedback/submission/?han=qua-han").content.decode()
    assert late.tracking_code in overdue and on_time.tracking_code not in overdue
    assert "(quá hạn)" in overdue
