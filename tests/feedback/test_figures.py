"""Figures for editors and the monthly XLSX export, without personal data."""

import datetime
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from anphu_portal.roles import EDITOR, FEEDBACK_STAFF, HOTLINE_STAFF
from feedback.models import Status, Submission
from tests.factories import login_staff, make_staff_user
from tests.feedback.helpers import make_submission

pytestmark = pytest.mark.django_db

FIGURES = f"/{settings.ADMIN_PATH}feedback/submission/thong-ke/"


@pytest.fixture
def items():
    answered = make_submission()
    Submission.objects.filter(pk=answered.pk).update(
        status=Status.ANSWERED, answered_at=answered.created_at + timedelta(days=4)
    )
    late = make_submission(kind="proposal")
    Submission.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    return answered, late


def test_editors_see_counts_median_and_overdue(client, items):
    login_staff(client, make_staff_user(EDITOR, username="bien-tap"))
    page = client.get(FIGURES).content.decode()
    assert "Tổng số: <strong>2</strong>" in page
    assert "Quá hạn: <strong>1</strong>" in page
    assert "4.0 ngày" in page or "4,0 ngày" in page
    assert "Trần Văn Bình" not in page


def test_a_role_outside_news_and_feedback_is_refused(client, items):
    login_staff(client, make_staff_user(HOTLINE_STAFF, username="duong-day-nong"))
    assert client.get(FIGURES).status_code == 403


def test_the_month_export_is_a_workbook_without_contact_data(client, items):
    login_staff(client, make_staff_user(FEEDBACK_STAFF, username="tiep-nhan"))
    month = timezone.localdate().strftime("%Y-%m")
    response = client.get(f"{FIGURES}xlsx/?thang={month}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã tra cứu"
    assert {row[0] for row in rows[1:]} == {item.tracking_code for item in items}
    assert isinstance(rows[1][1], datetime.datetime)
    flat = " ".join(str(value) for row in rows for value in row)
    assert "0912345678" not in flat and "Trần Văn Bình" not in flat
    assert client.get(f"{FIGURES}xlsx/?thang=khong-hop-le").status_code == 200
