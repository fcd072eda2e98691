"""Factories of the documents tests: lists, documents, real PDF files."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from anphu_portal.models import Unit
from documents.models import Attachment, Document, DocumentType, Field, Issuer
from documents.pdfs import text_pdf


def make_type(name="Quyết định", unit=None, **fields):
    unit = unit or Unit.load()
    return DocumentType.objects.get_or_create(unit=unit, name=name, defaults=fields)[0]


def make_issuer(name="Ủy ban nhân dân", unit=None):
    unit = unit or Unit.load()
    return Issuer.objects.get_or_create(unit=unit, name=name)[0]


def make_field(name="Đất đai", unit=None):
    unit = unit or Unit.load()
    return Field.objects.get_or_create(unit=unit, name=name)[0]


def make_document(
    number="125/QĐ-UBND",
    summary="Về việc ban hành Kế hoạch phòng, chống thiên tai năm 2026",
    *,
    unit=None,
    type_name="Quyết định",
    issuer_name="Ủy ban nhân dân",
    issued_on=datetime.date(2026, 3, 2),
    **fields,
):
    unit = unit or Unit.load()
    return Document.objects.create(
        unit=unit,
        number=number,
        summary=summary,
        document_type=make_type(type_name, unit),
        issuer=make_issuer(issuer_name, unit),
        issued_on=issued_on,
        **fields,
    )


def pdf_upload(name="van-ban.pdf", *, heading="QUYẾT ĐỊNH", lines=("Nội dung văn bản.",)):
    return SimpleUploadedFile(
        name, text_pdf(heading=heading, lines=list(lines)), content_type="application/pdf"
    )


def attach_pdf(document, **kwargs) -> Attachment:
    return Attachment.objects.create(document=document, file=pdf_upload(**kwargs))
