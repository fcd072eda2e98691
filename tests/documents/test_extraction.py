"""Text extraction from attached PDFs: limits, scans and old encodings flagged."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from documents.extraction import extract_pdf_text, looks_legacy_encoded
from documents.models import Document, TextState
from documents.pdfs import scanned_pdf, text_pdf
from tests.documents.factories import attach_pdf, make_document

pytestmark = pytest.mark.django_db

# "Quyết định về việc ban hành kế hoạch" typed in TCVN3 and shown as Latin-1.
TCVN3 = "QuyÕt ®Þnh vÒ viÖc ban hµnh kÕ ho¹ch phßng chèng thiªn tai cña huyÖn"


def extract(**kwargs):
    call_command("extract_document_text", stdout=open("/dev/null", "w"), **kwargs)


def test_legacy_encoded_text_is_flagged_and_kept_out_of_search():
    document = make_document()
    attach_pdf(document, lines=[TCVN3])
    extract()
    attachment = document.attachments.get()
    assert attachment.text_state == TextState.LEGACY
    assert "hµnh" not in Document.objects.get(pk=document.pk).search_text


def test_unicode_vietnamese_is_not_taken_for_an_old_encoding():
    assert looks_legacy_encoded(TCVN3)
    assert not looks_legacy_encoded("Quyết định về việc ban hành kế hoạch phòng chống thiên tai")


def test_scanned_pdf_is_flagged():
    document = make_document()
    document.attachments.create(file=SimpleUploadedFile("scan.pdf", scanned_pdf()))
    extract()
    assert document.attachments.get().text_state == TextState.SCANNED


def test_page_limit_stops_reading():
    pdf = text_pdf(heading="Trang đầu", lines=[f"Đoạn số {n} " * 40 for n in range(60)])
    everything = extract_pdf_text(io.BytesIO(pdf), max_pages=100, max_seconds=30)
    first_page = extract_pdf_text(io.BytesIO(pdf), max_pages=1, max_seconds=30)
    assert "Đoạn số 59" in everything.text and "Đoạn số 59" not in first_page.text


def test_extraction_runs_once_and_a_new_run_leaves_done_files():
    document = make_document()
    attach_pdf(document, lines=["Nạo vét kênh mương nội đồng"])
    extract()
    checked = document.attachments.get().text_checked_at
    extract()
    assert document.attachments.get().text_checked_at == checked
    assert Document.objects.search("nao vet kenh muong").get() == document
