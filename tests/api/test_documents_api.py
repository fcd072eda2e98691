"""Documents, drafts and the unit's lists in the API: filters, files, comments, budgets."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import DocumentRelation, DraftComment
from documents.pdfs import text_pdf
from tests.api.conftest import SECOND_HOST, get_json
from tests.documents.factories import attach_pdf, make_document, make_field

pytestmark = pytest.mark.django_db

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# 10:00 on 20/11/2026 in Hồ Chí Minh City.
NOW = datetime.datetime(2026, 11, 20, 3, 0, tzinfo=datetime.UTC)
PUBLISHED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def numbers(data) -> list[str]:
    return [row["number"] for row in data["results"]]


def make_draft(number="Dự thảo", summary="Dự thảo Nghị quyết về học phí", **fields):
    values = {
        "type_name": "Nghị quyết",
        "issued_on": datetime.date(2026, 11, 1),
        "publish_at": PUBLISHED,
        "is_draft": True,
        "comment_opens_on": datetime.date(2026, 11, 1),
        "comment_closes_on": datetime.date(2026, 11, 30),
        **fields,
    }
    return make_document(number, summary, **values)


def test_a_document_in_full_with_files_and_relations_both_ways(client):
    old = make_document("10/QĐ-UBND", "Quy chế cũ", issued_on=datetime.date(2025, 1, 5))
    new = make_document(
        "125/QĐ-UBND",
        "Về việc ban hành Quy chế mới",
        field=make_field("Đất đai"),
        signer="Nguyễn Văn A",
        body="Điều 1. Ban hành quy chế.",
    )
    DocumentRelation.objects.create(source=new, kind="thay-the", target=old)
    attach_pdf(new, name="quyet-dinh.pdf")
    data = get_json(client, f"/api/v1/documents/{new.slug}/")
    assert data["number"] == "125/QĐ-UBND" and data["field"]["name"] == "Đất đai"
    assert data["status"] == "con-hieu-luc" and data["body"] == "Điều 1. Ban hành quy chế."
    assert data["url"] == f"http://testserver/van-ban/{new.slug}/"
    [file] = data["attachments"]
    assert file["url"].startswith(f"http://testserver/van-ban/{new.slug}/tep/")
    assert file["content_type"] == "application/pdf" and file["size"] > 100
    assert client.get(file["url"]).status_code == 200
    [acts] = data["acts_on"]
    assert acts["label"] == "Thay thế" and acts["document"]["number"] == "10/QĐ-UBND"
    older = get_json(client, acts["document"]["api_url"])
    assert older["status"] == "het-hieu-luc" and older["status_label"] == "Hết hiệu lực"
    [by] = older["acted_on_by"]
    assert by["label"] == "Bị thay thế bởi" and by["document"]["slug"] == new.slug
    assert older["issued_on"] == "2025-01-05"
    assert data["published_at"].endswith("+07:00")


def test_documents_filter_by_lists_year_status_and_number(client):
    make_document("125/QĐ-UBND", "Kế hoạch phòng chống thiên tai", field=make_field("Đất đai"))
    make_document(
        "45/KH-UBND",
        "Kế hoạch chuyển đổi số",
        type_name="Kế hoạch",
        issuer_name="Văn phòng",
        issued_on=datetime.date(2025, 6, 1),
        expires_on=datetime.date(2025, 12, 31),
    )
    assert numbers(get_json(client, "/api/v1/documents/?type=ke-hoach")) == ["45/KH-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?issuer=van-phong")) == ["45/KH-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?field=dat-dai")) == ["125/QĐ-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?year=2025")) == ["45/KH-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?status=het-hieu-luc")) == ["45/KH-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?q=125")) == ["125/QĐ-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?q=chuyen+doi+so")) == ["45/KH-UBND"]
    assert numbers(get_json(client, "/api/v1/documents/?q=45/KH")) == ["45/KH-UBND"]
    get_json(client, "/api/v1/documents/?status=khong-co", status=400)
    get_json(client, "/api/v1/documents/?year=abc", status=400)


def test_the_lists_name_only_entries_in_use_with_their_filter_link(client):
    make_document(field=make_field("Đất đai"))
    make_field("Lĩnh vực trống")
    fields = get_json(client, "/api/v1/document-fields/")["results"]
    assert [f["name"] for f in fields] == ["Đất đai"]
    assert fields[0]["documents_api_url"].endswith("/api/v1/documents/?field=dat-dai")
    types = get_json(client, "/api/v1/document-types/")["results"]
    assert [t["slug"] for t in types] == ["quyet-dinh"]
    assert get_json(client, "/api/v1/issuers/uy-ban-nhan-dan/")["name"] == "Ủy ban nhân dân"


def test_documents_are_paginated_and_answer_304(client):
    for day in range(1, 4):
        make_document(f"{day}/QĐ-UBND", "Quyết định", issued_on=datetime.date(2026, 3, day))
    first = get_json(client, "/api/v1/documents/?page_size=2")
    assert first["count"] == 3 and numbers(first) == ["3/QĐ-UBND", "2/QĐ-UBND"]
    assert numbers(get_json(client, first["next"])) == ["1/QĐ-UBND"]
    response = client.get("/api/v1/documents/")
    again = client.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_drafts_open_and_closed_with_the_report_and_approved_comments_only(client):
    open_draft = make_draft(summary="Dự thảo Nghị quyết về học phí")
    closed = make_draft(
        "Dự thảo 2",
        "Dự thảo Kế hoạch đã xong",
        comment_opens_on=datetime.date(2026, 10, 1),
        comment_closes_on=datetime.date(2026, 10, 31),
        comment_report=SimpleUploadedFile("bao-cao.pdf", text_pdf(heading="BÁO CÁO", lines=[])),
    )
    common = {"document": open_draft, "content": "Góp ý", "consent": True}
    DraftComment.objects.create(
        name="Trần Thị Bình", contact="0919272108", show_name=True, state="approved", **common
    )
    DraftComment.objects.create(
        name="Lê Văn Ẩn", contact="an@example.com", state="approved", **common
    )
    DraftComment.objects.create(name="Chờ Duyệt", contact="0900000000", **common)
    assert numbers(get_json(client, "/api/v1/drafts/?state=open")) == ["Dự thảo"]
    assert numbers(get_json(client, "/api/v1/drafts/?state=closed")) == ["Dự thảo 2"]
    listed = get_json(client, "/api/v1/drafts/")["results"]
    assert {row["comment_state"] for row in listed} == {"open", "closed"}
    data = get_json(client, f"/api/v1/drafts/{open_draft.slug}/")
    assert data["comment_report"] is None
    assert sorted(c["name"] for c in data["comments"]) == ["Người dân", "Trần Thị Bình"]
    assert set(data["comments"][0]) == {"name", "content", "created_at"}
    text = client.get(f"/api/v1/drafts/{open_draft.slug}/").content.decode()
    for secret in ("0919272108", "an@example.com", "Lê Văn Ẩn", "Chờ Duyệt"):
        assert secret not in text
    report = get_json(client, f"/api/v1/drafts/{closed.slug}/")["comment_report"]
    assert report["content_type"] == "application/pdf" and report["size"] > 100
    assert client.get(report["url"]).status_code == 200
    # A draft is not an issued document, and an issued document is not a draft.
    get_json(client, f"/api/v1/documents/{open_draft.slug}/", status=404)
    get_json(client, "/api/v1/drafts/?state=sap-toi", status=400)


def test_another_units_documents_stay_at_its_host(client, second_unit):
    mine = make_document("1/QĐ-UBND", "Của huyện")
    theirs = make_document("1/QĐ-UBND", "Của xã", unit=second_unit)
    assert numbers(get_json(client, "/api/v1/documents/")) == ["1/QĐ-UBND"]
    get_json(client, f"/api/v1/documents/{theirs.slug}/", host=SECOND_HOST)
    assert get_json(client, "/api/v1/documents/", host=SECOND_HOST)["results"][0]["summary"] == (
        "Của xã"
    )
    assert mine.slug == theirs.slug  # the same address, each on its own host


@pytest.mark.parametrize("count", [3, 40])
def test_the_document_lists_keep_their_query_budget(client, count, django_assert_max_num_queries):
    for i in range(count):
        document = make_document(
            f"{i + 1}/QĐ-UBND", "Quyết định", field=make_field(f"Lĩnh vực {i % 4}")
        )
        attach_pdf(document, name=f"vb-{i}.pdf")
        draft = make_draft(f"Dự thảo {i}")
        DraftComment.objects.create(
            document=draft, name="Người", contact="x@example.com", content="Ý", state="approved"
        )
    DocumentRelation.objects.create(source=document, kind="sua-doi-bo-sung", target=draft)
    client.get("/api/v1/units/")
    with django_assert_max_num_queries(2):
        get_json(client, "/api/v1/documents/?page_size=100&status=con-hieu-luc")
    with django_assert_max_num_queries(2):
        get_json(client, "/api/v1/drafts/?page_size=100")
    for lists in ("document-types", "issuers", "document-fields"):
        with django_assert_max_num_queries(2):
            get_json(client, f"/api/v1/{lists}/?page_size=100")
    with django_assert_max_num_queries(4):  # document, files, relations each way
        get_json(client, f"/api/v1/documents/{document.slug}/")
    with django_assert_max_num_queries(3):  # draft, files, comments
        get_json(client, f"/api/v1/drafts/{draft.slug}/")


def test_a_cached_answer_turns_with_the_status_at_midnight(client, settings):
    """No edit marks the moment a document expires: the cached answer must end at 00:00."""
    settings.PAGE_CACHE_SECONDS = 600
    make_document(expires_on=datetime.date(2026, 12, 1))
    before = datetime.datetime(2026, 11, 30, 23, 55, tzinfo=VIETNAM)
    with time_machine.travel(before, tick=False):
        assert get_json(client, "/api/v1/documents/")["results"][0]["status"] == "con-hieu-luc"
    with time_machine.travel(before + datetime.timedelta(minutes=6), tick=False):
        assert get_json(client, "/api/v1/documents/")["results"][0]["status"] == "het-hieu-luc"
