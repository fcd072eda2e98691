"""Public pages: the list with filters and counts, the detail, files, feed, sitemap, search."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from anphu_portal.models import Unit
from documents.models import Document, DocumentRelation, RelationKind, Status
from tests.documents.factories import attach_pdf, make_document, make_field, pdf_upload
from tests.factories import ORGANIZATION_LAYOUT_QUERIES
from tests.sitemap_pages import NS, section_entries, section_urls, sitemap_paths

pytestmark = pytest.mark.django_db

LIST = "/van-ban/"


def many_documents(count: int, *, start: int = 1) -> None:
    for number in range(start, start + count):
        document = make_document(
            f"{number}/KH-UBND",
            f"Kế hoạch số {number} về chuyển đổi số",
            type_name="Kế hoạch",
            field=make_field("Khoa học – Công nghệ"),
        )
        attach_pdf(document)
        attach_pdf(document, name="phu-luc.pdf")


def test_list_shows_newest_first_twenty_a_page(client):
    for day in range(1, 23):
        make_document(
            f"{day}/QĐ-UBND", f"Quyết định ngày {day}", issued_on=datetime.date(2026, 1, day)
        )
    page = client.get(LIST).content.decode()
    assert page.index("Quyết định số 22/QĐ-UBND") < page.index("Quyết định số 21/QĐ-UBND")
    assert "Quyết định số 2/QĐ-UBND" not in page
    assert "Có 22 văn bản, trang 1/2" in page
    assert "Quyết định số 2/QĐ-UBND" in client.get(LIST + "?page=2").content.decode()


def test_filters_keep_each_other_and_show_counts(client):
    make_document("1/QĐ-UBND", "Một", issued_on=datetime.date(2026, 1, 5))
    make_document("2/KH-UBND", "Hai", type_name="Kế hoạch", issued_on=datetime.date(2026, 2, 5))
    make_document("3/KH-UBND", "Ba", type_name="Kế hoạch", issued_on=datetime.date(2025, 2, 5))
    make_document("4/KH-HĐND", "Bốn", type_name="Kế hoạch", issuer_name="Hội đồng nhân dân")

    page = client.get(LIST, {"loai": "ke-hoach", "nam": "2026"}).content.decode()

    assert "Tìm thấy 2 văn bản" in page
    assert "Kế hoạch số 2/KH-UBND" in page and "Kế hoạch số 3/KH-UBND" not in page
    # Each facet is counted under the other filters: types within 2026, years within plans.
    assert '<option value="quyet-dinh">Quyết định (1)</option>' in page
    assert '<option value="ke-hoach" selected>Kế hoạch (2)</option>' in page
    assert '<option value="2025">2025 (1)</option>' in page
    assert '<option value="2026" selected>2026 (2)</option>' in page
    assert '<option value="hoi-dong-nhan-dan">Hội đồng nhân dân (1)</option>' in page
    assert (
        "loai=ke-hoach"
        in client.get(LIST, {"loai": "ke-hoach", "page": "1"}).request["QUERY_STRING"]
    )


def test_status_filter_counts_and_narrows(client):
    make_document("1/QĐ-UBND", "Còn hiệu lực")
    make_document("2/QĐ-UBND", "Đã hết", expires_on=datetime.date(2026, 6, 1))
    page = client.get(LIST, {"tinh-trang": "het-hieu-luc"}).content.decode()
    assert "Tìm thấy 1 văn bản" in page and "Đã hết" in page
    assert '<option value="con-hieu-luc">Còn hiệu lực (1)</option>' in page


@pytest.fixture
def every_status() -> dict[str, Status]:
    """Documents in every status, each reached its own way; returns number -> status."""
    today = timezone.localdate()
    make_document("1/QĐ-UBND", "Còn hiệu lực")
    make_document("2/QĐ-UBND", "Đã hết", expires_on=today)
    make_document("3/QĐ-UBND", "Chưa có", effective_on=today + datetime.timedelta(days=3))
    make_document("4/QĐ-UBND", "Đặt tay", status_override="het-hieu-luc-mot-phan")
    old = make_document("5/QĐ-UBND", "Bị thay")
    amended = make_document("6/QĐ-UBND", "Được sửa")
    later = make_document("7/QĐ-UBND", "Thay thế, sửa đổi")
    make_document("8/QĐ-UBND", "Sắp hết", expires_on=today + datetime.timedelta(days=30))
    DocumentRelation.objects.create(source=later, kind=RelationKind.REPLACES, target=old)
    DocumentRelation.objects.create(source=later, kind=RelationKind.AMENDS, target=amended)
    return {
        "1/QĐ-UBND": Status.IN_FORCE,
        "2/QĐ-UBND": Status.EXPIRED,
        "3/QĐ-UBND": Status.NOT_YET,
        "4/QĐ-UBND": Status.PARTLY_EXPIRED,
        "5/QĐ-UBND": Status.EXPIRED,
        "6/QĐ-UBND": Status.PARTLY_EXPIRED,
        "7/QĐ-UBND": Status.IN_FORCE,
        "8/QĐ-UBND": Status.IN_FORCE,
    }


def test_status_counts_agree_with_each_documents_status(client, every_status):
    page = client.get(LIST).content.decode()

    assert '<option value="con-hieu-luc">Còn hiệu lực (3)</option>' in page
    assert '<option value="het-hieu-luc">Hết hiệu lực (2)</option>' in page
    assert '<option value="chua-co-hieu-luc">Chưa có hiệu lực (1)</option>' in page
    assert '<option value="het-hieu-luc-mot-phan">Hết hiệu lực một phần (2)</option>' in page
    narrowed = client.get(LIST, {"tinh-trang": "het-hieu-luc-mot-phan"}).content.decode()
    assert "Tìm thấy 2 văn bản" in narrowed


def test_unknown_filter_values_are_ignored_not_an_error(client):
    make_document()
    response = client.get(LIST, {"nam": "abc", "tinh-trang": "<script>", "loai": "khong-co"})
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["125/qd-ubnd", "125 QĐ UBND", "qd 125", "thien tai"])
def test_search_box_finds_the_number_in_any_spelling(client, query):
    make_document()
    make_document("7/KH-UBND", "Về việc tổ chức hội thao", type_name="Kế hoạch")
    page = client.get(LIST, {"q": query}).content.decode()
    assert "Tìm thấy 1 văn bản" in page
    assert "Quyết định số 125/QĐ-UBND" in page


def test_search_finds_a_word_inside_an_attached_pdf_after_extraction(client):
    document = make_document()
    attach_pdf(document, lines=["Phương án di dời các hộ dân vùng sạt lở bờ sông Hậu."])
    assert "Tìm thấy 0 văn bản" in client.get(LIST, {"q": "di doi sat lo"}).content.decode()

    call_command("extract_document_text", stdout=open("/dev/null", "w"))

    page = client.get(LIST, {"q": "di dời sạt lở"}).content.decode()
    assert "Tìm thấy 1 văn bản" in page and "125/QĐ-UBND" in page


def test_list_query_budget_does_not_grow_with_documents(client, django_assert_max_num_queries):
    many_documents(3)
    with django_assert_max_num_queries(13 + ORGANIZATION_LAYOUT_QUERIES) as few:
        client.get(LIST, {"q": "ke hoach", "nam": "2026"})
    many_documents(30, start=10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST, {"q": "ke hoach", "nam": "2026"})


def test_detail_shows_metadata_relations_both_ways_and_files(client):
    old = make_document("10/QĐ-UBND", "Quy chế cũ", issued_on=datetime.date(2025, 1, 2))
    document = make_document(signer="Nguyễn Văn A", signer_title="Chủ tịch")
    later = make_document("300/QĐ-UBND", "Đính chính", issued_on=datetime.date(2026, 4, 1))
    DocumentRelation.objects.create(source=document, kind=RelationKind.REPLACES, target=old)
    DocumentRelation.objects.create(source=later, kind=RelationKind.CORRECTS, target=document)
    attach_pdf(document, name="quyet-dinh-125.pdf")

    page = client.get(document.get_absolute_url()).content.decode()

    assert '<th scope="row">Số, ký hiệu</th><td>125/QĐ-UBND</td>' in page
    assert "Nguyễn Văn A (Chủ tịch)" in page
    assert "02/03/2026" in page
    assert "Thay thế:</span>" in page and old.get_absolute_url() in page
    assert "Được đính chính bởi:</span>" in page and later.get_absolute_url() in page
    assert "(PDF, " in page and "KB)" in page
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Bị thay thế bởi:</span>" in old_page and "Hết hiệu lực" in old_page


def test_detail_query_budget_does_not_grow_with_files_and_relations(
    client, django_assert_max_num_queries
):
    document = make_document()
    attach_pdf(document)
    with django_assert_max_num_queries(12) as few:
        client.get(document.get_absolute_url())
    for number in range(5):
        attach_pdf(document)
        other = make_document(f"{number}/QĐ-UBND", "Khác")
        DocumentRelation.objects.create(source=document, kind=RelationKind.AMENDS, target=other)
        DocumentRelation.objects.create(source=other, kind=RelationKind.GUIDES, target=document)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(document.get_absolute_url())


def test_unpublished_and_other_units_documents_are_not_found(client):
    hidden = make_document(published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    province = Unit.objects.exclude(pk=Unit.load().pk).first()
    foreign = make_document("9/QĐ-UBND", "Của đơn vị khác", unit=province)
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert "Của đơn vị khác" not in client.get(LIST).content.decode()


def test_attachment_downloads_as_pdf(client):
    document = make_document()
    attachment = attach_pdf(document)
    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    other = make_document("2/QĐ-UBND", "Khác")
    wrong = reverse("documents:attachment", args=[other.slug, attachment.pk])
    assert client.get(wrong).status_code == 404


def test_feed_sitemap_and_site_search_list_documents(client):
    document = make_document()
    feed = client.get("/van-ban/rss/").content.decode()
    assert "Quyết định 125/QĐ-UBND" in feed
    assert document.get_absolute_url() in sitemap_paths(client)
    results = client.get("/tim-kiem/", {"q": "125/QĐ-UBND"}).content.decode()
    assert "Văn bản" in results and document.get_absolute_url() in results


def test_the_sitemap_has_one_section_per_year_of_issue(client):
    newest = make_document()
    older = make_document("7/QĐ-UBND", "Kế hoạch cũ", issued_on=datetime.date(2024, 5, 1))
    hidden = make_document(
        "8/QĐ-UBND", "Chưa công bố", issued_on=datetime.date(2024, 6, 1), published=False
    )
    years = [url for url in section_urls(client) if "/sitemap-documents-2" in url]
    assert years == [
        f"http://testserver/sitemap-documents-{year}.xml" for year in (2026, 2025, 2024)
    ]
    listed = [
        entry.findtext("s:loc", namespaces=NS)
        for entry in section_entries(client, "http://testserver/sitemap-documents-2024.xml")
    ]
    assert listed == [f"http://testserver{older.get_absolute_url()}"]
    assert newest.get_absolute_url() in client.get("/sitemap-documents-2026.xml").content.decode()
    assert hidden.get_absolute_url() not in sitemap_paths(client)
    for year in (2023, 2027):
        assert client.get(f"/sitemap-documents-{year}.xml").status_code == 404


def test_forged_pdf_attachment_is_refused_by_the_field():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.models import Attachment

    attachment = Attachment(
        document=make_document(),
        file=SimpleUploadedFile("gia.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    )
    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()
    assert "không phải tệp PDF thật" in str(refused.value)
    assert pdf_upload().read(5) == b"%PDF-"


def test_disclosure_menu_entry_lists_the_documents_of_its_types(client):
    make_document("75/QĐ-UBND", "Công khai dự toán ngân sách", type_name="Dự toán ngân sách")
    from documents.models import DocumentType

    DocumentType.objects.filter(name="Dự toán ngân sách").update(disclosure="ngan-sach")
    make_document("76/QĐ-UBND", "Quyết định khác")
    home = client.get("/").content.decode()
    assert 'href="/van-ban/?cong-khai=ngan-sach">Công khai ngân sách</a>' in home
    page = client.get(LIST, {"cong-khai": "ngan-sach"}).content.decode()
    assert "<h1>Công khai: Công khai ngân sách</h1>" in page
    assert "Công khai dự toán ngân sách" in page and "Quyết định khác" not in page


def listed_rows(page: str) -> dict[str, str]:
    """Return each row of the list by the number it shows."""
    rows = re.findall(r'<li class="document-item">.*?</li>', page, re.S)
    return {re.search(r"số ([^<]+)</span>", row).group(1): row for row in rows}


def test_each_row_links_to_its_document_and_shows_its_details(client):
    document = make_document(field=make_field("Đất đai"), issued_on=datetime.date(2026, 3, 2))
    make_document("7/KH-HĐND", "Kế hoạch", type_name="Kế hoạch", issuer_name="Hội đồng nhân dân")

    rows = listed_rows(client.get(LIST).content.decode())

    row = rows["125/QĐ-UBND"]
    assert f'<a href="{document.get_absolute_url()}">' in row
    assert '<span class="document-item__number">Quyết định số 125/QĐ-UBND</span>' in row
    assert "Về việc ban hành Kế hoạch phòng, chống thiên tai năm 2026" in row
    assert "<span>Ủy ban nhân dân</span>" in row
    assert 'Ban hành: <time datetime="2026-03-02">02/03/2026</time>' in row
    assert "<span>Lĩnh vực: Đất đai</span>" in row
    assert '<span class="status-badge status-badge--con-hieu-luc">Còn hiệu lực</span>' in row
    assert "Lĩnh vực" not in rows["7/KH-HĐND"] and "Hội đồng nhân dân" in rows["7/KH-HĐND"]


def test_each_row_shows_the_status_its_document_has_today(client, every_status):
    rows = listed_rows(client.get(LIST).content.decode())

    shown = {
        number: re.search(r"status-badge--([a-z-]+)", row).group(1) for number, row in rows.items()
    }
    assert shown == every_status
    for document in Document.objects.all():
        assert f">{Status(document.status).label}</span>" in rows[document.number]


def test_a_row_status_is_computed_at_the_time_of_the_request(client, settings):
    # Neither the page nor the counts kept (they do not follow a scheduled publication).
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    published = datetime.datetime(2026, 3, 2, 3, tzinfo=datetime.UTC)
    old = make_document(
        "5/QĐ-UBND", "Bị thay", expires_on=datetime.date(2026, 6, 1), publish_at=published
    )
    new = make_document(
        "200/QĐ-UBND",
        issued_on=datetime.date(2026, 5, 1),
        publish_at=datetime.datetime(2026, 5, 10, 3, tzinfo=datetime.UTC),
    )
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPLACES_PART, target=old)

    def status_shown(moment: datetime.datetime) -> str:
        with time_machine.travel(moment, tick=False):
            row = listed_rows(client.get(LIST).content.decode())["5/QĐ-UBND"]
        return re.search(r"status-badge--([a-z-]+)", row).group(1)

    # Issued on 01/05 but published at 03:00 UTC on 10/05: it acts from that moment.
    assert status_shown(datetime.datetime(2026, 5, 10, 2, 59, tzinfo=datetime.UTC)) == (
        Status.IN_FORCE
    )
    assert status_shown(datetime.datetime(2026, 5, 10, 3, 1, tzinfo=datetime.UTC)) == (
        Status.PARTLY_EXPIRED
    )
    # 00:01 local time on 01/06 (UTC+7) is 17:01 UTC on 31/05.
    assert status_shown(datetime.datetime(2026, 5, 31, 17, 1, tzinfo=datetime.UTC)) == (
        Status.EXPIRED
    )
