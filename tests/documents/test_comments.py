"""Comments on drafts: the form's honeypot, limits and consent, moderation, the report."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from anphu_portal.antispam import started_token
from documents.models import CommentState, DraftComment
from tests.documents.factories import make_document, pdf_upload

pytestmark = pytest.mark.django_db

# 10:00 on 20/11/2026 in Hồ Chí Minh City.
NOW = datetime.datetime(2026, 11, 20, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def draft(db):
    return make_document(
        "Dự thảo",
        "Dự thảo Nghị quyết về mức hỗ trợ học phí",
        type_name="Nghị quyết",
        issued_on=datetime.date(2026, 11, 1),
        publish_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        is_draft=True,
        comment_opens_on=datetime.date(2026, 11, 1),
        comment_closes_on=datetime.date(2026, 11, 30),
    )


def form_data(**overrides):
    with time_machine.travel(NOW - datetime.timedelta(minutes=2), tick=False):
        token = started_token()
    data = {
        "name": "Trần Thị Bình",
        "contact": "0919 272 108",
        "content": "Đề nghị tăng mức hỗ trợ cho học sinh vùng biên giới.",
        "consent": "on",
        "website": "",
        "form_started": token,
    }
    data.update(overrides)
    return data


def post(client, draft, **overrides):
    with time_machine.travel(NOW, tick=False):
        return client.post(draft.get_absolute_url(), form_data(**overrides))


def test_comment_is_received_pending_with_a_vietnamese_confirmation(client, draft):
    response = post(client, draft)
    assert response.status_code == 302
    with time_machine.travel(NOW, tick=False):
        page = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã góp ý" in page
    comment = DraftComment.objects.get()
    assert comment.state == CommentState.PENDING and comment.contact == "0919272108"


def test_pending_comment_is_not_public(client, draft):
    post(client, draft)
    with time_machine.travel(NOW, tick=False):
        page = client.get(draft.get_absolute_url()).content.decode()
    assert "học sinh vùng biên giới" not in page


def test_filled_honeypot_is_refused_and_the_text_kept(client, draft):
    response = post(client, draft, website="http://spam.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "phải để trống" in page and "học sinh vùng biên giới" in page
    assert not DraftComment.objects.exists()


def test_comment_without_consent_is_refused(client, draft):
    data = form_data()
    del data["consent"]
    with time_machine.travel(NOW, tick=False):
        response = client.post(draft.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Cần đánh dấu đồng ý" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_limit_per_contact_per_hour(client, draft, settings):
    settings.DOCUMENT_COMMENT_LIMIT_PER_CONTACT_HOUR = 2
    assert post(client, draft).status_code == 302
    assert post(client, draft, contact="0919.272.108").status_code == 302
    refused = post(client, draft)
    assert refused.status_code == 400
    assert "quá nhiều góp ý" in refused.content.decode()
    assert post(client, draft, contact="binh@example.com").status_code == 302
    assert DraftComment.objects.count() == 3


def test_limit_per_address_per_hour(client, draft, settings):
    settings.DOCUMENT_COMMENT_LIMIT_PER_IP_HOUR = 1
    assert post(client, draft).status_code == 302
    assert post(client, draft, contact="khac@example.com").status_code == 400


def test_forged_attachment_is_refused_and_a_real_one_kept_privately(client, draft, settings):
    forged = SimpleUploadedFile(
        "gop-y.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = post(client, draft, attachment=forged)
    assert response.status_code == 400
    assert "không phải tệp PDF thật" in response.content.decode()
    assert post(client, draft, attachment=pdf_upload("gop-y.pdf")).status_code == 302
    stored = DraftComment.objects.get().attachment
    assert stored.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.path.startswith(str(settings.MEDIA_ROOT))
    assert stored.read().startswith(b"%PDF-")


def test_closed_draft_takes_no_comment(client, draft):
    with time_machine.travel(datetime.datetime(2026, 12, 5, 3, tzinfo=datetime.UTC), tick=False):
        response = client.post(draft.get_absolute_url(), form_data())
    assert response.status_code == 302
    assert not DraftComment.objects.exists()


def test_approved_comment_shows_the_name_only_when_opted_in_never_the_contact(client, draft):
    DraftComment.objects.create(
        document=draft,
        name="Lê Văn Công",
        contact="cong@example.com",
        content="Ý kiến một",
        show_name=True,
        consent=True,
        state=CommentState.APPROVED,
    )
    DraftComment.objects.create(
        document=draft,
        name="Phạm Thị Dung",
        contact="0911111111",
        content="Ý kiến hai",
        consent=True,
        state=CommentState.APPROVED,
    )
    with time_machine.travel(NOW, tick=False):
        page = client.get(draft.get_absolute_url()).content.decode()
    assert "Lê Văn Công" in page and "Ý kiến một" in page
    assert "Phạm Thị Dung" not in page and "Người dân" in page and "Ý kiến hai" in page
    assert "cong@example.com" not in page and "0911111111" not in page


def test_drafts_page_lists_open_and_closed_and_the_report_after_the_period(client, draft):
    closed = make_document(
        "Dự thảo 2",
        "Dự thảo Kế hoạch chỉnh trang đô thị",
        type_name="Kế hoạch",
        issued_on=datetime.date(2026, 9, 1),
        publish_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
        is_draft=True,
        comment_opens_on=datetime.date(2026, 9, 1),
        comment_closes_on=datetime.date(2026, 10, 1),
        comment_report=pdf_upload("bao-cao.pdf"),
    )
    with time_machine.travel(NOW, tick=False):
        page = client.get("/van-ban/du-thao/").content.decode()
        closed_page = client.get(closed.get_absolute_url()).content.decode()
        report = client.get(f"/van-ban/{closed.slug}/bao-cao-tong-hop/")
    assert (
        page.index("mức hỗ trợ học phí")
        < page.index("Đã kết thúc lấy ý kiến")
        < page.index("chỉnh trang đô thị")
    )
    assert "Báo cáo tổng hợp ý kiến" in closed_page
    assert report.status_code == 200
    assert "học phí" not in client.get("/van-ban/").content.decode()


def test_open_drafts_page_with_its_form_is_never_cached(client, draft):
    with time_machine.travel(NOW, tick=False):
        response = client.get(draft.get_absolute_url())
    assert "no-store" in response["Cache-Control"]


def test_contact_data_is_erased_a_year_after_the_period_through_the_portal_hook(draft):
    from anphu_portal.registry import portal

    kept = DraftComment.objects.create(
        document=draft, name="Ẩn danh", contact="0919272108", content="Ý kiến", consent=True
    )
    cleanup = portal.personal_data_cleanups["documents"]
    assert cleanup(datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC)) == 0
    assert cleanup(datetime.datetime(2027, 12, 2, tzinfo=datetime.UTC)) == 1
    kept.refresh_from_db()
    assert kept.contact == "(đã xóa)" and kept.name == "(đã xóa)" and kept.content == "Ý kiến"
