"""Admin of documents for the clerk: adding with files, flags on scans, moderation, confinement."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from anphu_portal.roles import CLERK, EDITOR, HOTLINE_STAFF, INSPECTOR
from documents.models import CommentState, Document, DraftComment
from documents.pdfs import scanned_pdf
from tests.documents.factories import make_document, make_issuer, make_type, pdf_upload
from tests.factories import login_staff, make_staff_user

pytestmark = pytest.mark.django_db

ADD = "/quan-tri/documents/document/add/"


@pytest.fixture
def clerk_client(client):
    login_staff(client, make_staff_user(CLERK, username="vanthu"))
    return client


def document_form(**overrides):
    data = {
        "number": "45/KH-UBND",
        "document_type": make_type("Kế hoạch").pk,
        "issuer": make_issuer().pk,
        "summary": "Kế hoạch tổ chức Ngày hội đại đoàn kết toàn dân tộc",
        "issued_on": "05/11/2026",
        "published": "on",
        "publish_at_0": "05/11/2026",
        "publish_at_1": "08:00:00",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-position": "0",
        "attachments-0-title": "Văn bản ký số",
        "outgoing_relations-TOTAL_FORMS": "0",
        "outgoing_relations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_clerk_adds_a_document_with_its_pdf(clerk_client):
    data = document_form()
    data["attachments-0-file"] = pdf_upload("ke-hoach-45.pdf")
    response = clerk_client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.slug == "45-kh-ubnd-2026"
    assert document.created_by.username == "vanthu"
    assert document.attachments.get().size > 0


def test_a_forged_attachment_is_refused_in_vietnamese_keeping_the_form(clerk_client):
    data = document_form()
    data["attachments-0-file"] = SimpleUploadedFile("gia.pdf", b"PK\x03\x04 zip not pdf")
    response = clerk_client.post(ADD, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "không phải tệp PDF thật" in page
    assert "Ngày hội đại đoàn kết" in page
    assert not Document.objects.exists()


def test_a_scanned_pdf_is_flagged_in_admin(clerk_client):
    document = make_document()
    document.attachments.create(file=SimpleUploadedFile("scan.pdf", scanned_pdf()))
    call_command("extract_document_text", stdout=open("/dev/null", "w"))
    listing = clerk_client.get("/quan-tri/documents/document/?tep=scan").content.decode()
    assert "125/QĐ-UBND" in listing and "Có tệp cần xử lý" in listing
    change = clerk_client.get(
        f"/quan-tri/documents/document/{document.pk}/change/"
    ).content.decode()
    assert "PDF scan, chưa có lớp chữ" in change


def test_admin_search_finds_a_number_however_typed(clerk_client):
    make_document()
    listing = clerk_client.get("/quan-tri/documents/document/", {"q": "125 qd ubnd"})
    assert "125/QĐ-UBND" in listing.content.decode()


def test_clerk_approves_comments_and_downloads_a_private_attachment(clerk_client):
    draft = make_document("Dự thảo", "Dự thảo quy chế", is_draft=True)
    comment = DraftComment.objects.create(
        document=draft,
        name="An",
        contact="0919272108",
        content="Góp ý",
        consent=True,
        attachment=pdf_upload("gop-y.pdf"),
    )
    try:
        response = clerk_client.post(
            "/quan-tri/documents/draftcomment/",
            {"action": "approve", "_selected_action": [comment.pk]},
        )
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.state == CommentState.APPROVED
        download = clerk_client.get(f"/quan-tri/documents/draftcomment/{comment.pk}/tep-kem-theo/")
        assert download.status_code == 200
        assert "no-store" in download["Cache-Control"]
    finally:
        comment.attachment.delete(save=False)


@pytest.mark.parametrize("role", [EDITOR, HOTLINE_STAFF, None])
def test_other_roles_are_refused_the_documents_admin(client, role):
    login_staff(client, make_staff_user(role, username="khac"))
    assert client.get("/quan-tri/documents/document/").status_code == 403
    assert client.get(ADD).status_code == 403


def test_inspector_reads_documents_but_changes_nothing_and_never_sees_comments(client):
    login_staff(client, make_staff_user(INSPECTOR, username="thanhtra"))
    document = make_document()
    assert client.get("/quan-tri/documents/document/").status_code == 200
    assert client.get(ADD).status_code == 403
    response = client.post(f"/quan-tri/documents/document/{document.pk}/change/", document_form())
    assert response.status_code == 403
    assert client.get("/quan-tri/documents/draftcomment/").status_code == 403


def test_clerk_is_refused_outside_documents(clerk_client):
    assert clerk_client.get("/quan-tri/news/article/").status_code == 403
    assert clerk_client.get("/quan-tri/hotline/contact/").status_code == 403
